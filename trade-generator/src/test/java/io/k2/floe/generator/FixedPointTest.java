package io.k2.floe.generator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FixedPointTest {

    @Test
    void binanceStyleKeepsEightDecimals() {
        assertThat(FixedPoint.toText(9_712_345_000_000L, false)).isEqualTo("97123.45000000");
        assertThat(FixedPoint.toText(1, false)).isEqualTo("0.00000001");
        assertThat(FixedPoint.toText(100_000_000L, false)).isEqualTo("1.00000000");
    }

    @Test
    void krakenStyleDropsTrailingZeros() {
        assertThat(FixedPoint.toText(9_712_340_000_000L, true)).isEqualTo("97123.4");
        assertThat(FixedPoint.toText(38_998_350L, true)).isEqualTo("0.3899835");
        assertThat(FixedPoint.toText(1, true)).isEqualTo("0.00000001");
        assertThat(FixedPoint.toText(500_000_000L, true)).isEqualTo("5");
    }
}
