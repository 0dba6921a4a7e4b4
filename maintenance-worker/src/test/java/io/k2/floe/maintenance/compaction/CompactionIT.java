package io.k2.floe.maintenance.compaction;

import io.k2.floe.tiering.cold.CommitOutcome;
import io.k2.floe.tiering.cold.MarkerHistory;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.MaintenanceCommand;
import io.k2.floe.tiering.messages.MaintenanceCompleted;
import io.k2.floe.tiering.messages.OffloadMarker;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.testing.CatalogBlips;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.SortOrderComparators;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Compaction against the real stack (ClickHouse, the JDBC catalog on PostgreSQL, S3), each test in a corner of its own
 * ({@link DayOfTrades}): windows offloaded through tiering's real offload path, then compacted by the COMPACT step
 * (constructed directly, on the test's catalog; no broker). Every check counts rows key by key against the warm table:
 * zero duplicates, zero losses, the same values.
 */
class CompactionIT {

    private static final Instant MARCH_1 = Instant.parse("2026-03-01T00:00:01Z");
    private static final String DAY = "2026-03-01";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CompactionMetrics metrics = new CompactionMetrics(registry);

    private static CompactionConfig config(int maxFanIn) {
        return new CompactionConfig() {
            public int maxFanIn() { return maxFanIn; }
            public int maxCommitAttempts() { return 4; }
            public long maxMergeBytes() { return 256L * 1024 * 1024; }
        };
    }

    private CompactionStep step(DayOfTrades day) {
        return new CompactionStep(day.catalog, day.cold::catalog, config(128), metrics);
    }

    private static MaintenanceCommand command(String commandId, List<String> partitions, Map<String, String> options) {
        return new MaintenanceCommand(commandId, "run-compaction-it", "bronze_trades_binance", 1,
                MaintenanceAction.COMPACT, partitions, options, Instant.now());
    }

    private static MaintenanceCompleted completed(Event answer) {
        assertThat(answer).as("answer %s", answer).isInstanceOf(MaintenanceCompleted.class);
        return (MaintenanceCompleted) answer;
    }

    /** Data files of the current snapshot per partition label. */
    private static Map<String, List<DataFile>> filesByPartition(Table table) throws IOException {
        table.refresh();
        Map<String, List<DataFile>> files = new TreeMap<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                String path = table.spec().partitionToPath(task.file().partition());
                files.computeIfAbsent(path.substring(path.indexOf('=') + 1), p -> new ArrayList<>()).add(task.file());
            }
        }
        return files;
    }

    /** Cold equals warm key by key: no key twice, none missing, none extra, the same values. */
    private static void assertColdEqualsWarm(DayOfTrades day, Table cold) {
        Map<String, String> warm = day.warmRows();
        DayOfTrades.ColdRows coldRows = DayOfTrades.coldRows(cold);
        assertThat(coldRows.duplicates()).as("keys found twice in the cold table").isZero();
        assertThat(coldRows.rows().keySet()).as("keys").containsExactlyInAnyOrderElementsOf(warm.keySet());
        assertThat(coldRows.rows()).as("values by key").isEqualTo(warm);
    }

    /** Reads {@code file} back and checks every row follows the table's sort order. */
    private static long assertSorted(Table table, DataFile file) throws IOException {
        Comparator<StructLike> order = SortOrderComparators.forSchema(table.schema(), table.sortOrder());
        InternalRecordWrapper previous = new InternalRecordWrapper(table.schema().asStruct());
        InternalRecordWrapper current = new InternalRecordWrapper(table.schema().asStruct());
        long rows = 0;
        try (CloseableIterable<Record> records = Parquet.read(table.io().newInputFile(file.location()))
                .project(table.schema())
                .createReaderFunc(s -> GenericParquetReaders.buildReader(table.schema(), s)).build()) {
            for (Record record : records) {
                current.wrap(record);
                if (rows > 0) {
                    assertThat(order.compare(previous, current)).as("row %d of %s follows its predecessor", rows,
                            file.location()).isLessThanOrEqualTo(0);
                }
                InternalRecordWrapper swap = previous;
                previous = current;
                current = swap;
                rows++;
            }
        }
        return rows;
    }

    private double counter(String name) {
        return registry.find(name).tag("table", "bronze_trades_binance").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    @Test
    void aSimulatedDayOfWindowsCompactsToThePlannedFilesRowForRowEqualAndTheNextWindowCommitsOnce() throws Exception {
        // 100 windows of 15 minutes from 03-01 00:00:01: the marker ends an hour into 03-02, so 03-01 is closed
        try (DayOfTrades day = new DayOfTrades(MARCH_1, Duration.ofMinutes(15), 400, Duration.ofMinutes(20))) {
            day.insertWindows(0, 100);
            Table cold = day.coldTable();
            for (int k = 0; k < 100; k++) {
                assertThat(day.offload(cold, k).repeat()).isFalse();
            }
            Map<String, List<DataFile>> before = filesByPartition(cold);
            assertThat(before.get(DAY)).as("one small file per window at least").hasSizeGreaterThanOrEqualTo(96);
            long snapshotBefore = cold.currentSnapshot().snapshotId();
            OffloadMarker marker = MarkerHistory.latest(cold).orElseThrow().marker();

            MaintenanceCompleted plan = completed(step(day).perform(command(UUID.randomUUID().toString(), List.of(),
                    Map.of("dry-run", "true"))));
            assertThat(plan.dryRun()).isTrue();
            assertThat(plan.partitions()).as("only the closed day with enough small files").containsExactly(DAY);
            assertThat(plan.results()).containsEntry("rewrittenDataFiles", (long) before.get(DAY).size())
                    .containsEntry("expectedOutputFiles", 1L).containsEntry("groups", 1L);
            cold.refresh();
            assertThat(cold.currentSnapshot().snapshotId()).as("a dry run commits nothing").isEqualTo(snapshotBefore);

            String commandId = UUID.randomUUID().toString();
            MaintenanceCompleted done = completed(step(day).perform(command(commandId, List.of(), Map.of())));
            assertThat(done.dryRun()).isFalse();
            assertThat(done.partitions()).containsExactly(DAY);
            long rowsOfDay = before.get(DAY).stream().mapToLong(DataFile::recordCount).sum();
            assertThat(done.results()).containsEntry("rewrittenDataFiles", (long) before.get(DAY).size())
                    .containsEntry("rewrittenRows", rowsOfDay).containsEntry("addedDataFiles", 1L)
                    .containsEntry("commitConflicts", 0L);

            Map<String, List<DataFile>> after = filesByPartition(cold);
            assertThat(after.get(DAY)).as("the planned file count").hasSize((int) (long) plan.results()
                    .get("expectedOutputFiles"));
            before.forEach((label, files) -> {
                if (!label.equals(DAY)) {
                    assertThat(after.get(label)).as("partition %s untouched", label).extracting(DataFile::location)
                            .containsExactlyInAnyOrderElementsOf(files.stream().map(DataFile::location).toList());
                }
            });
            for (DataFile file : after.get(DAY)) {
                assertThat(file.sortOrderId()).isEqualTo(cold.sortOrder().orderId());
                assertThat(assertSorted(cold, file)).isEqualTo(file.recordCount());
            }
            assertThat(after.get(DAY).stream().mapToLong(DataFile::recordCount).sum()).isEqualTo(rowsOfDay);
            assertColdEqualsWarm(day, cold);
            assertThat(MarkerHistory.latest(cold).orElseThrow().marker()).as("the marker is still found")
                    .isEqualTo(marker);
            assertThat(cold.currentSnapshot().summary())
                    .containsEntry(CompactionCommit.SUMMARY_COMMAND_ID, commandId)
                    .containsEntry(CompactionCommit.SUMMARY_PARTITION, DAY)
                    .doesNotContainKey(OffloadMarker.SUMMARY_COMMAND_ID);
            assertThat(counter("floe.maintenance.compaction.files.rewritten")).isEqualTo(before.get(DAY).size());
            assertThat(counter("floe.maintenance.compaction.rows.rewritten")).isEqualTo(rowsOfDay);
            assertThat(counter("floe.maintenance.compaction.files.added")).isEqualTo(1);

            long compacted = cold.currentSnapshot().snapshotId();
            MaintenanceCompleted again = completed(step(day).perform(command(commandId, List.of(), Map.of())));
            assertThat(again.results()).as("a redelivered command is a repeat").containsEntry("repeat", 1L)
                    .containsEntry("rewrittenDataFiles", (long) before.get(DAY).size());
            cold.refresh();
            assertThat(cold.currentSnapshot().snapshotId()).isEqualTo(compacted);

            day.insertWindows(100, 101);
            CommitOutcome next = day.offload(cold, 100);
            assertThat(next.repeat()).as("the next window commits").isFalse();
            assertThat(day.offload(cold, 100).repeat()).as("and only once").isTrue();
            assertColdEqualsWarm(day, cold);
        }
    }

    /**
     * Offloads window {@code k}; when its commit loses every one of its rounds to the compaction loop (which commits
     * far more often here than any schedule would), the worker answers COMMIT_CONFLICT and the coordinator sends the
     * same command again: so does this, with the same command id, at most five times.
     */
    private static CommitOutcome offloadAsTheCoordinatorRetriesIt(DayOfTrades day, Table table, int k) {
        for (int attempt = 1; ; attempt++) {
            try {
                return day.offload(table, k);
            } catch (IllegalStateException e) {
                if (attempt >= 5 || !(e.getCause() instanceof org.apache.iceberg.exceptions.ValidationException)) {
                    throw e;
                }
                System.out.println("CompactionIT: window " + k + " attempt " + attempt + " lost to compaction ("
                        + e.getMessage() + "); sent again, as the coordinator does for COMMIT_CONFLICT");
            }
        }
    }

    @Test
    void compactionInALoopBesideRunningOffloadsLosesNothingAndDuplicatesNothing() throws Exception {
        // hourly windows whose trades reach 30 hours back: every window also appends to the closed days compacted
        try (DayOfTrades day = new DayOfTrades(MARCH_1, Duration.ofHours(1), 1_000, Duration.ofHours(30))) {
            day.insertWindows(0, 44);
            Table first = day.coldTable();
            for (int k = 0; k < 28; k++) {
                day.offload(first, k);
            }
            CompletableFuture<List<CommitOutcome>> offloads = CompletableFuture.supplyAsync(() -> {
                Table own = day.coldTable();
                List<CommitOutcome> outcomes = new ArrayList<>();
                for (int k = 28; k < 44; k++) {
                    outcomes.add(offloadAsTheCoordinatorRetriesIt(day, own, k));
                }
                return outcomes;
            });
            // small targets and groups: several groups per partition, and outputs small enough to be merged again
            Map<String, String> options = Map.of("min-input-files", "2", "target-file-size-bytes", "131072",
                    "max-group-size-bytes", "98304");
            long groups = 0;
            long conflicts = 0;
            int rounds = 0;
            while (!offloads.isDone() || rounds < 3) {
                MaintenanceCompleted done = completed(step(day).perform(command(UUID.randomUUID().toString(),
                        List.of(), options)));
                groups += done.results().get("groups");
                conflicts += done.results().get("commitConflicts");
                rounds++;
            }
            List<CommitOutcome> outcomes = offloads.get(2, TimeUnit.MINUTES);
            assertThat(outcomes).as("every offload committed, none failed or was taken for a repeat")
                    .hasSize(16).noneMatch(CommitOutcome::repeat);
            assertThat(groups).as("compactions committed while offloads ran").isPositive();
            assertColdEqualsWarm(day, day.coldTable());
            assertThat(MarkerHistory.latest(day.coldTable()).orElseThrow().marker().window()).isEqualTo(day.window(43));
            assertThat(counter("floe.maintenance.commit.conflicts")).isEqualTo(conflicts);
        }
    }

    @Test
    void aCatalogFailingRightAfterTheRewriteSwappedKeepsTheCompactedFiles() throws Exception {
        try (DayOfTrades day = new DayOfTrades(MARCH_1, Duration.ofHours(1), 500, Duration.ofHours(30))) {
            day.insertWindows(0, 30);
            Table cold = day.coldTable();
            for (int k = 0; k < 30; k++) {
                day.offload(cold, k);
            }
            // the catalog becomes unreachable for refreshes right after the rewrite's swap: the compaction must count
            // the group as committed and keep its files (deleting them as "uncommitted" would leave the table
            // pointing at files that are gone)
            Table blipping = CatalogBlips.wrap(day.coldTable(), CatalogBlips.Blip.REFRESH_AFTER_COMMIT);
            CompactionSettings settings = CompactionSettings.of(day.table.maintenance(), Map.of(), 128);
            TableCompaction compaction = new TableCompaction(blipping, day.table, settings, 4, metrics,
                    UUID.randomUUID().toString(), "run-compaction-it", 1);
            CompactionPlan plan = compaction.plan(List.of(DAY));
            assertThat(plan.groups()).hasSize(1);
            TableCompaction.Tally tally = compaction.perform(plan);
            assertThat(CatalogBlips.of(blipping).committed()).isTrue();
            assertThat(tally.groups).isEqualTo(1);
            cold.refresh();
            assertThat(filesByPartition(cold).get(DAY)).as("the compacted day").hasSize(1);
            assertColdEqualsWarm(day, cold);
        }
    }

    @Test
    void aRepairOfThePartitionBeingCompactedMakesOneOfThemRetryNeverBothSucceed() throws Exception {
        try (DayOfTrades day = new DayOfTrades(MARCH_1, Duration.ofHours(1), 1_000, Duration.ofHours(30))) {
            day.insertWindows(0, 30);
            Table cold = day.coldTable();
            for (int k = 0; k < 30; k++) {
                day.offload(cold, k);
            }

            // the repair commits between the compaction's plan and its commit: the compaction's commit fails its
            // validation (its inputs are gone), it re-plans on the repaired partition and finds nothing left to do
            CompactionSettings settings = CompactionSettings.of(day.table.maintenance(), Map.of(), 128);
            TableCompaction compaction = new TableCompaction(day.coldTable(), day.table, settings, 4, metrics,
                    UUID.randomUUID().toString(), "run-compaction-it", 1);
            CompactionPlan plan = compaction.plan(List.of(DAY));
            assertThat(plan.labels()).containsExactly(DAY);
            day.repair(day.coldTable(), DAY, "repair-" + UUID.randomUUID(), () -> { });
            TableCompaction.Tally tally = compaction.perform(plan);
            assertThat(tally.commitConflicts).isEqualTo(1);
            assertThat(tally.groups).as("the stale rewrite is never committed").isZero();
            assertColdEqualsWarm(day, cold);

            // more windows leave small files in the day again; now the compaction commits between the repair's read
            // and its commit: the repair fails its validation and succeeds on a fresh read
            day.insertWindows(30, 36);
            for (int k = 30; k < 36; k++) {
                day.offload(cold, k);
            }
            String repair = "repair-" + UUID.randomUUID();
            assertThatThrownBy(() -> day.repair(day.coldTable(), DAY, repair, () -> completed(step(day).perform(
                    command(UUID.randomUUID().toString(), List.of(DAY), Map.of("min-input-files", "2"))))))
                    .isInstanceOf(ValidationException.class);
            assertThat(filesByPartition(cold).get(DAY)).as("the compaction committed").hasSize(1);
            day.repair(day.coldTable(), DAY, repair, () -> { });
            assertColdEqualsWarm(day, cold);
        }
    }
}
