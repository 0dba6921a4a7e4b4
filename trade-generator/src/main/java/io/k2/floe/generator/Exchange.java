package io.k2.floe.generator;

import java.util.Locale;

/**
 * An exchange whose trade feed the generator imitates: its topic on the broker, the quote asset its
 * spot pairs are usually priced in, and how it spells a pair.
 */
public enum Exchange {
    BINANCE("binance", "USDT", 0.8) {
        @Override
        String exchangeSymbol(Pair pair) {
            return pair.base() + pair.quote();
        }
    },
    KRAKEN("kraken", "USD", 0.2) {
        @Override
        String exchangeSymbol(Pair pair) {
            return pair.base() + "/" + pair.quote();
        }
    };

    /** The prefix of the real trade topics; the warm tier's Kafka tables read the same ones by default. */
    public static final String DEFAULT_TOPIC_PREFIX = "k2.trades.";

    private final String id;
    private final String primaryQuote;
    private final double marketShare;

    Exchange(String id, String primaryQuote, double marketShare) {
        this.id = id;
        this.primaryQuote = primaryQuote;
        this.marketShare = marketShare;
    }

    /** Lower-case name used in options, summaries and the warm tier's {@code exchange} column. */
    public String id() {
        return id;
    }

    /**
     * Broker topic carrying this exchange's raw trade messages: {@code prefix + id}, e.g. {@code k2.trades.binance}
     * with the {@link #DEFAULT_TOPIC_PREFIX default prefix}; a test's own prefix keeps its trades off the real topics.
     */
    public String topic(String prefix) {
        return prefix + id;
    }

    /** Quote asset a bare base asset (e.g. {@code BTC}) is paired with on this exchange. */
    public String primaryQuote() {
        return primaryQuote;
    }

    /** Rough share of the trades of an asset that happen on this exchange (Binance dwarfs Kraken). */
    double marketShare() {
        return marketShare;
    }

    /** The exchange's own spelling of a pair: {@code BTCUSDT} on Binance, {@code BTC/USD} on Kraken. */
    abstract String exchangeSymbol(Pair pair);

    /** Finds an exchange by its id, ignoring case; the error lists the known ids. */
    public static Exchange fromId(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        for (Exchange exchange : values()) {
            if (exchange.id.equals(wanted)) {
                return exchange;
            }
        }
        throw new IllegalArgumentException("unknown exchange '" + id + "' (known: binance, kraken)");
    }
}
