package io.k2.floe.maintenance.compaction;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.catalog.TableDefinition;
import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.cold.ColdCommitter;
import io.k2.floe.tiering.cold.ColdPartitionReplace;
import io.k2.floe.tiering.cold.ColdRowSink;
import io.k2.floe.tiering.cold.ColdSchemas;
import io.k2.floe.tiering.cold.ColdTables;
import io.k2.floe.tiering.cold.CommitOutcome;
import io.k2.floe.tiering.cold.MarkerHistory;
import io.k2.floe.tiering.cold.WindowWriter;
import io.k2.floe.tiering.cold.WrittenFiles;
import io.k2.floe.tiering.messages.OffloadMarker;
import io.k2.floe.tiering.messages.Window;
import io.k2.floe.tiering.testing.LocalColdTier;
import io.k2.floe.tiering.testing.WarmSql;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import io.k2.floe.tiering.warm.WarmColumn;
import io.k2.floe.tiering.warm.WarmColumns;
import io.k2.floe.tiering.warm.WarmReader;
import io.k2.floe.tiering.warm.WarmWindowQuery;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.DateTimeUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A corner of the local stack of one compaction test's own: a ClickHouse database holding a bronze trades table (the
 * columns of {@code k2.bronze_trades_binance}, no Kafka feed) filled window by window with
 * {@code INSERT ... SELECT FROM numbers}, and an Iceberg catalog name and warehouse prefix holding its cold table.
 * Windows are offloaded through tiering's real offload path ({@link WarmReader} → {@link ColdRowSink} →
 * {@link WindowWriter} → {@link ColdCommitter}); {@link #close()} drops everything.
 *
 * <p>Row {@code n} is symbol {@code SYMBOLS[n % 5]}, trade id {@code n / 5} (unique per symbol), ingested at second
 * {@code firstSecond + n * secondsPerWindow / rowsPerWindow}; its trade time lies up to {@code maxLag} before that, so
 * windows near a day's start also write into the day before (late rows).
 */
final class DayOfTrades implements AutoCloseable {

    static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT");

    final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    final String database = "floe_compaction_it_" + run;
    final CatalogTable table;
    final TableCatalog catalog;
    final ColdCatalogs cold;
    private final String warehouse;
    private final ClickHouseHttp ownHttp;
    private final WarmSql sql;
    private final long firstSecond;
    private final long secondsPerWindow;
    private final long rowsPerWindow;
    private final Duration maxLag;
    private final List<WarmColumn> columns;
    private final WarmWindowQuery query;

    DayOfTrades(Instant first, Duration window, long rowsPerWindow, Duration maxLag) throws IOException {
        this.firstSecond = first.getEpochSecond();
        this.secondsPerWindow = window.toSeconds();
        this.rowsPerWindow = rowsPerWindow;
        this.maxLag = maxLag;
        this.catalog = TableCatalog.build(List.of(TableDefinition.builder("bronze_trades_binance").layer("bronze")
                .warmTable("trades").coldTable("cold.trades").partition("day(trade_time_us)")
                .clusterBy("symbol", "trade_time_us").orderingColumn("ingested_at").timeColumn("trade_time_us")
                .timeEncoding("epoch-micros").keyColumns("symbol", "trade_id").build()));
        this.table = catalog.get("bronze_trades_binance");
        this.sql = new WarmSql(new ClickHouseHttp(LocalColdTier.env("FLOE_CLICKHOUSE_URL"),
                env("FLOE_CLICKHOUSE_USER", "default"), env("FLOE_CLICKHOUSE_PASSWORD", ""), "default",
                Duration.ofSeconds(5)));
        sql.execute("CREATE DATABASE IF NOT EXISTS " + database);
        sql.execute("CREATE TABLE " + database + ".trades AS k2.bronze_trades_binance");
        ClickHouseHttp own = new ClickHouseHttp(LocalColdTier.env("FLOE_CLICKHOUSE_URL"),
                env("FLOE_CLICKHOUSE_USER", "default"), env("FLOE_CLICKHOUSE_PASSWORD", ""), database,
                Duration.ofSeconds(5));
        this.ownHttp = own;
        this.columns = new WarmColumns(own).of(table);
        this.query = new WarmWindowQuery(table, columns, false);
        this.warehouse = "s3://" + LocalColdTier.env("FLOE_S3_BUCKET") + "/it-compaction-" + run;
        this.cold = LocalColdTier.open("compaction_it_" + run, warehouse);
        new ColdTables(cold.catalog(), 128L * 1024 * 1024).createIfMissing(table, ColdSchemas.of(columns));
    }

    /** The cold table, freshly loaded (a table object of the caller's own: threads do not share one). */
    Table coldTable() {
        return cold.catalog().loadTable(ColdTables.identifier(table));
    }

    /** Window {@code k}: {@code (firstSecond + k*w - 1, firstSecond + (k+1)*w - 1]}, consecutive by construction. */
    Window window(int k) {
        long lower = firstSecond + k * secondsPerWindow - 1;
        return new Window(Instant.ofEpochSecond(lower), Instant.ofEpochSecond(lower + secondsPerWindow));
    }

    /** Inserts the rows of windows {@code [from, to)} into the warm table. */
    void insertWindows(int from, int to) {
        long first = from * rowsPerWindow;
        long count = (to - from) * rowsPerWindow;
        String symbols = SYMBOLS.stream().map(s -> "'" + s + "'").reduce((a, b) -> a + "," + b).orElseThrow();
        sql.execute("INSERT INTO " + database + ".trades"
                + " SELECT 'trade', trade_us + 1000, [" + symbols + "][n % 5 + 1], intDiv(n, 5),"
                + " toDecimal64(2000000 + n % 700001, 8) / 100, toDecimal64(1 + n % 2500, 8) / 10000,"
                + " trade_us, n % 2, 1, toDateTime(ingested)"
                + " FROM (SELECT n, ingested, ingested * 1000000 - toInt64(cityHash64(n) % " + maxLag.toNanos() / 1000
                + ") AS trade_us FROM (SELECT number + " + first + " AS n, " + firstSecond + " + intDiv(n * "
                + secondsPerWindow + ", " + rowsPerWindow + ") AS ingested FROM numbers(" + count + ")))");
    }

    /** Offloads window {@code k} as the offload worker does, with a command id of its own. */
    CommitOutcome offload(Table into, int k) {
        return offload(into, k, "offload-" + run + "-" + k);
    }

    CommitOutcome offload(Table into, int k, String commandId) {
        Window window = window(k);
        try (WindowWriter writer = WindowWriter.open(into, commandId + "-" + UUID.randomUUID().toString().substring(0, 6))) {
            new WarmReader(ownHttp).read(query.window(window), query.settings(), columns,
                    new ColdRowSink(writer, into.schema(), columns));
            WrittenFiles files = writer.finish();
            return ColdCommitter.commit(into, OffloadMarker.of(window, commandId, "run-" + run), files.dataFiles());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A repair of partition {@code label} as the offload worker's does it: the warm rows up to the marker, read at the
     * snapshot current before the read, replacing the partition validated from that snapshot.
     */
    long repair(Table into, String label, String commandId, Runnable betweenReadAndCommit) {
        into.refresh();
        Snapshot readAt = into.currentSnapshot();
        Instant upper = MarkerHistory.latest(into).orElseThrow().marker().windowUpper();
        try (WindowWriter writer = WindowWriter.open(into, commandId)) {
            new WarmReader(ownHttp).read(query.partition(label, upper), query.settings(), columns,
                    new ColdRowSink(writer, into.schema(), columns));
            WrittenFiles files = writer.finish();
            betweenReadAndCommit.run();
            return ColdPartitionReplace.replace(into, table.partition().column(), table.partition().startOf(label),
                    table.partition().endOf(label), readAt.snapshotId(), files.dataFiles(), Map.of(
                            ColdPartitionReplace.SUMMARY_COMMAND_ID, commandId,
                            ColdPartitionReplace.SUMMARY_RUN_ID, "run-" + run,
                            ColdPartitionReplace.SUMMARY_PARTITION, label,
                            ColdPartitionReplace.SUMMARY_UPPER, upper.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every warm row, key ({@code symbol/trade_id}) to its values as text. */
    Map<String, String> warmRows() {
        Map<String, String> rows = new HashMap<>();
        for (String[] r : sql.rows("SELECT symbol, trade_id, trade_time_us, toString(price), toString(quantity),"
                + " is_buyer_maker, toUnixTimestamp(ingested_at) FROM " + database + ".trades")) {
            String key = r[0] + "/" + r[1];
            String values = values(Long.parseLong(r[2]), new BigDecimal(r[3]), new BigDecimal(r[4]),
                    Long.parseLong(r[5]), Long.parseLong(r[6]));
            if (rows.put(key, values) != null) {
                throw new IllegalStateException("the warm table holds key " + key + " twice");
            }
        }
        return rows;
    }

    /** Every cold row of {@code table}'s current snapshot, key to values as {@link #warmRows()} has them. */
    static ColdRows coldRows(Table table) {
        table.refresh();
        Map<String, String> rows = new HashMap<>();
        long duplicates = 0;
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            for (Record r : records) {
                String key = r.getField("symbol") + "/" + r.getField("trade_id");
                Object maker = r.getField("is_buyer_maker");
                long makerValue = maker instanceof Boolean b ? (b ? 1 : 0) : ((Number) maker).longValue();
                String values = values(micros(r.getField("trade_time_us")), (BigDecimal) r.getField("price"),
                        (BigDecimal) r.getField("quantity"), makerValue,
                        micros(r.getField("ingested_at")) / 1_000_000);
                if (rows.put(key, values) != null) {
                    duplicates++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ColdRows(rows, duplicates);
    }

    /** Cold rows by key, and how many keys were found more than once. */
    record ColdRows(Map<String, String> rows, long duplicates) {
    }

    private static long micros(Object time) {
        return DateTimeUtil.microsFromTimestamptz((OffsetDateTime) time);
    }

    private static String values(long tradeMicros, BigDecimal price, BigDecimal quantity, long maker, long ingested) {
        return tradeMicros + "|" + price.stripTrailingZeros().toPlainString() + "|"
                + quantity.stripTrailingZeros().toPlainString() + "|" + maker + "|" + ingested;
    }

    @Override
    public void close() throws IOException {
        try {
            sql.execute("DROP TABLE IF EXISTS " + database + ".trades");
            sql.execute("DROP DATABASE IF EXISTS " + database);
        } finally {
            try {
                org.apache.iceberg.io.FileIO io = coldTable().io();
                cold.catalog().dropTable(ColdTables.identifier(table), true);
                if (io instanceof org.apache.iceberg.io.SupportsPrefixOperations prefix) {
                    prefix.deletePrefix(warehouse); // what no snapshot referenced any more, too
                }
                ((SupportsNamespaces) cold.catalog()).dropNamespace(Namespace.of(table.coldNamespace()));
            } finally {
                cold.close();
                sql.close();
                ownHttp.close();
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
