package io.k2.floe.offload.window;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.catalog.TableDefinition;
import io.k2.floe.tiering.cold.ColdCommitter;
import io.k2.floe.tiering.cold.ColdRowSink;
import io.k2.floe.tiering.cold.ColdTables;
import io.k2.floe.tiering.cold.ColdTier;
import io.k2.floe.tiering.cold.WindowWriter;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.OffloadCommand;
import io.k2.floe.tiering.messages.OffloadCompleted;
import io.k2.floe.tiering.messages.OffloadKind;
import io.k2.floe.tiering.messages.OffloadMarker;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.messages.Window;
import io.k2.floe.tiering.testing.ColdDoctor;
import io.k2.floe.tiering.testing.LocalColdTier;
import io.k2.floe.tiering.testing.WarmSql;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import io.k2.floe.tiering.warm.WarmColumns;
import io.k2.floe.tiering.warm.WarmReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repair guard on the real stack (a ClickHouse database, an Iceberg catalog name and warehouse of this test's
 * own): a repair from a warm side that has lost rows of the partition is refused REPAIR_WOULD_LOSE_ROWS and commits
 * nothing; a repair that only removes a row the cold partition held twice goes ahead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepairGuardIT {

    private static final String ID = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final String DATABASE = "floe_repair_guard_it_" + ID;
    private static final Instant INGEST = Instant.parse("2026-11-19T10:00:00Z");
    private static final String LOST_WARM_ROWS = "2026-11-01";
    private static final String DUPLICATED_COLD_ROW = "2026-11-02";
    private static final int ROWS = 100;

    private WarmSql sql;
    private ColdTier coldTier;
    private CatalogTable trades;
    private PartitionRepair repair;
    private Table cold;

    @BeforeAll
    void offload() throws IOException {
        try (WarmSql admin = WarmSql.fromEnvironment()) {
            admin.execute("CREATE DATABASE " + DATABASE);
        }
        ClickHouseHttp http = new ClickHouseHttp(env("FLOE_CLICKHOUSE_URL", "http://127.0.0.1:18123"),
                env("FLOE_CLICKHOUSE_USER", "default"), env("FLOE_CLICKHOUSE_PASSWORD", ""), DATABASE,
                Duration.ofSeconds(5));
        sql = new WarmSql(http);
        sql.execute("CREATE TABLE trades (id UInt64, symbol String, price Float64, trade_time_us Int64,"
                + " ingested_at DateTime) ENGINE = MergeTree"
                + " PARTITION BY toYYYYMMDD(toDateTime(intDiv(trade_time_us, 1000000))) ORDER BY id");
        TableCatalog catalog = TableCatalog.build(List.of(TableDefinition.builder("trades").layer("bronze")
                .warmTable("trades").coldTable("cold.trades").partition("day(trade_time_us)").clusterBy("id")
                .orderingColumn("ingested_at").timeColumn("trade_time_us").timeEncoding("epoch-micros")
                .keyColumns("id").build()));
        trades = catalog.get("trades");
        coldTier = new ColdTier(LocalColdTier.catalog("repair_guard_it_" + ID,
                "s3://" + LocalColdTier.env("FLOE_S3_BUCKET") + "/it-repair-guard-" + ID), LocalColdTier.objectStore());
        OffloadTargets targets = new OffloadTargets(new WarmColumns(http), coldTier);
        repair = new PartitionRepair(catalog, targets, new WarmReader(http),
                new OffloadMetrics(new SimpleMeterRegistry(), catalog), new RepairGuard(http));

        insert(LOST_WARM_ROWS, 0, ROWS);
        insert(DUPLICATED_COLD_ROW, 0, ROWS);
        OffloadTargets.Target target = targets.prepare(trades);
        cold = target.cold();
        Window window = new Window(INGEST.minusSeconds(3600), INGEST);
        try (WindowWriter writer = WindowWriter.open(cold, "repair-guard-it-" + UUID.randomUUID())) {
            new WarmReader(http).read(target.query().window(window), target.columns(),
                    new ColdRowSink(writer, cold.schema(), target.columns()));
            ColdCommitter.commit(cold, OffloadMarker.of(window, UUID.randomUUID().toString(), "repair-guard-it"),
                    writer.finish().dataFiles());
        }
    }

    @AfterAll
    void dropEverything() {
        if (coldTier != null) {
            coldTier.catalog().dropTable(ColdTables.identifier(trades), true);
        }
        if (sql != null) {
            sql.execute("DROP DATABASE IF EXISTS " + DATABASE);
            sql.close();
        }
    }

    @Test
    void aRepairFromAWarmSideThatLostRowsIsRefusedAndCommitsNothing() {
        // the warm tier forgot 10 rows of the day (as when retention dropped part of what a repair reads)
        sql.execute("ALTER TABLE trades DROP PARTITION ID '20261101'");
        insert(LOST_WARM_ROWS, 0, ROWS - 10);
        cold.refresh();
        long before = cold.currentSnapshot().snapshotId();

        Event answer = repair.repair(repairOf(LOST_WARM_ROWS));

        assertThat(answer).isInstanceOfSatisfying(TaskFailed.class, failed -> {
            assertThat(failed.errorType()).isEqualTo(ErrorTypes.REPAIR_WOULD_LOSE_ROWS);
            assertThat(failed.message()).contains("lacks 10 of the 100 row keys").contains("nothing was committed");
        });
        cold.refresh();
        assertThat(cold.currentSnapshot().snapshotId()).as("no commit").isEqualTo(before);
        assertThat(coldRows(LOST_WARM_ROWS)).isEqualTo(ROWS);
    }

    @Test
    void aRepairThatOnlyRemovesADuplicateGoesAhead() {
        ColdDoctor.rewrite(cold, DUPLICATED_COLD_ROW, ColdDoctor.duplicateOneRow());
        cold.refresh();
        assertThat(coldRows(DUPLICATED_COLD_ROW)).isEqualTo(ROWS + 1);

        Event answer = repair.repair(repairOf(DUPLICATED_COLD_ROW));

        assertThat(answer).isInstanceOfSatisfying(OffloadCompleted.class,
                completed -> assertThat(completed.rows()).isEqualTo(ROWS));
        cold.refresh();
        assertThat(coldRows(DUPLICATED_COLD_ROW)).isEqualTo(ROWS);
    }

    private OffloadCommand repairOf(String day) {
        return new OffloadCommand("repair-" + UUID.randomUUID(), "run-repair-guard", "trades", 1,
                new Window(INGEST.minusSeconds(1), INGEST), OffloadKind.REPAIR, Optional.of(day), INGEST);
    }

    private void insert(String day, int from, int count) {
        long start = trades.partition().startOf(day).getEpochSecond() * 1_000_000L;
        sql.execute("INSERT INTO trades SELECT " + from + " + number, 'BTCUSDT', (number + 1) * 1.5, " + start
                + " + number * 60000000, toDateTime('" + INGEST.toString().replace("T", " ").replace("Z", "")
                + "') FROM numbers(" + count + ")");
    }

    /** Rows of the cold partition, from the manifests. */
    private long coldRows(String day) {
        long rows = 0;
        try (CloseableIterable<FileScanTask> tasks = cold.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                DataFile file = task.file();
                if (ColdDoctor.labelOf(cold, file).equals(day)) {
                    rows += file.recordCount();
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return rows;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
