package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.messages.Window;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The silver trades a gold window has to compute its bars from (see {@link GoldBars}): the buckets that close in the
 * window, plus the bars whose bucket closed earlier but whose first trade was ingested in it. The latter are found
 * with reads without {@code FINAL} on three columns:
 * <ol>
 *   <li>the bars of the trades ingested in the window whose buckets had closed by its lower bound (late trades,
 *       duplicates of earlier trades): a scan of {@code ingested_at};</li>
 *   <li>less those with a trade ingested before the window in the bucket's first {@link #PROBE}: a bucket that
 *       closed before the window nearly always has one, and a short range costs a few granules per symbol where the
 *       whole bucket (an hour, a day) would cost all of its trades;</li>
 *   <li>the rest checked on their whole buckets, restricted to their symbols: the bars whose earliest ingestion lies
 *       in the window. Usually nothing is left to check.</li>
 * </ol>
 */
public final class GoldWindowRanges {

    /** How much of a bucket's start the second read looks at. */
    static final Duration PROBE = Duration.ofMinutes(1);

    /**
     * Ranges a condition may hold; more are joined across their smallest gaps (reading the gaps too). Late trades
     * scattered over hours give one range per bucket they touch.
     */
    static final int MAX_RANGES = 64;

    private static final List<WarmColumn> BAR = List.of(
            ColdTypeMapping.column("silver", "symbol", "String", null),
            ColdTypeMapping.column("silver", "bucket", "Int64", null));

    /** A bar of the window's bucket length: its symbol and bucket number. */
    record Bar(String symbol, long bucket) {
    }

    private GoldWindowRanges() {
    }

    /** The trades of every bar {@code window} takes, in whole buckets; empty when it takes none. */
    public static TradeSelection of(WarmReader reader, GoldBars bars, Window window) throws IOException {
        return of(sql -> bars(reader, sql), bars, window);
    }

    /** Runs a query answering {@code (symbol, bucket)} rows. */
    @FunctionalInterface
    interface BarQuery {
        Set<Bar> run(String sql) throws IOException;
    }

    static TradeSelection of(BarQuery query, GoldBars bars, Window window) throws IOException {
        TradeSelection closed = TradeSelection.of(bars.closedIn(window));
        Set<Bar> open = new HashSet<>(query.run(bars.candidates(window)));
        if (!open.isEmpty()) {
            open.removeAll(query.run(bars.withEarlierTrades(bars.starts(buckets(open), PROBE).atMost(MAX_RANGES), window)));
        }
        if (!open.isEmpty() && !bars.within(PROBE)) {
            TradeSelection rest = TradeSelection.of(TimeRanges.none())
                    .plus(symbols(open), bars.buckets(buckets(open)).atMost(MAX_RANGES));
            open = query.run(bars.firstIngestedIn(rest, window));
        }
        return closed.plus(symbols(open), bars.buckets(buckets(open))).atMost(MAX_RANGES);
    }

    private static Set<Long> buckets(Set<Bar> bars) {
        return bars.stream().map(Bar::bucket).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> symbols(Set<Bar> bars) {
        return bars.stream().map(Bar::symbol).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<Bar> bars(WarmReader reader, String sql) throws IOException {
        Bars sink = new Bars();
        reader.read(sql, BAR, sink);
        return sink.found;
    }

    /** Collects {@code (symbol, bucket)} rows. */
    private static final class Bars extends RowSinkAdapter {
        final Set<Bar> found = new HashSet<>();
        String symbol;
        long bucket;

        @Override
        public void setString(int column, byte[] bytes, int offset, int length) {
            symbol = new String(bytes, offset, length, StandardCharsets.UTF_8);
        }

        @Override
        public void setLong(int column, long value) {
            bucket = value;
        }

        @Override
        public boolean endRow() {
            found.add(new Bar(symbol, bucket));
            return true;
        }
    }
}
