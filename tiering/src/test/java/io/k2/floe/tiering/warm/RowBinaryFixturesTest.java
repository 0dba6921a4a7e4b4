package io.k2.floe.tiering.warm;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static io.k2.floe.tiering.warm.RecordingSink.NULL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decoding RowBinary bytes written by a current ClickHouse engine (26.7, via chdb) for types 18.16
 * cannot produce. The fixtures and the exact queries: src/test/resources/rowbinary/make-fixtures.mjs.
 */
class RowBinaryFixturesTest {

    private static List<List<Object>> decode(String fixture, String... types) throws IOException {
        List<WarmColumn> columns = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            columns.add(ColdTypeMapping.column("fixture", "c" + i, types[i], null));
        }
        RecordingSink sink = new RecordingSink(types.length);
        try (InputStream in = RowBinaryFixturesTest.class.getResourceAsStream("/rowbinary/" + fixture)) {
            assertThat(in).as(fixture).isNotNull();
            new RowBinaryDecoder(columns).decode(in, sink);
        }
        return sink.rows;
    }

    @Test
    void dateTime64Milliseconds() throws IOException {
        assertThat(decode("datetime64_3.bin", "DateTime64(3, 'UTC')")).containsExactly(
                List.of(Instant.parse("1969-12-31T23:59:59.999Z")),
                List.of(Instant.EPOCH),
                List.of(Instant.parse("2025-04-01T12:34:56.789Z")),
                List.of(Instant.parse("1969-12-30T23:59:59.999Z")));
    }

    @Test
    void dateTime64Microseconds() throws IOException {
        assertThat(decode("datetime64_6.bin", "DateTime64(6, 'UTC')")).containsExactly(
                List.of(Instant.parse("1969-12-31T23:59:59.999999Z")),
                List.of(Instant.EPOCH),
                List.of(Instant.parse("2025-04-01T12:34:56.789123Z")));
    }

    @Test
    void dateTime64NanosecondsAreTruncatedTowardsNegativeInfinity() throws IOException {
        assertThat(decode("datetime64_9.bin", "DateTime64(9, 'UTC')")).containsExactly(
                List.of(Instant.parse("1969-12-31T23:59:59.999999Z")),   // -1 ns
                List.of(Instant.parse("1969-12-31T23:59:59.999998Z")),   // -1001 ns
                List.of(Instant.EPOCH),                                  // 0
                List.of(Instant.EPOCH),                                  // 999 ns
                List.of(Instant.parse("2025-04-01T12:34:56.789123Z")));  // ...123456 ns
    }

    @Test
    void bools() throws IOException {
        assertThat(decode("bool.bin", "Bool", "Nullable(Bool)")).containsExactly(
                Arrays.asList(true, NULL), List.of(false, true), List.of(true, false));
    }

    @Test
    void decimal128EdgeValues() throws IOException {
        BigDecimal max = new BigDecimal("99999999999999999999999999999999999999");
        assertThat(decode("decimal128.bin", "Decimal(38, 0)", "Decimal(38, 16)", "Decimal128(2)")).containsExactly(
                List.of(max, new BigDecimal("1234567890123456789012.3456789012345678"), new BigDecimal("-0.01")),
                List.of(max.negate(), new BigDecimal("-0.0000000000000001"), new BigDecimal("92233720368547758.07")),
                List.of(BigDecimal.ZERO, new BigDecimal("-1.0000000000000000"), new BigDecimal("-92233720368547758.09")));
    }

    @Test
    void uuidLowCardinalityNullableEnum16FixedStringDateDateTime() throws IOException {
        List<List<Object>> rows = decode("mixed.bin", "UUID", "LowCardinality(Nullable(String))",
                "Enum16('it\\'s' = -300, 'b' = 1000)", "FixedString(3)", "Date", "DateTime('UTC')");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get(0)).isEqualTo(UUID.fromString("01234567-89ab-cdef-0011-223344556677"));
        assertThat(rows.get(0).get(1)).isEqualTo("Zürich");
        assertThat(rows.get(0).get(2)).isEqualTo("it's");
        assertThat((byte[]) rows.get(0).get(3)).containsExactly('a', 'b', 0);
        assertThat(rows.get(0).get(4)).isEqualTo(LocalDate.of(2025, 4, 1));
        assertThat(rows.get(0).get(5)).isEqualTo(Instant.parse("2025-04-01T12:34:56Z"));
        assertThat(rows.get(1).get(0)).isEqualTo(new UUID(-1L, -1L));
        assertThat(rows.get(1).get(1)).isSameAs(NULL);
        assertThat(rows.get(1).get(2)).isEqualTo("b");
        assertThat((byte[]) rows.get(1).get(3)).containsExactly('x', 'y', 'z');
        assertThat(rows.get(1).get(4)).isEqualTo(LocalDate.EPOCH);
        assertThat(rows.get(1).get(5)).isEqualTo(Instant.EPOCH);
    }
}
