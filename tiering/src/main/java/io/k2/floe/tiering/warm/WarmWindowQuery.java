package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.PartitionTransform;
import io.k2.floe.tiering.messages.Window;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The SQL that reads one offload window (or one repaired partition) of a warm table, in the order the cold writer
 * needs: grouped by cold partition, then sorted by the table's cluster-by columns. Deterministic by construction
 * (R-INCREMENTAL, docs/requirements.md): a window is bounded on the ingestion-ordered column only, so a re-run reads the same rows.
 *
 * <p>Gold tables (R-GOLD-FINAL) take a bar once its bucket is closed: bucket end plus the table's grace at or before
 * the window's upper bound. A bar belongs to the window in which it became final, i.e. the first window whose upper
 * bound has both the bucket closed and the bar's first trade ingested: {@code closedAt <= upper}, {@code
 * firstIngested <= upper}, and not already final at {@code lower} ({@code closedAt > lower} or {@code firstIngested >
 * lower}). A bar that changes after it was offloaded is a correction, left to a REPAIR of its partition. The offload
 * worker computes gold bars from the silver trades the window needs ({@link GoldBars}, {@link GoldWindowRanges})
 * rather than reading the {@code _bars} view, which would aggregate all of silver; the window condition is the same.
 */
public final class WarmWindowQuery {

    /**
     * Column of a gold warm read holding the earliest ingestion time among the bar's trades; together with the
     * ordering column (the latest) it tells when a bar first existed.
     */
    public static final String FIRST_INGESTED_COLUMN = "first_ingested_at";

    private final CatalogTable table;
    private final List<WarmColumn> columns;
    private final boolean finalModifier;

    /**
     * @param columns       the warm read's columns, all of which are selected
     * @param finalModifier read with {@code FINAL} (a ReplacingMergeTree holds copies until its parts merge)
     * @throws UnsupportedColumnTypeException naming the column when the ordering or time column cannot bound a window
     */
    public WarmWindowQuery(CatalogTable table, List<WarmColumn> columns, boolean finalModifier) {
        this.table = table;
        this.columns = List.copyOf(columns);
        this.finalModifier = finalModifier;
        // fail at construction, naming the column, rather than with a ClickHouse error mid-offload
        micros(column(table.orderingColumn(), "ordering"));
        micros(column(table.timeColumn(), "time"));
        for (String c : table.clusterBy()) {
            column(c, "cluster-by");
        }
        if (table.isGold()) {
            if (table.bucket().isEmpty()) {
                throw new IllegalArgumentException("gold table " + table.id() + " has no bucket length");
            }
            micros(column(FIRST_INGESTED_COLUMN, "first-ingested (gold)"));
        }
    }

    /** The rows of {@code window}: {@code lower < ordering <= upper} (gold: bars that became final in it). */
    public String window(Window window) {
        return select(windowCondition(window));
    }

    /**
     * As {@link #window(Window)}, narrowed to event times in {@code [minMicros, maxMicros]} (see {@link #timeBounds}).
     * With {@code FINAL} on a table whose sorting key holds the time column this is the same set of rows, since every
     * copy of a row shares its time; but ClickHouse then reads only the partitions in that range instead of all.
     */
    public String window(Window window, long minMicros, long maxMicros) {
        String time = micros(column(table.timeColumn(), "time"));
        String condition = windowCondition(window) + " AND " + time + " >= " + minMicros + " AND " + time + " <= " + maxMicros;
        PartitionTransform transform = table.partition();
        boolean onePartition = transform.labelOf(ofMicros(minMicros)).equals(transform.labelOf(ofMicros(maxMicros)));
        return select(source(), condition, onePartition ? withinOnePartition() : orderBy());
    }

    /**
     * A gold window computed from silver (see {@link GoldBars}) over the selected trades, which must hold every bar
     * the window takes in whole buckets ({@link GoldWindowRanges}): the rows {@link #window(Window)} reads from the
     * {@code _bars} view, but only those trades are read.
     */
    public String window(Window window, GoldBars bars, TradeSelection trades) {
        requireGold();
        return select("(" + bars.select(trades) + ")", windowCondition(window));
    }

    /**
     * {@code _part, count()} (String, UInt64) of the window's rows per active MergeTree part: the plan of a read in
     * key order (see {@link WarmReader#readInKeyOrder}). Only for tables read without {@code FINAL}.
     */
    public String partsOf(Window window) {
        requirePlainRead();
        return "SELECT _part, count() FROM " + ClickHouseIdentifiers.quote(table.warmRead()) + " WHERE "
                + windowCondition(window) + " GROUP BY _part";
    }

    /** The window's rows in one part, unordered: a one-thread read returns them in the part's storage order. */
    public String windowInPart(Window window, String part) {
        requirePlainRead();
        return select(source(), "_part = '" + partName(part) + "' AND " + windowCondition(window), "");
    }

    /** The window's rows in the given parts, sorted like {@link #window(Window)}. */
    public String windowInParts(Window window, List<String> parts) {
        requirePlainRead();
        String names = parts.stream().map(p -> "'" + partName(p) + "'").collect(Collectors.joining(", "));
        return select(source(), "_part IN (" + names + ") AND " + windowCondition(window), orderBy());
    }

    /** The table this query reads. */
    public CatalogTable table() {
        return table;
    }

    /** The columns this query selects, in order. */
    public List<WarmColumn> columns() {
        return columns;
    }

    /** Whether rows are read without {@code FINAL} and not computed (gold): then parts hold them as stored. */
    public boolean readsStoredRows() {
        return !finalModifier && !table.isGold();
    }

    private void requirePlainRead() {
        if (!readsStoredRows()) {
            throw new IllegalStateException("table " + table.id() + " is read with FINAL or computed: its parts do not hold the rows as read");
        }
    }

    private static String partName(String part) {
        if (!part.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("'" + part + "' is not a MergeTree part name");
        }
        return part;
    }

    /**
     * {@code min(time), max(time), count()} (Int64, Int64, UInt64) of the window's rows, read without {@code FINAL}:
     * a cheap scan that bounds the event times a {@code FINAL} read of the window has to look at. Not for gold.
     */
    public String timeBounds(Window window) {
        if (table.isGold()) {
            throw new IllegalStateException("gold windows are not bounded by event time");
        }
        String time = micros(column(table.timeColumn(), "time"));
        return "SELECT toInt64(min(" + time + ")), toInt64(max(" + time + ")), count() FROM "
                + ClickHouseIdentifiers.quote(table.warmRead()) + " WHERE " + windowCondition(window);
    }

    /**
     * The rows of the cold partition {@code label} (e.g. {@code 2026-03-01}) that windows up to {@code upper} have
     * offloaded: time in the partition and ordering at or before {@code upper} (gold: bars final by {@code upper}).
     */
    public String partition(String label, Instant upper) {
        return select(source(), offloadedInto(label, upper), withinOnePartition());
    }

    /**
     * As {@link #partition(String, Instant)} for a gold table, computed from silver (see {@link GoldBars}) over the
     * trades of the partition's buckets that are closed at {@code upper} only.
     */
    public String partition(String label, Instant upper, GoldBars bars) {
        return select(goldPartitionSource(label, upper, bars), offloadedInto(label, upper), withinOnePartition());
    }

    /**
     * The rows of {@link #partition(String, Instant)} in no particular order: for aggregating over them (the auditor's
     * counts and checksums), where sorting would be wasted work.
     */
    public String partitionRows(String label, Instant upper) {
        return select(source(), offloadedInto(label, upper), "");
    }

    /** The rows of {@link #partition(String, Instant, GoldBars)} in no particular order (see {@link #partitionRows}). */
    public String partitionRows(String label, Instant upper, GoldBars bars) {
        return select(goldPartitionSource(label, upper, bars), offloadedInto(label, upper), "");
    }

    /** Time in the partition and offloaded by {@code upper}. */
    private String offloadedInto(String label, Instant upper) {
        return inPartition(label) + " AND " + (table.isGold() ? goldFinalBy(upper) : orderingAtMost(upper));
    }

    /** The bars of the partition's buckets closed at {@code upper}, computed from their silver trades. */
    private String goldPartitionSource(String label, Instant upper, GoldBars bars) {
        requireGold();
        PartitionTransform transform = table.partition();
        TradeSelection trades = TradeSelection.of(bars.partition(transform.startOf(label), transform.endOf(label), upper));
        return "(" + bars.select(trades) + ")";
    }

    /** The time column within the cold partition {@code label}. */
    private String inPartition(String label) {
        PartitionTransform transform = table.partition();
        String time = micros(column(table.timeColumn(), "time"));
        return time + " >= " + toMicros(transform.startOf(label)) + " AND " + time + " < " + toMicros(transform.endOf(label));
    }

    /** The condition (no {@code WHERE}) selecting the rows of {@code window}; the auditor counts with it. */
    public String windowCondition(Window window) {
        if (!table.isGold()) {
            String ordering = micros(column(table.orderingColumn(), "ordering"));
            return ordering + " > " + toMicros(window.lower()) + " AND " + orderingAtMost(window.upper());
        }
        String closedAt = closedAtMicros();
        String first = micros(column(FIRST_INGESTED_COLUMN, "first-ingested"));
        return goldFinalBy(window.upper())
                + " AND (" + closedAt + " > " + toMicros(window.lower()) + " OR " + first + " > " + toMicros(window.lower()) + ")";
    }

    /** The table or view read, with {@code FINAL} when needed. */
    public String source() {
        return ClickHouseIdentifiers.quote(table.warmRead()) + (finalModifier ? " FINAL" : "");
    }

    /**
     * Settings the query must run with. With {@code FINAL}, no condition may move into {@code PREWHERE}: it would
     * filter before the merge and return a later copy of a row whose first copy lies outside the window. Gold bars are
     * computed from silver with {@code FINAL} too.
     */
    public java.util.Map<String, String> settings() {
        return finalModifier || table.isGold() ? java.util.Map.of("optimize_move_to_prewhere", "0") : java.util.Map.of();
    }

    /** {@code ORDER BY} list: cold partition first, then the cluster-by columns. */
    public String orderBy() {
        List<String> keys = new ArrayList<>();
        keys.add(partitionKey());
        for (String c : table.clusterBy()) {
            keys.add(ClickHouseIdentifiers.quote(c));
        }
        return String.join(", ", keys);
    }

    /**
     * {@code ORDER BY} list of rows that all lie in one cold partition: the cluster-by columns alone. The partition term
     * is constant there, so the order is the same as {@link #orderBy()}'s; without it the list is a prefix of the warm
     * table's sorting key (symbol, time), which a current ClickHouse reads in key order instead of sorting every row
     * ({@code optimize_read_in_order}, on by default since 19.14; 18.16 sorts, as before). Empty without cluster-by.
     */
    public String withinOnePartition() {
        return table.clusterBy().stream().map(ClickHouseIdentifiers::quote).collect(Collectors.joining(", "));
    }

    private String select(String condition) {
        return select(source(), condition);
    }

    private String select(String from, String condition) {
        return select(from, condition, orderBy());
    }

    /** @param order the {@code ORDER BY} list; empty: unordered */
    private String select(String from, String condition, String order) {
        String list = columns.stream().map(c -> ClickHouseIdentifiers.quote(c.name())).collect(Collectors.joining(", "));
        return "SELECT " + list + " FROM " + from + " WHERE " + condition + (order.isEmpty() ? "" : " ORDER BY " + order);
    }

    private static Instant ofMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    private void requireGold() {
        if (!table.isGold()) {
            throw new IllegalStateException("table " + table.id() + " is not gold: its rows are not computed from silver");
        }
    }

    private String orderingAtMost(Instant upper) {
        return micros(column(table.orderingColumn(), "ordering")) + " <= " + toMicros(upper);
    }

    private String goldFinalBy(Instant upper) {
        String first = micros(column(FIRST_INGESTED_COLUMN, "first-ingested"));
        return closedAtMicros() + " <= " + toMicros(upper) + " AND " + first + " <= " + toMicros(upper);
    }

    /** Bucket start + bucket length + grace, in epoch microseconds. */
    private String closedAtMicros() {
        Duration bucket = table.bucket().orElseThrow();
        long extra = toMicros(bucket.plus(table.grace()));
        return "(" + micros(column(table.timeColumn(), "time")) + " + " + extra + ")";
    }

    /** Groups rows by the Iceberg partition they land in (UTC, like Iceberg's transforms). */
    private String partitionKey() {
        String time = micros(column(table.timeColumn(), "time"));
        return switch (table.partition().unit()) {
            case HOUR -> "intDiv(" + time + ", 3600000000)";
            case DAY -> "intDiv(" + time + ", 86400000000)";
            case MONTH -> "toYYYYMM(toDateTime(intDiv(" + time + ", 1000000)), 'UTC')";
            case YEAR -> "toYear(toDateTime(intDiv(" + time + ", 1000000)), 'UTC')";
        };
    }

    private WarmColumn column(String name, String role) {
        Optional<WarmColumn> found = columns.stream().filter(c -> c.name().equals(name)).findFirst();
        return found.orElseThrow(() -> new IllegalArgumentException("table " + table.id() + ": " + role + " column '"
                + name + "' is not a column of " + table.warmRead()));
    }

    /**
     * An Int64 expression of the column's time in epoch microseconds. Works on 18.16 (Date, DateTime, Int64) and on
     * current releases (also DateTime64). The auditor writes time columns this way in its checksums.
     */
    public static String micros(WarmColumn column) {
        String name = ClickHouseIdentifiers.quote(column.name());
        ClickHouseType type = column.warmType();
        return switch (column.conversion()) {
            case EPOCH_MICROS -> name;
            case EPOCH_MILLIS -> "(" + name + " * 1000)";
            case NONE -> switch (type.kind()) {
                case DATETIME -> "(toInt64(toUInt32(" + name + ")) * 1000000)";
                case DATE -> "(toInt64(toUInt16(" + name + ")) * 86400000000)";
                case DATETIME64 -> "toUnixTimestamp64Micro(" + name + ")";
                default -> throw new UnsupportedColumnTypeException(column.table(), column.name(), type.text(),
                        "a window or partition bound needs Date, DateTime, DateTime64 or Int64 epoch microseconds");
            };
        };
    }

    static long toMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    static long toMicros(Duration duration) {
        return Math.addExact(Math.multiplyExact(duration.getSeconds(), 1_000_000L), duration.getNano() / 1_000);
    }
}
