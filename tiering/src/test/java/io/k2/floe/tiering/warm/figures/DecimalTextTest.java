package io.k2.floe.tiering.warm.figures;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Decimals written as ClickHouse prints them: 18.16's full scale (checked against the local stack by
 * ChecksumAgreementIT) and later releases' trimmed form.
 */
class DecimalTextTest {

    @Test
    void theProbeAnswerTellsTheStyle() {
        assertThat(DecimalText.fromProbe("1.500\n")).isEqualTo(DecimalText.FULL_SCALE);
        assertThat(DecimalText.fromProbe("1.5\n")).isEqualTo(DecimalText.TRIMMED);
        assertThatThrownBy(() -> DecimalText.fromProbe("1,5")).hasMessageContaining("'1,5'");
    }

    @Test
    void fullScaleKeepsEveryFractionDigit() {
        assertThat(DecimalText.FULL_SCALE.format(new BigDecimal("1.5"), 8)).isEqualTo("1.50000000");
        assertThat(DecimalText.FULL_SCALE.format(new BigDecimal("-0.25"), 3)).isEqualTo("-0.250");
        assertThat(DecimalText.FULL_SCALE.format(BigDecimal.ZERO, 2)).isEqualTo("0.00");
        assertThat(DecimalText.FULL_SCALE.format(new BigDecimal("100"), 0)).isEqualTo("100");
    }

    @Test
    void trimmedDropsTrailingFractionZerosButNotIntegerZeros() {
        assertThat(DecimalText.TRIMMED.format(new BigDecimal("1.50000000"), 8)).isEqualTo("1.5");
        assertThat(DecimalText.TRIMMED.format(new BigDecimal("100.000"), 3)).isEqualTo("100");
        assertThat(DecimalText.TRIMMED.format(new BigDecimal("0.000"), 3)).isEqualTo("0");
        assertThat(DecimalText.TRIMMED.format(new BigDecimal("-0.250"), 3)).isEqualTo("-0.25");
    }
}
