package io.k2.floe.tiering.warm.figures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The answers of ClickHouse 18.16's {@code SELECT sipHash64(s)}, asked on the local stack, pinned. */
class SipHash64Test {

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
            "\"\";2202906307356721367",
            "hello;10142490492830962361",
            "abcdefgh;16599038366039810451",
            "abcdefghi;5991824118181275020",
            "12:BTCUSDT|150000000|-0.25|NULL;7369807464927246750",
            "héllo wörld 0123456789;14382226814293705678"})
    void agreesWithClickHouse(String text, String clickHouse) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(Long.toUnsignedString(SipHash64.hash(bytes, bytes.length))).isEqualTo(clickHouse);
    }

    @Test
    void readsOnlyTheGivenLength() {
        byte[] padded = "hello-and-more".getBytes(StandardCharsets.UTF_8);
        assertThat(Long.toUnsignedString(SipHash64.hash(padded, 5))).isEqualTo("10142490492830962361");
    }
}
