package io.k2.floe.tiering.warm.figures;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Numbers are written into the row text as Java (and ClickHouse) print them, with the buffer growing as needed. */
class RowBytesTest {

    @ParameterizedTest
    @ValueSource(longs = {0, 7, -7, 10, 99, 100, -100, 1_795_132_800_000_000L, Long.MAX_VALUE, Long.MIN_VALUE,
            Long.MIN_VALUE + 1})
    void decimalsAreWrittenLikeLongToString(long value) {
        RowBytes bytes = new RowBytes();
        bytes.appendAscii("x");
        for (int i = 0; i < 40; i++) {
            bytes.appendDecimal(value);
            bytes.append((byte) '|');
        }
        assertThat(bytes.toString()).isEqualTo("x" + (value + "|").repeat(40));
    }
}
