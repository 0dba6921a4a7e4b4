package io.k2.floe.tiering.cold;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.MaintenancePolicy;
import io.k2.floe.tiering.messages.OffloadMarker;
import io.k2.floe.tiering.messages.Window;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortDirection;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cold tier's create / write / commit cycle against a real JDBC catalog on PostgreSQL, for one kind of
 * warehouse (the subclasses: S3 on the local s3proxy, and a local directory). Every test uses its own table.
 */
abstract class ColdTierContract {

    private static final Instant W0 = Instant.parse("2026-03-10T00:00:00Z");

    private ColdCatalogs catalogs;
    private ColdTables tables;
    private CatalogTable bronze;

    /** Opens a catalog on this warehouse kind. */
    abstract ColdCatalogs openCatalogs();

    @BeforeEach
    void open() {
        catalogs = openCatalogs();
        tables = new ColdTables(catalogs.catalog(), ColdWriteConfig.DEFAULT_TARGET_FILE_SIZE);
        bronze = BronzeRows.table("bronze_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }

    /** Drops the test's table with its files: the run's catalog (ColdSettings) keeps nothing once it is done. */
    @AfterEach
    void close() throws Exception {
        try {
            catalogs.catalog().dropTable(ColdTables.identifier(bronze), true);
        } finally {
            catalogs.close();
        }
    }

    private static OffloadMarker marker(int lowerHour, int upperHour, String commandId) {
        return new OffloadMarker(W0.plusSeconds(3600L * lowerHour), W0.plusSeconds(3600L * upperHour), commandId, "run-it");
    }

    private static WrittenFiles write(Table table, String operation, int days, int perSymbolPerDay) {
        try (WindowWriter writer = WindowWriter.open(table, operation)) {
            BronzeRows.generate(days, perSymbolPerDay, writer::write);
            return writer.finish();
        }
    }

    private static List<Record> readAll(Table table) throws Exception {
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            records.forEach(rows::add);
        }
        return rows;
    }

    private static int snapshotCount(Table table) {
        table.refresh();
        int n = 0;
        for (var ignored : table.snapshots()) {
            n++;
        }
        return n;
    }

    @Test
    void aWindowOfTwoHundredThousandRowsIsWrittenCommittedWithItsMarkerAndReadBack() throws Exception {
        Table table = tables.createIfMissing(bronze, BronzeRows.SCHEMA);
        WrittenFiles files = write(table, "cmd-1", 4, 10_000);
        assertThat(files.recordCount()).isEqualTo(200_000);
        assertThat(files.dataFiles()).hasSize(4);

        OffloadMarker marker = marker(0, 1, "cmd-1");
        CommitOutcome outcome = ColdCommitter.commit(table, marker, files.dataFiles());

        assertThat(outcome.repeat()).isFalse();
        assertThat(outcome.marker()).isEqualTo(marker);
        assertThat(table.currentSnapshot().snapshotId()).isEqualTo(outcome.snapshotId());
        assertThat(table.currentSnapshot().summary()).containsAllEntriesOf(marker.toSnapshotSummary())
                .containsEntry("added-records", "200000");
        assertThat(MarkerHistory.latest(table)).contains(new MarkerAt(marker, outcome.snapshotId()));

        List<Record> rows = readAll(table);
        assertThat(rows).hasSize(200_000);
        Map<String, Integer> perDay = new TreeMap<>();
        Set<Long> ids = new HashSet<>();
        for (Record r : rows) {
            OffsetDateTime time = (OffsetDateTime) r.getField("trade_time_us");
            perDay.merge(time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate().toString(), 1, Integer::sum);
            long id = (Long) r.getField("trade_id");
            ids.add(id);
            assertThat(r.getField("price")).isEqualTo(BronzeRows.priceOf(id));
        }
        assertThat(ids).hasSize(200_000);
        assertThat(perDay).containsExactly(Map.entry("2026-03-01", 50_000), Map.entry("2026-03-02", 50_000),
                Map.entry("2026-03-03", 50_000), Map.entry("2026-03-04", 50_000));

        // one file per day partition, each holding only its day
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            Map<Object, Long> perPartition = new TreeMap<>();
            tasks.forEach(t -> perPartition.merge(t.file().partition().get(0, Integer.class), t.file().recordCount(), Long::sum));
            assertThat(perPartition.values()).containsExactly(50_000L, 50_000L, 50_000L, 50_000L);
        }
        for (DataFile file : files.dataFiles()) {
            assertThat(ParquetFooters.codecs(table.io(), file.location())).containsExactly(CompressionCodecName.ZSTD);
        }
    }

    @Test
    void aNewTableHasTheDayPartitionClusterOrderAndParquetZstdProperties() {
        Table table = tables.createIfMissing(bronze, BronzeRows.SCHEMA);

        assertThat(table.name()).endsWith("cold." + bronze.coldName());
        assertThat(table.spec().fields()).singleElement().satisfies(f -> {
            assertThat(f.transform().toString()).isEqualTo("day");
            assertThat(table.schema().findColumnName(f.sourceId())).isEqualTo("trade_time_us");
        });
        assertThat(table.sortOrder().fields()).hasSize(2);
        assertThat(table.sortOrder().fields()).allSatisfy(f -> assertThat(f.direction()).isEqualTo(SortDirection.ASC));
        assertThat(table.sortOrder().fields().stream().map(f -> table.schema().findColumnName(f.sourceId())))
                .containsExactly("symbol", "trade_time_us");
        assertThat(table.sortOrder().fields().get(0).nullOrder()).isEqualTo(NullOrder.NULLS_FIRST);
        assertThat(table.properties()).containsEntry("write.format.default", "parquet")
                .containsEntry("write.parquet.compression-codec", "zstd")
                .containsEntry("write.parquet.compression-level", "3")
                .containsEntry("write.target-file-size-bytes", "134217728");
        assertThat(((org.apache.iceberg.HasTableOperations) table).operations().current().formatVersion()).isEqualTo(2);

        // create-if-missing again: the same table, unchanged
        Table again = tables.createIfMissing(bronze, BronzeRows.SCHEMA);
        assertThat(again.uuid()).isEqualTo(table.uuid());
    }

    @Test
    void twoWorkersCreatingTheSameTableAtOnceEndWithOneTable() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        Callable<String> create = () -> {
            try (ColdCatalogs own = openCatalogs()) {
                start.await();
                return new ColdTables(own.catalog(), ColdWriteConfig.DEFAULT_TARGET_FILE_SIZE)
                        .createIfMissing(bronze, BronzeRows.SCHEMA).uuid().toString();
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> a = pool.submit(create);
            Future<String> b = pool.submit(create);
            start.countDown();
            assertThat(a.get()).isEqualTo(b.get());
        } finally {
            pool.shutdownNow();
        }
        assertThat(catalogs.catalog().loadTable(ColdTables.identifier(bronze)).uuid().toString()).isNotBlank();
    }

    @Test
    void theSameCommandOrTheSameWindowAgainIsARepeatThatCommitsNothing() throws Exception {
        Table table = tables.createIfMissing(bronze, BronzeRows.SCHEMA);
        CommitOutcome first = ColdCommitter.commit(table, marker(0, 1, "cmd-a"), write(table, "cmd-a", 1, 100).dataFiles());
        int snapshots = snapshotCount(table);

        CommitOutcome sameCommand = ColdCommitter.commit(table, marker(0, 1, "cmd-a"), write(table, "cmd-a", 1, 100).dataFiles());
        CommitOutcome sameWindow = ColdCommitter.commit(table, marker(0, 1, "cmd-b"), write(table, "cmd-b", 1, 100).dataFiles());

        assertThat(sameCommand).isEqualTo(new CommitOutcome(true, first.snapshotId(), marker(0, 1, "cmd-a")));
        assertThat(sameWindow).isEqualTo(new CommitOutcome(true, first.snapshotId(), marker(0, 1, "cmd-a")));
        assertThat(snapshotCount(table)).isEqualTo(snapshots);
        assertThat(readAll(table)).hasSize(500);

        // the next adjacent window still goes in
        CommitOutcome next = ColdCommitter.commit(table, marker(1, 2, "cmd-c"), write(table, "cmd-c", 1, 10).dataFiles());
        assertThat(next.repeat()).isFalse();
        assertThat(readAll(table)).hasSize(550);
        assertThat(MarkerHistory.latest(table).orElseThrow().marker()).isEqualTo(marker(1, 2, "cmd-c"));
    }

    @Test
    void aGapOrARegressionIsRefusedNamingTableMarkerAndWindowAndCommitsNothing() throws Exception {
        Table table = tables.createIfMissing(bronze, BronzeRows.SCHEMA);
        ColdCommitter.commit(table, marker(0, 2, "cmd-1"), write(table, "cmd-1", 1, 10).dataFiles());
        int snapshots = snapshotCount(table);

        assertThatThrownBy(() -> ColdCommitter.commit(table, marker(3, 4, "cmd-gap"), write(table, "g", 1, 10).dataFiles()))
                .isInstanceOfSatisfying(MarkerRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MarkerRefusedException.Reason.GAP);
                    assertThat(e.getMessage()).contains(bronze.coldName(), "gap", marker(0, 2, "x").windowUpper().toString(),
                            new Window(marker(3, 4, "x").windowLower(), marker(3, 4, "x").windowUpper()).toString(), "cmd-1");
                });
        assertThatThrownBy(() -> ColdCommitter.commit(table, marker(1, 3, "cmd-back"), write(table, "b", 1, 10).dataFiles()))
                .isInstanceOfSatisfying(MarkerRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MarkerRefusedException.Reason.REGRESSION);
                    assertThat(e.getMessage()).contains(bronze.coldName(), "backwards");
                });
        assertThat(snapshotCount(table)).isEqualTo(snapshots);
        assertThat(readAll(table)).hasSize(50);
    }

    @Test
    void aWriteThatFailsHalfwayLeavesTheTableUnchangedAndListsItsFiles() throws Exception {
        Table table = tables.createIfMissing(bronze, BronzeRows.SCHEMA);
        ColdCommitter.commit(table, marker(0, 1, "cmd-1"), write(table, "cmd-1", 1, 10).dataFiles());
        long before = table.currentSnapshot().snapshotId();

        WindowWriter writer = WindowWriter.open(table, "cmd-2");
        List<Record> rows = new ArrayList<>();
        BronzeRows.generate(3, 200, rows::add);
        for (int i = 0; i < 2500; i++) {
            writer.write(rows.get(i));
        }
        // a row of the first day after the third day began: out of partition order, the clustered writer refuses it
        assertThatThrownBy(() -> writer.write(rows.get(0))).isInstanceOf(IllegalStateException.class);
        List<String> leftOver = writer.abort();

        assertThat(leftOver).hasSize(3).allSatisfy(path -> assertThat(path).contains("cmd-2"));
        table.refresh();
        assertThat(table.currentSnapshot().snapshotId()).isEqualTo(before);
        assertThat(readAll(table)).hasSize(50);
        Set<String> committed = new HashSet<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            tasks.forEach(t -> committed.add(t.file().location()));
        }
        assertThat(committed).doesNotContainAnyElementsOf(leftOver);
    }

    @Test
    void twoCommittersRacingWithTheSameWindowCommitItOnce() throws Exception {
        tables.createIfMissing(bronze, BronzeRows.SCHEMA);
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<CommitOutcome>> racers = new ArrayList<>();
        for (String command : List.of("cmd-x", "cmd-y")) {
            racers.add(() -> {
                try (ColdCatalogs own = openCatalogs()) {
                    Table table = own.catalog().loadTable(ColdTables.identifier(bronze));
                    WrittenFiles files = write(table, command, 1, 100);
                    start.await();
                    return ColdCommitter.commit(table, marker(0, 1, command), files.dataFiles());
                }
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<CommitOutcome> outcomes = new ArrayList<>();
        try {
            List<Future<CommitOutcome>> futures = racers.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<CommitOutcome> f : futures) {
                outcomes.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(outcomes).filteredOn(CommitOutcome::repeat).hasSize(1);
        assertThat(outcomes.stream().map(CommitOutcome::snapshotId).distinct()).hasSize(1);
        Table table = catalogs.catalog().loadTable(ColdTables.identifier(bronze));
        assertThat(readAll(table)).hasSize(500);
    }

    @Test
    void aColumnAddedToTheWarmTableIsAddedToTheColdTableAndATypeChangeIsRefused() throws Exception {
        Table table = tables.createIfMissing(bronze, BronzeRows.SCHEMA);
        Schema wider = new Schema(concat(BronzeRows.SCHEMA.columns(),
                Types.NestedField.optional(8, "exchange_seq", Types.LongType.get())));

        assertThat(ColdTables.addMissingColumns(table, wider)).containsExactly("exchange_seq");
        assertThat(table.schema().findField("exchange_seq").type()).isEqualTo(Types.LongType.get());
        assertThat(ColdTables.addMissingColumns(table, wider)).isEmpty();

        Schema retyped = new Schema(Types.NestedField.required(1, "symbol", Types.StringType.get()),
                Types.NestedField.required(2, "trade_id", Types.StringType.get()));
        int schemaId = table.schema().schemaId();
        assertThatThrownBy(() -> ColdTables.addMissingColumns(table, retyped))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'trade_id'");
        table.refresh();
        assertThat(table.schema().schemaId()).isEqualTo(schemaId);
    }

    @Test
    void theMarkerSurvivesCompactionSnapshotsAndExpiryThroughItsTag() throws Exception {
        Table table = tables.createIfMissing(bronze, BronzeRows.SCHEMA);
        ColdCommitter.commit(table, marker(0, 1, "cmd-1"), write(table, "cmd-1", 1, 10).dataFiles());
        CommitOutcome second = ColdCommitter.commit(table, marker(1, 2, "cmd-2"), write(table, "cmd-2", 1, 10).dataFiles());
        // maintenance: a compaction rewrites the files into one, in a snapshot without a marker
        table.refresh();
        Set<DataFile> old = new HashSet<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            tasks.forEach(t -> old.add(t.file()));
        }
        WrittenFiles compacted;
        try (WindowWriter writer = WindowWriter.open(table, "compaction")) {
            readAll(table).forEach(writer::write);
            compacted = writer.finish();
        }
        org.apache.iceberg.RewriteFiles rewrite = table.newRewrite();
        old.forEach(rewrite::deleteFile);
        compacted.dataFiles().forEach(rewrite::addFile);
        rewrite.commit();
        long compaction = table.currentSnapshot().snapshotId();
        table.newAppend().commit(); // further markerless snapshots (maintenance, other tools)
        table.newAppend().commit();
        assertThat(MarkerHistory.latest(table)).contains(new MarkerAt(marker(1, 2, "cmd-2"), second.snapshotId()));

        // expiry, as maintenance must do it: pin first, then expire everything but the current snapshot
        assertThat(MarkerHistory.pinLatest(table)).contains(new MarkerAt(marker(1, 2, "cmd-2"), second.snapshotId()));
        table.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 1000).retainLast(1).commit();
        table.refresh();
        assertThat(table.snapshot(second.snapshotId())).isNotNull();
        assertThat(table.snapshot(compaction)).isNull(); // the ancestry from the current snapshot no longer reaches the marker
        assertThat(MarkerHistory.latest(table)).contains(new MarkerAt(marker(1, 2, "cmd-2"), second.snapshotId()));

        assertThat(ColdCommitter.commit(table, marker(1, 2, "cmd-2"), List.of()).repeat()).isTrue();
        assertThatThrownBy(() -> ColdCommitter.commit(table, marker(0, 1, "cmd-1"), write(table, "r", 1, 10).dataFiles()))
                .isInstanceOf(MarkerRefusedException.class);
        assertThat(ColdCommitter.commit(table, marker(2, 3, "cmd-3"), write(table, "cmd-3", 1, 10).dataFiles()).repeat()).isFalse();
        assertThat(readAll(table)).hasSize(150);
    }

    @Test
    void filesRollAtTheTablesTargetSize() throws Exception {
        long target = 256 * 1024;
        Table table = new ColdTables(catalogs.catalog(), target).createIfMissing(bronze, BronzeRows.SCHEMA);
        WrittenFiles files = write(table, "cmd-roll", 1, 40_000);

        assertThat(files.recordCount()).isEqualTo(200_000);
        assertThat(files.dataFiles()).hasSizeGreaterThan(2);
        // the writer checks the size every so many rows, so a file may overshoot the target a little
        assertThat(files.dataFiles()).allSatisfy(f -> assertThat(f.fileSizeInBytes()).isLessThan(2 * target));
        assertThat(ColdCommitter.commit(table, marker(0, 1, "cmd-roll"), files.dataFiles()).repeat()).isFalse();
        assertThat(readAll(table)).hasSize(200_000);
    }

    @Test
    void filesRollAtTheTargetOfTheTablesPolicyAndFollowItWhenItChanges() throws Exception {
        Table table = new ColdTables(catalogs.catalog()).createIfMissing(withTarget(bronze, 256 * 1024), BronzeRows.SCHEMA);
        assertThat(table.properties()).containsEntry("write.target-file-size-bytes", Integer.toString(256 * 1024));
        WrittenFiles small = write(table, "cmd-small", 1, 40_000);
        assertThat(small.dataFiles()).hasSizeGreaterThan(2)
                .allSatisfy(f -> assertThat(f.fileSizeInBytes()).isLessThan(2 * 256 * 1024));

        // the policy grows: the next offload (which calls createIfMissing first) writes fewer, larger files
        Table again = new ColdTables(catalogs.catalog()).createIfMissing(withTarget(bronze, 4 * 1024 * 1024), BronzeRows.SCHEMA);
        assertThat(again.uuid()).isEqualTo(table.uuid());
        assertThat(again.properties()).containsEntry("write.target-file-size-bytes", Integer.toString(4 * 1024 * 1024));
        WrittenFiles large = write(again, "cmd-large", 1, 40_000);
        assertThat(large.dataFiles()).hasSizeLessThan(small.dataFiles().size());
    }

    private static CatalogTable withTarget(CatalogTable t, long target) {
        MaintenancePolicy p = t.maintenance();
        MaintenancePolicy sized = new MaintenancePolicy(target,
                target / 4 * 3, p.minInputFiles(), p.maxGroupSizeBytes(), p.closedAfter(), p.snapshotMaxAge(),
                p.minSnapshotsToKeep(), p.orphanMinAge(), p.maxManifests(), p.warmRetention(), p.retentionGrace(),
                p.schedule(), p.smallFilesTrigger(), p.snapshotsTrigger());
        return new CatalogTable(t.id(), t.layer(), t.warmTable(), t.warmRead(), t.coldTable(), t.partition(),
                t.clusterBy(), t.orderingColumn(), t.timeColumn(), t.timeEncoding(), t.keyColumns(), t.dependsOn(),
                t.bucket(), t.grace(), sized);
    }

    private static List<Types.NestedField> concat(List<Types.NestedField> columns, Types.NestedField extra) {
        List<Types.NestedField> all = new ArrayList<>(columns);
        all.add(extra);
        return all;
    }
}
