package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.messages.Window;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
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
 * Each groups by a hash of the symbol rather than the string (half the cost on millions of rows); if two symbols of
 * one bucket share a hash, that read is asked again grouped by the symbol.
 */
public final class GoldWindowRanges {

    /** How much of a bucket's start the second read looks at. */
    static final Duration PROBE = Duration.ofMinutes(1);

    /**
     * Ranges the condition of the window's read may hold; more are joined across their smallest gaps (reading the gaps
     * too). Late trades scattered over hours give one range per bucket they touch.
     */
    static final int MAX_RANGES = 64;

    /**
     * Ranges the condition of a bounding read may hold. Each range costs two comparisons per row read (36 ranges over
     * 11 M rows: 1.9 s of CPU), more than reading the gaps between fewer ranges costs. Reading a gap changes no
     * answer: a row there tells only of its own bar, and truly (a trade ingested earlier is one; whole-bucket ranges
     * join at bucket boundaries, so the earliest ingestion of a gap's bar is taken over its whole bucket).
     */
    static final int BOUNDING_RANGES = 8;

    private static final List<WarmColumn> BAR = List.of(
            ColdTypeMapping.column("silver", "symbol_min", "String", null),
            ColdTypeMapping.column("silver", "symbol_max", "String", null),
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

    /** Runs a bar query of {@link GoldBars}; empty when a row names two symbols (they share a hash). */
    @FunctionalInterface
    interface BarQuery {
        Optional<Set<Bar>> run(String sql) throws IOException;
    }

    /** A bar query, exact or hashed. */
    @FunctionalInterface
    private interface BarSql {
        String of(boolean exact);
    }

    static TradeSelection of(BarQuery query, GoldBars bars, Window window) throws IOException {
        TradeSelection closed = TradeSelection.of(bars.closedIn(window));
        Set<Bar> open = new HashSet<>(run(query, exact -> bars.candidates(window, exact)));
        if (!open.isEmpty()) {
            TimeRanges starts = bars.starts(buckets(open), PROBE).atMost(BOUNDING_RANGES);
            open.removeAll(run(query, exact -> bars.withEarlierTrades(starts, window, exact)));
        }
        if (!open.isEmpty() && !bars.within(PROBE)) {
            TradeSelection rest = TradeSelection.of(TimeRanges.none())
                    .plus(symbols(open), bars.buckets(buckets(open)).atMost(BOUNDING_RANGES));
            open = run(query, exact -> bars.firstIngestedIn(rest, window, exact));
        }
        return closed.plus(symbols(open), bars.buckets(buckets(open))).atMost(MAX_RANGES);
    }

    private static Set<Bar> run(BarQuery query, BarSql sql) throws IOException {
        Optional<Set<Bar>> hashed = query.run(sql.of(false));
        return hashed.isPresent() ? hashed.get() : query.run(sql.of(true)).orElseThrow();
    }

    private static Set<Long> buckets(Set<Bar> bars) {
        return bars.stream().map(Bar::bucket).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> symbols(Set<Bar> bars) {
        return bars.stream().map(Bar::symbol).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Optional<Set<Bar>> bars(WarmReader reader, String sql) throws IOException {
        Bars sink = new Bars();
        reader.read(sql, BAR, sink);
        return sink.shared ? Optional.empty() : Optional.of(sink.found);
    }

    /** Collects {@code (min(symbol), max(symbol), bucket)} rows as bars. */
    private static final class Bars extends RowSinkAdapter {
        final Set<Bar> found = new HashSet<>();
        final String[] symbols = new String[2];
        boolean shared;
        long bucket;

        @Override
        public void setString(int column, byte[] bytes, int offset, int length) {
            symbols[column] = new String(bytes, offset, length, StandardCharsets.UTF_8);
        }

        @Override
        public void setLong(int column, long value) {
            bucket = value;
        }

        @Override
        public boolean endRow() {
            shared |= !symbols[0].equals(symbols[1]);
            found.add(new Bar(symbols[0], bucket));
            return true;
        }
    }
}
