package io.k2.floe.generator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/** OHLCV bars computed in Java from the trades the generator published: what gold must show. */
final class ExpectedBars {

    /** Ordering of trades within a bar: time, then exchange, then trade id (as the warm tier's views). */
    static final Comparator<Trade> FIRST_TO_LAST = Comparator.comparingLong(Trade::tradeTimeUs)
            .thenComparing(t -> t.instrument().exchange().id())
            .thenComparingLong(Trade::tradeId);

    static final class Bar {
        Trade open;
        Trade close;
        BigDecimal high;
        BigDecimal low;
        BigDecimal volume = BigDecimal.ZERO;
        BigDecimal quoteVolume = BigDecimal.ZERO;
        long tradeCount;
        long duplicateCopies;

        BigDecimal vwap() {
            return quoteVolume.divide(volume, 16, RoundingMode.DOWN);
        }
    }

    record Key(String symbol, long bucketStartSeconds) {
    }

    private final long seconds;
    private final Map<Key, Bar> bars = new HashMap<>();

    ExpectedBars(long intervalSeconds) {
        this.seconds = intervalSeconds;
    }

    static BigDecimal price(Trade trade) {
        return BigDecimal.valueOf(trade.priceUnits(), 8);
    }

    static BigDecimal quantity(Trade trade) {
        return BigDecimal.valueOf(trade.quantityUnits(), 8);
    }

    Key keyOf(Trade trade) {
        long bucket = Math.floorDiv(trade.tradeTimeUs(), seconds * 1_000_000L) * seconds;
        return new Key(trade.instrument().pair().canonical(), bucket);
    }

    /** Adds one distinct trade. */
    void add(Trade trade) {
        Bar bar = bars.computeIfAbsent(keyOf(trade), k -> new Bar());
        BigDecimal price = price(trade);
        if (bar.open == null || FIRST_TO_LAST.compare(trade, bar.open) < 0) {
            bar.open = trade;
        }
        if (bar.close == null || FIRST_TO_LAST.compare(trade, bar.close) > 0) {
            bar.close = trade;
        }
        bar.high = bar.high == null ? price : bar.high.max(price);
        bar.low = bar.low == null ? price : bar.low.min(price);
        bar.volume = bar.volume.add(quantity(trade));
        bar.quoteVolume = bar.quoteVolume.add(price.multiply(quantity(trade)));
        bar.tradeCount++;
    }

    /** Notes that one more copy of an already added trade was published. */
    void addDuplicate(Trade trade) {
        bars.get(keyOf(trade)).duplicateCopies++;
    }

    Map<Key, Bar> bars() {
        return bars;
    }
}
