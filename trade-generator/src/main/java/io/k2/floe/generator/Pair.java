package io.k2.floe.generator;

/** A spot pair, e.g. BTC priced in USDT. Its canonical spelling is {@code BASE/QUOTE}. */
public record Pair(String base, String quote) {

    /** Canonical symbol as the unified (silver) schema spells it: {@code BTC/USDT}. */
    public String canonical() {
        return base + "/" + quote;
    }

    @Override
    public String toString() {
        return canonical();
    }
}
