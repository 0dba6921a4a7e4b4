package io.k2.floe.offload.window;

import io.k2.floe.offload.OwnColdCatalog;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.ColdTables;
import io.k2.floe.tiering.cold.ColdTier;
import io.k2.floe.tiering.messages.OffloadCommand;
import io.k2.floe.tiering.messages.OffloadCompleted;
import io.k2.floe.tiering.testing.KafkaTestClient;
import io.k2.floe.tiering.testing.WarmSql;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static io.k2.floe.offload.window.OffloadTestSupport.awaitCompleted;
import static io.k2.floe.offload.window.OffloadTestSupport.command;
import static io.k2.floe.offload.window.OffloadTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain MergeTree table whose parts are sorted by time, not by the cold cluster-by columns (symbol, time), and
 * partitioned by month where the cold table has days: the worker's read in key order finds the first part out of
 * order, drops what it wrote and reads the window again sorted by ClickHouse. The window must still arrive whole, once,
 * and in cold order.
 */
@QuarkusTest
@TestProfile(OwnColdCatalog.WithOwnWarmTier.class)
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class KeyOrderFallbackIT {

    private static final int INSERTS = 3;
    private static final int PER_INSERT = 120;

    @Inject
    TableCatalog tables;
    @Inject
    ColdTier coldTier;

    private final WarmSql warm = new WarmSql(WarmSql.httpFor(
            ConfigProvider.getConfig().getValue("floe.clickhouse.database", String.class)));

    @AfterAll
    void drop() {
        warm.execute("DROP TABLE IF EXISTS " + tables.get(OwnColdCatalog.TIME_SORTED).warmTable());
    }

    @Test
    void partsOutOfColdOrderAreReadAgainSortedAndTheWindowArrivesWholeInOrder() {
        CatalogTable table = tables.get(OwnColdCatalog.TIME_SORTED);
        String warmTable = table.warmTable();
        warm.execute("DROP TABLE IF EXISTS " + warmTable);
        warm.execute("CREATE TABLE " + warmTable + " (id UInt64, symbol String, event_time DateTime, ingested_at DateTime)"
                + " ENGINE = MergeTree PARTITION BY toYYYYMM(event_time) ORDER BY (event_time, symbol)");
        warm.execute("SYSTEM STOP MERGES " + warmTable);
        Instant lower = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
        Instant upper = lower.plusSeconds(10);
        long ingested = lower.getEpochSecond() + 3;
        for (int k = 0; k < INSERTS; k++) {
            // three parts over two days (2024-05-01 and -02) and three symbols, each part's times interleaving the others'
            warm.execute("INSERT INTO " + warmTable + " SELECT number * " + INSERTS + " + " + k + ","
                    + " arrayElement(['ZZZ', 'AAA', 'MMM'], toUInt32(number % 3) + 1),"
                    + " toDateTime(1714521600 + intDiv(number, " + PER_INSERT / 2 + ") * 86400 + (number % " + PER_INSERT / 2
                    + ") * 60 + " + k + "), toDateTime(" + ingested + ") FROM system.numbers LIMIT " + PER_INSERT);
        }

        KafkaTestClient kafka = new KafkaTestClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        try (kafka; KafkaTestClient.Tail events = OffloadTestSupport.events(kafka)) {
            OffloadCommand offload = command(OwnColdCatalog.TIME_SORTED, lower, upper);
            send(kafka, offload);
            OffloadCompleted done = awaitCompleted(events, offload);
            assertThat(done.rows()).isEqualTo(INSERTS * PER_INSERT);
        }

        Table cold = coldTier.catalog().loadTable(ColdTables.identifier(table));
        List<Long> ids = new ArrayList<>();
        // every data file's rows in file order: one day each, sorted by (symbol, event_time)
        for (List<Record> file : rowsPerFile(cold)) {
            Comparator<Record> clusterOrder = Comparator.<Record, String>comparing(r -> (String) r.getField("symbol"))
                    .thenComparing(r -> (OffsetDateTime) r.getField("event_time"));
            assertThat(file).isSortedAccordingTo(clusterOrder);
            assertThat(file).extracting(r -> ((OffsetDateTime) r.getField("event_time")).toLocalDate()).containsOnly(
                    ((OffsetDateTime) file.get(0).getField("event_time")).toLocalDate());
            file.forEach(r -> ids.add((Long) r.getField("id")));
        }
        assertThat(ids).as("every warm row once").hasSize(INSERTS * PER_INSERT).doesNotHaveDuplicates()
                .allMatch(id -> id >= 0 && id < INSERTS * PER_INSERT);
    }

    /** Each data file's rows in the order they are stored, read with Iceberg's own Parquet reader. */
    private static List<List<Record>> rowsPerFile(Table cold) {
        List<List<Record>> files = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = cold.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                List<Record> rows = new ArrayList<>();
                try (CloseableIterable<Record> records = Parquet.read(cold.io().newInputFile(task.file().location()))
                        .project(cold.schema())
                        .createReaderFunc(type -> GenericParquetReaders.buildReader(cold.schema(), type))
                        .build()) {
                    records.forEach(rows::add);
                }
                files.add(rows);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(files).as("data files").isNotEmpty();
        return files;
    }
}
