package io.k2.floe.maintenance.compaction;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.cold.MarkerAt;
import io.k2.floe.tiering.cold.MarkerHistory;
import io.k2.floe.tiering.cold.WindowWriter;
import io.k2.floe.tiering.cold.WrittenFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.CloseableIterable;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Compacts one cold table for one command, top to bottom: plan on the current snapshot, then for every group merge its
 * inputs (k-way, {@link SortedMerge}) through the offload's own writer ({@link WindowWriter}) and commit the rewrite
 * ({@link CompactionCommit}); a group whose commit conflicts is given up (its files deleted, never committed) and its
 * partition re-planned on the table as it now is, at most {@code maxCommitAttempts} times per partition.
 */
final class TableCompaction {

    private static final Logger LOG = Logger.getLogger(TableCompaction.class);

    /** A partition's commits kept conflicting after every attempt. */
    static final class ConflictsExhausted extends RuntimeException {
        ConflictsExhausted(String message, Throwable last) {
            super(message, last);
        }
    }

    /** What the command did (or, for a dry run, would do), as counters. */
    static final class Tally {
        long rewrittenDataFiles;
        long rewrittenBytes;
        long rewrittenRows;
        long addedDataFiles;
        long addedBytes;
        long groups;
        long expectedOutputFiles;
        long commitConflicts;
        final List<String> partitions = new ArrayList<>();
        Long lastSnapshot;
    }

    private final Table cold;
    private final CatalogTable table;
    private final CompactionSettings settings;
    private final int maxCommitAttempts;
    private final CompactionMetrics metrics;
    private final String commandId;
    private final String runId;
    private final String operation;
    /** Rewrites started so far: each writes under a name of its own (file names restart at 1 for every writer). */
    private int rewrites;

    TableCompaction(Table cold, CatalogTable table, CompactionSettings settings, int maxCommitAttempts,
                    CompactionMetrics metrics, String commandId, String runId, int attempt) {
        this.cold = cold;
        this.table = table;
        this.settings = settings;
        this.maxCommitAttempts = maxCommitAttempts;
        this.metrics = metrics;
        this.commandId = commandId;
        this.runId = runId;
        this.operation = "compact-" + commandId + "-a" + attempt + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The plan on the table's current snapshot. */
    CompactionPlan plan(List<String> requested) {
        cold.refresh();
        Snapshot current = cold.currentSnapshot();
        Optional<Instant> upper = MarkerHistory.latest(cold).map(MarkerAt::marker).map(m -> m.windowUpper());
        List<TableFile> files = current == null ? List.of() : smallFiles(current.snapshotId());
        return CompactionPlanner.plan(current == null ? null : current.snapshotId(), upper, table.partition(),
                settings, requested, files);
    }

    /** Performs {@code plan}, re-planning a partition after a conflict; returns what was committed. */
    Tally perform(CompactionPlan plan) {
        Tally tally = new Tally();
        for (CompactionPlan.PartitionPlan partition : plan.partitions()) {
            compactPartition(plan.snapshotId(), partition, tally);
        }
        return tally;
    }

    /** What {@code plan} would do, counted as if done (rewritten files, bytes, rows; expected output files). */
    static Tally dryRun(CompactionPlan plan) {
        Tally tally = new Tally();
        for (CompactionPlan.FileGroup group : plan.groups()) {
            tally.groups++;
            tally.rewrittenDataFiles += group.files().size();
            tally.rewrittenBytes += group.bytes();
            tally.rewrittenRows += group.rows();
            tally.expectedOutputFiles += group.expectedOutputFiles();
        }
        tally.partitions.addAll(plan.labels());
        return tally;
    }

    private void compactPartition(long planSnapshot, CompactionPlan.PartitionPlan partition, Tally tally) {
        String label = partition.partition();
        long basedOn = planSnapshot;
        List<CompactionPlan.FileGroup> groups = partition.groups();
        boolean committed = false;
        int attempt = 1;
        int next = 0;
        while (next < groups.size()) {
            CompactionPlan.FileGroup group = groups.get(next);
            try {
                rewrite(basedOn, group, tally);
                committed = true;
                next++;
            } catch (ValidationException | CommitFailedException conflict) {
                tally.commitConflicts++;
                metrics.conflict(table.id());
                if (++attempt > maxCommitAttempts) {
                    throw new ConflictsExhausted("compaction of " + cold.name() + " partition " + label
                            + " conflicted with " + maxCommitAttempts + " concurrent commits in a row; last: "
                            + conflict.getMessage(), conflict);
                }
                LOG.infof("compaction of %s partition %s lost a commit to a concurrent one (%s): planning it again",
                        cold.name(), label, conflict.getMessage());
                CompactionPlan again = plan(List.of(label));
                groups = again.partitions().isEmpty() ? List.of() : again.partitions().getFirst().groups();
                basedOn = again.snapshotId() == null ? basedOn : again.snapshotId();
                next = 0;
            }
        }
        if (committed) {
            tally.partitions.add(label);
        }
    }

    /** Merges one group into new files and commits them in place of its inputs. */
    private void rewrite(long basedOn, CompactionPlan.FileGroup group, Tally tally) {
        // a name per rewrite: two groups of one partition, or a re-plan reading an earlier group's output, must never
        // write a file of the same name (the writer overwrites)
        WindowWriter writer = WindowWriter.open(cold, operation + "-g" + (++rewrites), settings.targetFileSizeBytes());
        WrittenFiles written = null;
        boolean committed = false;
        boolean unknown = false;
        try {
            long rows;
            try (SortedMerge merge = new SortedMerge(cold.io(), cold.schema(), cold.sortOrder(), group.files())) {
                rows = merge.drainTo(writer::append);
            }
            written = writer.finish();
            if (rows != group.rows() || written.recordCount() != group.rows()) {
                throw new IllegalStateException("compaction of " + cold.name() + " partition " + group.partition()
                        + " read " + rows + " rows and wrote " + written.recordCount() + " from inputs holding "
                        + group.rows() + "; nothing committed");
            }
            long snapshot;
            try {
                snapshot = CompactionCommit.commit(cold, basedOn, group, written.dataFiles(), commandId, runId);
            } catch (CommitStateUnknownException e) {
                unknown = true; // the files may be in the table now: never delete them
                throw e;
            }
            committed = true;
            tally.lastSnapshot = snapshot;
            tally.groups++;
            tally.rewrittenDataFiles += group.files().size();
            tally.rewrittenBytes += group.bytes();
            tally.rewrittenRows += group.rows();
            tally.addedDataFiles += written.dataFiles().size();
            tally.addedBytes += written.sizeInBytes();
            tally.expectedOutputFiles += group.expectedOutputFiles();
            metrics.committed(table.id(), group.files().size(), group.bytes(), written.dataFiles().size(),
                    group.rows());
            LOG.infof("compacted %s partition %s: %d files (%d bytes) into %d (%d bytes), %d rows, snapshot %d",
                    cold.name(), group.partition(), group.files().size(), group.bytes(), written.dataFiles().size(),
                    written.sizeInBytes(), group.rows(), snapshot);
        } finally {
            // also when an Error escapes: the writer's thread must not outlive the group
            List<String> created = written == null ? writer.abort() : written.paths();
            if (!committed && !unknown) {
                deleteQuietly(created);
            }
        }
    }

    /** Files of a failed rewrite, certainly not in the table: removed now rather than left to orphan cleanup. */
    private void deleteQuietly(List<String> files) {
        for (String file : files) {
            try {
                cold.io().deleteFile(file);
            } catch (RuntimeException e) {
                LOG.debugf("could not delete uncommitted compaction file %s: %s", file, e.getMessage());
            }
        }
    }

    /** The live data files below the candidate size, with their partition labels; others are never candidates. */
    private List<TableFile> smallFiles(long snapshotId) {
        List<TableFile> files = new ArrayList<>();
        PartitionSpec current = cold.spec();
        int sortOrder = cold.sortOrder().orderId();
        try (CloseableIterable<FileScanTask> tasks = cold.newScan().useSnapshot(snapshotId).planFiles()) {
            for (FileScanTask task : tasks) {
                DataFile file = task.file();
                if (file.fileSizeInBytes() >= settings.minFileSizeBytes()) {
                    continue;
                }
                PartitionSpec spec = cold.specs().get(file.specId());
                boolean rewritable = file.specId() == current.specId() && spec.fields().size() == 1
                        && task.deletes().isEmpty()
                        && file.sortOrderId() != null && file.sortOrderId() == sortOrder;
                files.add(new TableFile(label(spec, file), file, rewritable));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing the data files of " + cold.name() + " failed", e);
        }
        return files;
    }

    /** Iceberg's human-readable partition value, e.g. {@code 2024-05-01}: the label the catalog uses. */
    private static String label(PartitionSpec spec, DataFile file) {
        String path = spec.partitionToPath(file.partition());
        int at = path.lastIndexOf('=');
        return at < 0 ? path : path.substring(at + 1);
    }
}
