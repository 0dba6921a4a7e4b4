package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.Window;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A gold table's finalized bars computed from silver the way its {@code gold_ohlcv_<i>_bars} view computes them
 * (deploy/clickhouse/gold_ohlcv.sql.tmpl; {@code GoldBarsTest} fails when the two differ), but over selected silver
 * trades only ({@link TradeSelection}).
 *
 * <p>Why not read the view: it aggregates the whole {@code silver_trades FINAL} before any condition applies, and
 * 18.16 pushes no predicate into a sub-query with {@code FINAL} nor prunes anything through the {@code intDiv} of the
 * bucket. A condition on {@code symbol} and {@code trade_time_us} inside the {@code FINAL} read does prune, and it
 * changes no bar when it selects whole buckets: every copy of a trade shares its symbol and {@code trade_time_us}
 * (sorting-key columns), so the selection holds all copies of a trade or none, and all trades of a bar or none.
 *
 * <p>Which bars a window needs (see {@link GoldWindowRanges}): those whose bucket closed in the window ({@link
 * #closedIn}), and those whose bucket closed earlier but whose first trade was ingested in the window. The latter are
 * found without {@code FINAL}, on few columns: the bars of the trades ingested in the window ({@link #candidates}),
 * less those with a trade ingested earlier, looked for in the bucket's first minute first ({@link #withEarlierTrades})
 * and then in the whole bucket ({@link #firstIngestedIn}). The earliest {@code ingested_at} of all copies is the bar's
 * {@code first_ingested_at}: the version column makes the earliest copy the survivor (010_silver_trades.sql).
 */
public final class GoldBars {

    /** The silver columns the bars are computed from (deploy/clickhouse/010_silver_trades.sql). */
    static final String TIME = "`trade_time_us`";
    static final String INGESTED_MICROS = "(toInt64(toUInt32(`ingested_at`)) * 1000000)";

    private final String silverTable;
    private final long bucketMicros;
    private final long graceMicros;

    private GoldBars(String silverTable, long bucketMicros, long graceMicros) {
        this.silverTable = ClickHouseHttp.identifier("table", silverTable);
        this.bucketMicros = bucketMicros;
        this.graceMicros = graceMicros;
    }

    /**
     * The bars of {@code gold} computed from the warm table of its silver table (the first it depends on; the catalog
     * lets gold depend on silver only).
     */
    public static GoldBars of(TableCatalog catalog, CatalogTable gold) {
        if (gold.dependsOn().isEmpty()) {
            throw new IllegalArgumentException("gold table " + gold.id() + " depends on no silver table");
        }
        return of(gold, catalog.get(gold.dependsOn().getFirst()).warmTable());
    }

    /**
     * @param gold        a gold table of the catalog
     * @param silverTable the ClickHouse table of the silver trades its bars are computed from
     * @throws IllegalArgumentException when the table is not gold or its bucket is not a whole number of seconds
     */
    public static GoldBars of(CatalogTable gold, String silverTable) {
        if (!gold.isGold()) {
            throw new IllegalArgumentException("table " + gold.id() + " is not a gold table");
        }
        Duration bucket = gold.bucket().orElseThrow(
                () -> new IllegalArgumentException("gold table " + gold.id() + " has no bucket length"));
        if (bucket.isNegative() || bucket.isZero() || bucket.getNano() != 0) {
            throw new IllegalArgumentException("gold table " + gold.id() + ": bucket " + bucket
                    + " is not a positive whole number of seconds");
        }
        return new GoldBars(silverTable, WarmWindowQuery.toMicros(bucket), WarmWindowQuery.toMicros(gold.grace()));
    }

    /** The bars (every column of the {@code _bars} view) of the selected silver trades. */
    public String select(TradeSelection trades) {
        return barsOver(trades.condition());
    }

    /** The buckets that close in the window: bucket start in {@code (lower - length - grace, upper - length - grace]}. */
    public TimeRanges closedIn(Window window) {
        return TimeRanges.of(closedBy(WarmWindowQuery.toMicros(window.lower())),
                closedBy(WarmWindowQuery.toMicros(window.upper())));
    }

    /**
     * The trades of the cold partition {@code [start, end)} (a range of bucket starts) whose buckets are closed at
     * {@code upper}: what a repair of that partition has to read.
     */
    public TimeRanges partition(Instant start, Instant end, Instant upper) {
        long from = ceilToBucket(WarmWindowQuery.toMicros(start));
        long to = Math.min(ceilToBucket(WarmWindowQuery.toMicros(end)), closedBy(WarmWindowQuery.toMicros(upper)));
        return TimeRanges.of(from, to);
    }

    /**
     * Bars with a trade ingested in the window whose buckets had closed by its lower bound: those that may have first
     * appeared in the window. Like every bar query here it answers {@code min(symbol), max(symbol), bucket} (String,
     * String, Int64: trade time divided by the bucket length); see {@link #bars}.
     */
    public String candidates(Window window, boolean exact) {
        return bars(ingestedIn(window) + " AND " + TIME + " < " + closedBy(WarmWindowQuery.toMicros(window.lower())),
                null, exact);
    }

    /** Bars with a trade in {@code ranges} ingested at or before the window's lower bound. */
    public String withEarlierTrades(TimeRanges ranges, Window window, boolean exact) {
        return bars(ranges.condition(TIME) + " AND " + INGESTED_MICROS + " <= " + WarmWindowQuery.toMicros(window.lower()),
                null, exact);
    }

    /**
     * Bars of the selected trades whose earliest ingestion lies in the window; exact when the selection holds their
     * whole buckets.
     */
    public String firstIngestedIn(TradeSelection trades, Window window, boolean exact) {
        String first = "min(" + INGESTED_MICROS + ")";
        return bars(trades.condition(), first + " > " + WarmWindowQuery.toMicros(window.lower()) + " AND " + first
                + " <= " + WarmWindowQuery.toMicros(window.upper()), exact);
    }

    /**
     * The bars of the silver rows matching {@code where} (and {@code having}), read without {@code FINAL}. Unless
     * {@code exact}, grouped by a hash of the symbol, which costs half of grouping by the string: two symbols sharing
     * a hash and a bucket show as a row whose {@code min(symbol)} and {@code max(symbol)} differ, and the caller then
     * asks the exact query.
     */
    private String bars(String where, String having, boolean exact) {
        return "SELECT min(`symbol`), max(`symbol`), " + bucketNumber() + " AS bucket FROM " + ClickHouseIdentifiers.quote(silverTable) + " WHERE "
                + where + " GROUP BY " + (exact ? "`symbol`" : "cityHash64(`symbol`)") + ", bucket"
                + (having == null ? "" : " HAVING " + having);
    }

    /** The first {@code probe} of each bucket (all of it when it is shorter). */
    public TimeRanges starts(Collection<Long> bucketNumbers, Duration probe) {
        return ranges(bucketNumbers, Math.min(bucketMicros, WarmWindowQuery.toMicros(probe)));
    }

    /** Whether {@code probe} covers a whole bucket. */
    public boolean within(Duration probe) {
        return bucketMicros <= WarmWindowQuery.toMicros(probe);
    }

    /** The whole buckets with these numbers. */
    public TimeRanges buckets(Collection<Long> bucketNumbers) {
        return ranges(bucketNumbers, bucketMicros);
    }

    private TimeRanges ranges(Collection<Long> bucketNumbers, long lengthMicros) {
        List<TimeRanges.Range> list = new ArrayList<>(bucketNumbers.size());
        for (long b : bucketNumbers) {
            long start = Math.multiplyExact(b, bucketMicros);
            list.add(new TimeRanges.Range(start, Math.addExact(start, lengthMicros)));
        }
        return TimeRanges.union(list);
    }

    /** The bars SQL with {@code silverCondition} on the {@code FINAL} read (none when null): the view when null. */
    String barsOver(String silverCondition) {
        long seconds = bucketMicros / 1_000_000L;
        return "SELECT symbol, bucket_start,"
                + " argMin(price, (trade_time_us, exchange, trade_id)) AS open,"
                + " max(price) AS high,"
                + " min(price) AS low,"
                + " argMax(price, (trade_time_us, exchange, trade_id)) AS close,"
                + " sum(quantity) AS volume,"
                + " sum(quote_quantity) AS quote_volume,"
                + " quote_volume / volume AS vwap,"
                + " count() AS trade_count,"
                + " max(trade_ingested_at) AS ingested_at,"
                + " min(trade_ingested_at) AS first_ingested_at"
                + " FROM (SELECT symbol, toDateTime(intDiv(trade_time_us, " + bucketMicros + ") * " + seconds
                + ") AS bucket_start, price, quantity, quote_quantity, trade_time_us, exchange, trade_id,"
                + " ingested_at AS trade_ingested_at"
                + " FROM " + ClickHouseIdentifiers.quote(silverTable) + " FINAL" + (silverCondition == null ? "" : " WHERE " + silverCondition)
                + ") GROUP BY symbol, bucket_start";
    }

    /** The first trade time whose bucket is not closed at {@code atMicros} (its end plus grace is later). */
    private long closedBy(long atMicros) {
        return Math.addExact(Math.multiplyExact(Math.floorDiv(atMicros - bucketMicros - graceMicros, bucketMicros),
                bucketMicros), bucketMicros);
    }

    private long ceilToBucket(long micros) {
        return Math.multiplyExact(Math.ceilDiv(micros, bucketMicros), bucketMicros);
    }

    private String bucketNumber() {
        return "toInt64(intDiv(" + TIME + ", " + bucketMicros + "))";
    }

    private static String ingestedIn(Window window) {
        return INGESTED_MICROS + " > " + WarmWindowQuery.toMicros(window.lower()) + " AND " + INGESTED_MICROS + " <= "
                + WarmWindowQuery.toMicros(window.upper());
    }
}
