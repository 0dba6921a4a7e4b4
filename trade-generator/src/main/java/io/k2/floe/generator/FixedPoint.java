package io.k2.floe.generator;

/** Decimal text for fixed-point numbers with eight decimals, written without going through floating point. */
final class FixedPoint {

    /** Number of decimals of every price and quantity the generator produces. */
    static final int SCALE = 8;
    static final long ONE = 100_000_000L;

    private FixedPoint() {
    }

    /**
     * Appends {@code units / 10^8}. With {@code trimZeros} trailing zeros of the fraction are dropped
     * (as Kraken's JSON numbers are written), otherwise all eight decimals are kept (as Binance's
     * price strings are).
     */
    static void append(StringBuilder out, long units, boolean trimZeros) {
        if (units < 0) {
            throw new IllegalArgumentException("negative fixed-point value " + units);
        }
        out.append(units / ONE);
        long fraction = units % ONE;
        if (trimZeros && fraction == 0) {
            return;
        }
        out.append('.');
        int digits = SCALE;
        if (trimZeros) {
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
        }
        String text = Long.toString(fraction);
        for (int pad = digits - text.length(); pad > 0; pad--) {
            out.append('0');
        }
        out.append(text);
    }

    static String toText(long units, boolean trimZeros) {
        StringBuilder out = new StringBuilder(24);
        append(out, units, trimZeros);
        return out.toString();
    }
}
