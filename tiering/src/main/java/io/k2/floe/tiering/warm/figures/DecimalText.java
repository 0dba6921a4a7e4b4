package io.k2.floe.tiering.warm.figures;

import java.math.BigDecimal;

/**
 * How the ClickHouse server at hand prints a Decimal with {@code toString}: 18.16 writes the full scale
 * ({@code 1.50000000}), later releases trim trailing fraction zeros ({@code 1.5}). The canonical text of a decimal is
 * whatever this server prints, so that its SQL side stays a plain {@code toString} (a regex per value would double the
 * warm query's time); the cold side writes the same form. Learned once per audit with {@link #PROBE}.
 */
public enum DecimalText {
    FULL_SCALE, TRIMMED;

    /** Answers {@code 1.500} (full scale) or {@code 1.5} (trimmed). */
    public static final String PROBE = "SELECT toString(toDecimal64('1.5', 3)) FORMAT TabSeparated";

    /** The style a {@link #PROBE} answer shows. */
    public static DecimalText fromProbe(String answer) {
        return switch (answer.trim()) {
            case "1.500" -> FULL_SCALE;
            case "1.5" -> TRIMMED;
            default -> throw new IllegalStateException("ClickHouse printed toDecimal64('1.5', 3) as '" + answer.trim()
                    + "', neither 1.500 nor 1.5: the auditor does not know how to write its decimals");
        };
    }

    /** {@code value} (of a column with {@code scale}) as this server prints it. */
    public String format(BigDecimal value, int scale) {
        BigDecimal scaled = value.setScale(scale);
        if (this == FULL_SCALE) {
            return scaled.toPlainString();
        }
        return scaled.signum() == 0 ? "0" : scaled.stripTrailingZeros().toPlainString();
    }
}
