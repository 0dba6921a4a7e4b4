package io.k2.floe.maintenance.retention;

import io.k2.floe.tiering.broker.TaskAnswer;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.catalog.TableDefinition;
import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.cold.ColdCommitter;
import io.k2.floe.tiering.cold.ColdRowSink;
import io.k2.floe.tiering.cold.ColdSchemas;
import io.k2.floe.tiering.cold.ColdTables;
import io.k2.floe.tiering.cold.WindowWriter;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.MaintenanceCommand;
import io.k2.floe.tiering.messages.MaintenanceCompleted;
import io.k2.floe.tiering.messages.OffloadMarker;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.messages.WarmPartitionDropped;
import io.k2.floe.tiering.messages.Window;
import io.k2.floe.tiering.testing.LocalColdTier;
import io.k2.floe.tiering.testing.WarmSql;
import io.k2.floe.tiering.verdicts.RecordedVerdict;
import io.k2.floe.tiering.verdicts.VerdictStore;
import io.k2.floe.tiering.verdicts.WarmDrop;
import io.k2.floe.tiering.verdicts.WarmDrops;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import io.k2.floe.tiering.warm.WarmColumn;
import io.k2.floe.tiering.warm.WarmColumns;
import io.k2.floe.tiering.warm.WarmReader;
import io.k2.floe.tiering.warm.WarmWindowQuery;
import io.k2.floe.tiering.warm.figures.AuditSide;
import io.k2.floe.tiering.warm.figures.PartitionFigures;
import io.k2.floe.tiering.warm.figures.WarmFigures;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.iceberg.Table;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Warm retention against the real local stack, in corners of its own: a ClickHouse database with the warm DDL's day
 * partitioning, an Iceberg catalog name and warehouse prefix, and a verdict-store schema, all dropped afterwards. Each
 * case has a day of its own (100 rows), offloaded the way the offload worker does it and given the verdict the
 * auditor's own warm query gives; the step is then asked to drop it, and what ClickHouse still holds is counted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WarmRetentionIT {

    private static final String ID = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final String DATABASE = "floe_retention_it_" + ID;
    private static final String SCHEMA = "retention_it_" + ID;
    private static final Instant INGEST = Instant.parse("2026-11-19T10:00:00Z");
    /** Bronze keeps 7 days and silver 30: on this day, bronze days up to 2026-11-12 are past retention. */
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-20T00:00:00Z"), ZoneOffset.UTC);
    private static final int ROWS = 100;

    private static final String DROPPED = "2026-11-01";
    private static final String UNVERIFIED = "2026-11-02";
    private static final String MISMATCHED = "2026-11-03";
    private static final String LATE_WARM_ROW = "2026-11-04";
    private static final String COLD_APPENDED = "2026-11-05";
    private static final String SILVER_DAY = "2026-11-06";
    private static final String CRASHED_BEFORE_ALTER = "2026-11-07";
    private static final String CRASHED_AFTER_ALTER = "2026-11-08";
    private static final String DRY_RUN = "2026-11-09";
    private static final String RECENT = "2026-11-15";
    private static final String GOLD_DROPPED = "2026-09";
    private static final String GOLD_LATE_TRADE = "2026-10";
    private static final int BARS = 50;

    private WarmSql sql;
    private ClickHouseHttp http;
    private ColdCatalogs catalogs;
    private TableCatalog catalog;
    private CatalogTable trades;
    private CatalogTable silver;
    private CatalogTable gold;
    private CatalogTable monthly;
    private PGSimpleDataSource dataSource;
    private VerdictStore verdicts;
    private WarmDrops drops;
    private MeterRegistry registry;
    private WarmRetention retention;

    @BeforeAll
    void offloadAndAudit() throws Exception {
        try (WarmSql admin = WarmSql.fromEnvironment()) {
            admin.execute("CREATE DATABASE " + DATABASE);
        }
        http = new ClickHouseHttp(env("FLOE_CLICKHOUSE_URL", "http://127.0.0.1:18123"),
                env("FLOE_CLICKHOUSE_USER", "default"), env("FLOE_CLICKHOUSE_PASSWORD", ""), DATABASE,
                Duration.ofSeconds(5));
        sql = new WarmSql(http);
        // a warm table whose partitions are months, while its cold partitions are days
        sql.execute("CREATE TABLE monthly (id UInt64, symbol String, price Float64, trade_time_us Int64,"
                + " ingested_at DateTime) ENGINE = MergeTree"
                + " PARTITION BY toYYYYMM(toDateTime(intDiv(trade_time_us, 1000000))) ORDER BY id");
        for (String table : List.of("trades", "silver_t")) {
            // the partitioning of deploy/clickhouse's bronze and silver tables
            sql.execute("CREATE TABLE " + table + " (id UInt64, symbol String, price Float64, trade_time_us Int64,"
                    + " ingested_at DateTime) ENGINE = MergeTree"
                    + " PARTITION BY toYYYYMMDD(toDateTime(intDiv(trade_time_us, 1000000))) ORDER BY id");
        }
        catalog = TableCatalog.build(List.of(
                TableDefinition.builder("trades").layer("bronze").warmTable("trades").coldTable("cold.trades")
                        .partition("day(trade_time_us)").clusterBy("id").orderingColumn("ingested_at")
                        .timeColumn("trade_time_us").timeEncoding("epoch-micros").keyColumns("id").build(),
                TableDefinition.builder("monthly").layer("bronze").warmTable("monthly").coldTable("cold.monthly")
                        .partition("day(trade_time_us)").clusterBy("id").orderingColumn("ingested_at")
                        .timeColumn("trade_time_us").timeEncoding("epoch-micros").keyColumns("id").build(),
                TableDefinition.builder("silver_t").layer("silver").warmTable("silver_t").coldTable("cold.silver_t")
                        .partition("day(trade_time_us)").clusterBy("id").orderingColumn("ingested_at")
                        .timeColumn("trade_time_us").timeEncoding("epoch-micros").keyColumns("id")
                        .dependsOn("trades").build(),
                TableDefinition.builder("gold_t").layer("gold").warmTable("gold_t").warmRead("gold_t_bars")
                        .coldTable("cold.gold_t")
                        .partition("month(bucket_start)").clusterBy("symbol", "bucket_start")
                        .orderingColumn("ingested_at").timeColumn("bucket_start").keyColumns("symbol", "bucket_start")
                        .dependsOn("silver_t").bucket("1m").build()));
        trades = catalog.get("trades");
        silver = catalog.get("silver_t");
        monthly = catalog.get("monthly");
        gold = catalog.get("gold_t");
        // gold as deploy/clickhouse's gold tables keep it: aggregate states per bar, month partitions, a view of bars
        sql.execute("CREATE TABLE gold_t (symbol String, bucket_start DateTime,"
                + " ingested_at AggregateFunction(max, DateTime)) ENGINE = AggregatingMergeTree"
                + " PARTITION BY toYYYYMM(bucket_start) ORDER BY (symbol, bucket_start)");
        sql.execute("CREATE VIEW gold_t_bars AS SELECT symbol, bucket_start, t AS ingested_at, t AS first_ingested_at"
                + " FROM (SELECT symbol, bucket_start, maxMerge(ingested_at) AS t FROM gold_t"
                + " GROUP BY symbol, bucket_start)");
        catalogs = LocalColdTier.open("retention_it_" + ID,
                "s3://" + LocalColdTier.env("FLOE_S3_BUCKET") + "/it-retention-" + ID);

        dataSource = new PGSimpleDataSource();
        dataSource.setURL(LocalColdTier.env("FLOE_JDBC_URL"));
        dataSource.setUser(LocalColdTier.env("FLOE_PG_USER"));
        dataSource.setPassword(System.getenv("FLOE_PG_PASSWORD"));
        Flyway.configure().dataSource(dataSource).schemas(SCHEMA).defaultSchema(SCHEMA)
                .locations(VerdictStore.MIGRATIONS).load().migrate();
        verdicts = new VerdictStore(dataSource, SCHEMA);
        drops = new WarmDrops(dataSource, verdicts);
        registry = new SimpleMeterRegistry();
        retention = new WarmRetention(catalog, catalogs::catalog, http, verdicts, drops, registry, NOW);

        for (String day : List.of(DROPPED, UNVERIFIED, MISMATCHED, LATE_WARM_ROW, COLD_APPENDED, CRASHED_BEFORE_ALTER,
                CRASHED_AFTER_ALTER, DRY_RUN, RECENT)) {
            insert("trades", day, 0, ROWS, INGEST);
        }
        insert("silver_t", SILVER_DAY, 0, ROWS, INGEST);
        insert("monthly", DROPPED, 0, ROWS, INGEST);
        insert("monthly", UNVERIFIED, 0, ROWS, INGEST);
        Window first = new Window(INGEST.minusSeconds(3600), INGEST);
        offload(trades, first);
        offload(silver, first);
        offload(monthly, first);
        for (String day : List.of(DROPPED, LATE_WARM_ROW, COLD_APPENDED, CRASHED_BEFORE_ALTER, CRASHED_AFTER_ALTER,
                DRY_RUN, RECENT)) {
            audit(trades, day, true);
        }
        audit(trades, MISMATCHED, false);
        audit(silver, SILVER_DAY, true);
        audit(monthly, DROPPED, true);
        for (String month : List.of(GOLD_DROPPED, GOLD_LATE_TRADE)) {
            goldBars(month, BARS, INGEST);
        }
        offloadGold();
        for (String month : List.of(GOLD_DROPPED, GOLD_LATE_TRADE)) {
            auditGold(month);
        }
        // a trade ingested after the gold audit changes a bar of GOLD_LATE_TRADE in the warm gold table
        goldBars(GOLD_LATE_TRADE, 1, INGEST.plusSeconds(7200));

        // after the audit: a late trade offloaded into COLD_APPENDED (a new file in that cold partition) ...
        insert("trades", COLD_APPENDED, ROWS, 1, INGEST.plusSeconds(3600));
        offload(trades, new Window(INGEST, INGEST.plusSeconds(3600)));
        // ... and one for LATE_WARM_ROW that is still only in the warm tier
        insert("trades", LATE_WARM_ROW, ROWS, 1, INGEST.plusSeconds(7200));
    }

    @AfterAll
    void dropEverything() throws Exception {
        if (catalogs != null) {
            for (CatalogTable table : List.of(trades, silver, gold, monthly)) {
                if (table != null) {
                    catalogs.catalog().dropTable(ColdTables.identifier(table), true);
                }
            }
            catalogs.close();
        }
        if (sql != null) {
            sql.execute("DROP DATABASE IF EXISTS " + DATABASE);
            sql.close();
        }
        if (dataSource != null) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            }
        }
    }

    @Test
    void aVerifiedPartitionIsDroppedRecordedAndPublished() {
        MaintenanceCommand command = command(trades, DROPPED);
        TaskAnswer answer = retention.answer(command);

        MaintenanceCompleted completed = (MaintenanceCompleted) answer.answer();
        assertThat(completed.partitions()).containsExactly(DROPPED);
        assertThat(completed.refused()).isEmpty();
        assertThat(completed.dryRun()).isFalse();
        assertThat(completed.results()).containsEntry("droppedPartitions", 1L).containsEntry("droppedRows", (long) ROWS);
        assertThat(warmRows("trades", DROPPED)).isZero();
        assertThat(activeParts("trades", "20261101")).as("partition 20261101 in system.parts").isZero();

        RecordedVerdict verdict = verdicts.latest("trades", DROPPED).orElseThrow();
        WarmDrop recorded = drops.find("trades", DROPPED).orElseThrow();
        assertThat(recorded.state()).isEqualTo(WarmDrop.State.DROPPED);
        assertThat(recorded.warmPartitionId()).isEqualTo("20261101");
        assertThat(recorded.rows()).isEqualTo(ROWS);
        assertThat(recorded.coldSnapshotId()).isEqualTo(verdict.coldSnapshotId());
        assertThat(recorded.commandId()).isEqualTo(command.commandId());

        assertThat(answer.before()).singleElement().isInstanceOfSatisfying(WarmPartitionDropped.class, e -> {
            assertThat(e.table()).isEqualTo("trades");
            assertThat(e.partition()).isEqualTo(DROPPED);
            assertThat(e.warmPartitionId()).isEqualTo("20261101");
            assertThat(e.rows()).isEqualTo(ROWS);
            assertThat(e.checksum()).isEqualTo(verdict.warmChecksum().orElseThrow());
            assertThat(e.coldSnapshotId()).isEqualTo(verdict.coldSnapshotId());
            assertThat(e.auditedAt()).isEqualTo(verdict.auditedAt());
            assertThat(e.commandId()).isEqualTo(command.commandId());
        });
        assertThat(counter("floe.retention.partitions.dropped")).isGreaterThanOrEqualTo(1);

        // the same command delivered again reports the same drop, and drops nothing more
        TaskAnswer again = retention.answer(command);
        assertThat(((MaintenanceCompleted) again.answer()).partitions()).containsExactly(DROPPED);
        assertThat(again.before()).singleElement().isInstanceOf(WarmPartitionDropped.class);
    }

    @Test
    void partitionsWithoutProofAreRefusedWithTheirReasonAndKept() {
        List<String> labels = List.of(UNVERIFIED, MISMATCHED, LATE_WARM_ROW, COLD_APPENDED, RECENT);
        Map<String, Long> before = Map.of(UNVERIFIED, (long) ROWS, MISMATCHED, (long) ROWS,
                LATE_WARM_ROW, ROWS + 1L, COLD_APPENDED, ROWS + 1L, RECENT, (long) ROWS);
        TaskAnswer answer = retention.answer(command(trades, labels.toArray(String[]::new)));

        MaintenanceCompleted completed = (MaintenanceCompleted) answer.answer();
        assertThat(completed.partitions()).isEmpty();
        assertThat(answer.before()).isEmpty();
        assertThat(completed.refused()).containsOnlyKeys(labels);
        assertThat(completed.refused().get(UNVERIFIED)).startsWith("NOT_VERIFIED: ");
        assertThat(completed.refused().get(MISMATCHED)).startsWith("MISMATCH: ");
        assertThat(completed.refused().get(LATE_WARM_ROW)).startsWith("WARM_CHANGED: the warm partition now has 101 rows");
        assertThat(completed.refused().get(COLD_APPENDED)).startsWith("COLD_CHANGED: partition rewritten since snapshot");
        assertThat(completed.refused().get(RECENT)).startsWith("NOT_PAST_RETENTION: ");
        assertThat(completed.results()).containsEntry("droppedPartitions", 0L).containsEntry("refusedPartitions", 5L);
        before.forEach((day, rows) -> assertThat(warmRows("trades", day)).as("warm rows of %s", day).isEqualTo(rows));
        labels.forEach(day -> assertThat(drops.find("trades", day)).as("drop record of %s", day).isEmpty());
        assertThat(registry.find("floe.retention.partitions.refused").tags("table", "trades", "reason", "WARM_CHANGED")
                .counter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aSilverDayIsKeptWhileTheGoldMonthThatWouldBeRepairedFromItIsNotVerified() {
        // 30 days of silver retention: a later clock
        WarmRetention later = new WarmRetention(catalog, catalogs::catalog, http, verdicts, drops, registry,
                Clock.fixed(Instant.parse("2026-12-20T00:00:00Z"), ZoneOffset.UTC));
        MaintenanceCompleted completed = (MaintenanceCompleted) later.answer(command(silver, SILVER_DAY)).answer();

        assertThat(completed.partitions()).isEmpty();
        assertThat(completed.refused().get(SILVER_DAY)).startsWith("UPSTREAM_NEEDS_IT: gold_t 2026-11 is not verified");
        assertThat(warmRows("silver_t", SILVER_DAY)).isEqualTo(ROWS);
    }

    @Test
    void aGoldMonthIsDroppedWhileItsBarsAreTheAuditedOnesAndKeptAfterALateTrade() {
        // gold keeps 400 days
        WarmRetention later = new WarmRetention(catalog, catalogs::catalog, http, verdicts, drops, registry,
                Clock.fixed(Instant.parse("2028-02-01T00:00:00Z"), ZoneOffset.UTC));
        TaskAnswer answer = later.answer(command(gold, GOLD_DROPPED, GOLD_LATE_TRADE));

        MaintenanceCompleted completed = (MaintenanceCompleted) answer.answer();
        assertThat(completed.partitions()).containsExactly(GOLD_DROPPED);
        assertThat(completed.refused()).containsOnlyKeys(GOLD_LATE_TRADE);
        assertThat(completed.refused().get(GOLD_LATE_TRADE))
                .startsWith("WARM_CHANGED: the warm partition now has " + (BARS + 1) + " bars");
        assertThat(answer.before()).singleElement().isInstanceOfSatisfying(WarmPartitionDropped.class,
                e -> assertThat(e.warmPartitionId()).isEqualTo("202609"));
        assertThat(sql.number("SELECT count() FROM gold_t_bars WHERE toYYYYMM(bucket_start) = 202609")).isZero();
        assertThat(sql.number("SELECT count() FROM gold_t_bars WHERE toYYYYMM(bucket_start) = 202610"))
                .isEqualTo(BARS + 1);
    }

    @Test
    void aDayIsKeptWhenItsWarmPartitionIsAWholeMonth() {
        MaintenanceCompleted completed = (MaintenanceCompleted) retention.answer(command(monthly, DROPPED)).answer();

        assertThat(completed.partitions()).isEmpty();
        assertThat(completed.refused().get(DROPPED))
                .startsWith("WARM_PARTITION_WIDER: warm partition 202611 of monthly holds times from");
        assertThat(warmRows("monthly", DROPPED)).isEqualTo(ROWS);
        assertThat(warmRows("monthly", UNVERIFIED)).isEqualTo(ROWS);
    }

    @Test
    void theNextCommandFinishesDropsACrashLeftBehind() throws IOException {
        // crashed after writing DROPPING, before the ALTER: the partition is still there
        drops.record(dropping(CRASHED_BEFORE_ALTER, "20261107"));
        // crashed after the ALTER, before writing DROPPED: the partition is gone
        drops.record(dropping(CRASHED_AFTER_ALTER, "20261108"));
        sql.execute("ALTER TABLE trades DROP PARTITION ID '20261108'");

        TaskAnswer answer = retention.answer(command(trades, UNVERIFIED));

        MaintenanceCompleted completed = (MaintenanceCompleted) answer.answer();
        assertThat(completed.partitions()).containsExactlyInAnyOrder(CRASHED_BEFORE_ALTER, CRASHED_AFTER_ALTER);
        assertThat(completed.refused()).containsOnlyKeys(UNVERIFIED);
        assertThat(answer.before()).extracting(e -> ((WarmPartitionDropped) e).partition())
                .containsExactlyInAnyOrder(CRASHED_BEFORE_ALTER, CRASHED_AFTER_ALTER);
        for (String day : List.of(CRASHED_BEFORE_ALTER, CRASHED_AFTER_ALTER)) {
            assertThat(drops.find("trades", day).orElseThrow().state()).as(day).isEqualTo(WarmDrop.State.DROPPED);
            assertThat(warmRows("trades", day)).as(day).isZero();
        }
        assertThat(drops.unfinished("trades")).isEmpty();
        assertThat(warmRows("trades", UNVERIFIED)).isEqualTo(ROWS);
    }

    @Test
    void aDryRunReportsWhatItWouldDropAndDropsNothing() {
        MaintenanceCommand command = new MaintenanceCommand("dry-" + UUID.randomUUID(), "run-it", "trades", 1,
                MaintenanceAction.DROP_WARM_PARTITIONS, List.of(DRY_RUN, UNVERIFIED), Map.of("dry-run", "true"),
                NOW.instant());
        TaskAnswer answer = retention.answer(command);

        MaintenanceCompleted completed = (MaintenanceCompleted) answer.answer();
        assertThat(completed.dryRun()).isTrue();
        assertThat(completed.partitions()).containsExactly(DRY_RUN);
        assertThat(completed.refused()).containsOnlyKeys(UNVERIFIED);
        assertThat(answer.before()).isEmpty();
        assertThat(warmRows("trades", DRY_RUN)).isEqualTo(ROWS);
        assertThat(drops.find("trades", DRY_RUN)).isEmpty();
    }

    @Test
    void aLabelThatIsNotAPartitionOfTheTableIsRefusedAndChangesNothing() {
        MaintenanceCommand command = command(trades, "2026-11");
        TaskFailed failed = (TaskFailed) retention.answer(command).answer();
        assertThat(failed.errorType()).isEqualTo(ErrorTypes.INVALID_COMMAND);
        assertThat(failed.message()).contains("'2026-11'").contains("day partition");
    }

    // --- the warm and cold tiers, as the offload worker and the auditor leave them ---------------------------------

    /** {@code count} trades on {@code day}, a minute apart, ids from {@code from}, all ingested at {@code ingested}. */
    private void insert(String table, String day, int from, int count, Instant ingested) {
        long start = trades.partition().startOf(day).getEpochSecond() * 1_000_000L;
        long base = (long) trades.partition().startOf(day).getEpochSecond() * 10 + from;
        sql.execute("INSERT INTO " + table + " SELECT " + base + " + number, 'BTCUSDT', (number + 1) * 1.5, "
                + (start + from * 60_000_000L) + " + number * 60000000, toDateTime('"
                + ingested.toString().replace("T", " ").replace("Z", "") + "') FROM numbers(" + count + ")");
    }

    /** Offloads {@code window} of {@code table} the way the offload worker does (tiering reader, writer, marker). */
    private void offload(CatalogTable table, Window window) throws IOException {
        List<WarmColumn> columns = new WarmColumns(http).of(table);
        WarmWindowQuery query = new WarmWindowQuery(table, columns, false);
        Table cold = new ColdTables(catalogs.catalog(), 128L * 1024 * 1024).createIfMissing(table,
                ColdSchemas.of(columns));
        try (WindowWriter writer = WindowWriter.open(cold, "retention-it-" + UUID.randomUUID())) {
            new WarmReader(http).read(query.window(window), columns, new ColdRowSink(writer, cold.schema(), columns));
            ColdCommitter.commit(cold, OffloadMarker.of(window, UUID.randomUUID().toString(), "retention-it"),
                    writer.finish().dataFiles());
        }
    }

    /** Records the verdict the auditor would give: its own warm query, at the current snapshot and marker. */
    private void audit(CatalogTable table, String day, boolean equal) throws IOException {
        Table cold = catalogs.catalog().loadTable(ColdTables.identifier(table));
        WarmFigures figures = new WarmFigures(http);
        AuditSide side = AuditSide.of(table, cold, new WarmColumns(http), catalog, figures.decimalText());
        PartitionFigures warm = figures.of(side, day, INGEST);
        assertThat(warm.rows()).as("warm rows of %s %s", table.id(), day).isEqualTo(ROWS);
        verdicts.record(List.of(new RecordedVerdict(table.id(), day, equal, cold.currentSnapshot().snapshotId(), INGEST,
                warm.rows(), equal ? warm.rows() : warm.rows() - 1, warm.checksum(), equal ? warm.checksum() : Optional.of("1"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "run-it", "audit-" + day,
                INGEST.plusSeconds(600))));
    }

    /** {@code count} one-minute bars from the start of {@code month}, their trades ingested at {@code ingested}. */
    private void goldBars(String month, int count, Instant ingested) {
        long start = gold.partition().startOf(month).getEpochSecond() + (ingested.equals(INGEST) ? 0 : 86_400);
        sql.execute("INSERT INTO gold_t SELECT 'BTCUSDT', toDateTime(" + start + " + number * 60),"
                + " maxState(toDateTime('" + ingested.toString().replace("T", " ").replace("Z", "") + "'))"
                + " FROM numbers(" + count + ") GROUP BY number");
    }

    /** The gold bars of the view, written to the gold cold table as one append. */
    private void offloadGold() throws IOException {
        List<WarmColumn> columns = new WarmColumns(http).of(gold);
        Table cold = new ColdTables(catalogs.catalog(), 128L * 1024 * 1024).createIfMissing(gold,
                ColdSchemas.of(columns));
        try (WindowWriter writer = WindowWriter.open(cold, "retention-it-gold-" + UUID.randomUUID())) {
            for (String[] row : sql.rows("SELECT symbol, toUInt32(bucket_start), toUInt32(ingested_at) FROM gold_t_bars"
                    + " ORDER BY symbol, bucket_start")) {
                org.apache.iceberg.data.Record r = org.apache.iceberg.data.GenericRecord.create(cold.schema());
                r.setField("symbol", row[0]);
                r.setField("bucket_start", Instant.ofEpochSecond(Long.parseLong(row[1])).atOffset(ZoneOffset.UTC));
                r.setField("ingested_at", Instant.ofEpochSecond(Long.parseLong(row[2])).atOffset(ZoneOffset.UTC));
                r.setField("first_ingested_at", Instant.ofEpochSecond(Long.parseLong(row[2])).atOffset(ZoneOffset.UTC));
                writer.write(r);
            }
            org.apache.iceberg.AppendFiles append = cold.newAppend();
            writer.finish().dataFiles().forEach(append::appendFile);
            append.commit();
        }
    }

    /** An equal verdict on a gold month at the current snapshot: {@value #BARS} bars up to the marker. */
    private void auditGold(String month) {
        Table cold = catalogs.catalog().loadTable(ColdTables.identifier(gold));
        verdicts.record(List.of(new RecordedVerdict("gold_t", month, true, cold.currentSnapshot().snapshotId(), INGEST,
                BARS, BARS, Optional.of("42"), Optional.of("42"), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), "run-it", "audit-" + month, INGEST.plusSeconds(600))));
    }

    private WarmDrop dropping(String day, String warmPartitionId) {
        RecordedVerdict verdict = verdicts.latest("trades", day).orElseThrow();
        return new WarmDrop("trades", day, warmPartitionId, WarmDrop.State.DROPPING, verdict.warmRows(),
                verdict.warmChecksum().orElseThrow(), verdict.coldSnapshotId(), verdict.auditedAt(), "run-crashed",
                "crashed-" + day, NOW.instant(), Optional.empty());
    }

    private static MaintenanceCommand command(CatalogTable table, String... partitions) {
        return new MaintenanceCommand("retention-" + UUID.randomUUID(), "run-it", table.id(), 1,
                MaintenanceAction.DROP_WARM_PARTITIONS, List.of(partitions), Map.of(), NOW.instant());
    }

    private long warmRows(String table, String day) {
        long start = trades.partition().startOf(day).getEpochSecond() * 1_000_000L;
        long end = trades.partition().endOf(day).getEpochSecond() * 1_000_000L;
        return sql.number("SELECT count() FROM " + table + " WHERE trade_time_us >= " + start
                + " AND trade_time_us < " + end);
    }

    private long activeParts(String table, String partitionId) {
        return sql.number("SELECT count() FROM system.parts WHERE active AND database = '" + DATABASE
                + "' AND table = '" + table + "' AND partition_id = '" + partitionId + "'");
    }

    private double counter(String name) {
        return registry.find(name).tag("table", "trades").counter().count();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
