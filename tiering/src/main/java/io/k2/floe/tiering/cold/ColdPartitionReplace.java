package io.k2.floe.tiering.cold;

import org.apache.iceberg.DataFile;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.util.DateTimeUtil;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replaces one cold partition with rows re-read from the warm tier, in one Iceberg commit (R-GOLD-FINAL in docs/requirements.md: late
 * corrections are repaired by atomically replacing the affected partition).
 *
 * <p>The commit deletes every data file of the partition and adds the new ones; readers see either the old partition
 * or the new one. It is validated against the snapshot the rows were read at: if anything was appended to or deleted
 * from that partition since, the commit fails (the re-read would not hold those rows) and the repair is retried on a
 * fresh read. The snapshot's summary names the repair ({@value #SUMMARY_COMMAND_ID}, ...), which makes a redelivered
 * repair command a repeat. It carries no offload marker: markers only move with windows, and a repair changes no
 * window (MarkerHistory passes over snapshots without one).
 */
public final class ColdPartitionReplace {

    public static final String SUMMARY_COMMAND_ID = "floe.repair.command-id";
    public static final String SUMMARY_RUN_ID = "floe.repair.run-id";
    public static final String SUMMARY_PARTITION = "floe.repair.partition";
    public static final String SUMMARY_UPPER = "floe.repair.upper";

    private ColdPartitionReplace() {
    }

    /** The snapshot of an earlier commit of repair {@code commandId}, if any. */
    public static Optional<Long> committedBy(Table table, String commandId) {
        table.refresh();
        for (Snapshot snapshot : MarkerHistory.ancestry(table)) {
            if (commandId.equals(snapshot.summary().get(SUMMARY_COMMAND_ID))) {
                return Optional.of(snapshot.snapshotId());
            }
        }
        return Optional.empty();
    }

    /**
     * Replaces the rows of {@code timeColumn} in {@code [start, end)} (exactly one partition) by {@code files}.
     *
     * <p>The new snapshot's id is known before the catalog swap (Iceberg keeps it across commit retries) and is not
     * read back after it: once the swap has happened nothing more is asked of the catalog, so a failure thrown from
     * here never means "not committed" when it was (only {@code CommitStateUnknownException} means "maybe").
     *
     * @param readAt the snapshot current when the rows were read (null when the table was empty)
     * @return the new snapshot's id
     * @throws org.apache.iceberg.exceptions.ValidationException when the partition changed since {@code readAt}
     */
    public static long replace(Table table, String timeColumn, Instant start, Instant end, Long readAt,
                               List<DataFile> files, Map<String, String> summary) {
        Expression partition = Expressions.and(
                Expressions.greaterThanOrEqual(timeColumn, micros(start)),
                Expressions.lessThan(timeColumn, micros(end)));
        Transaction transaction = table.newTransaction();
        OverwriteFiles overwrite = transaction.newOverwrite()
                .overwriteByRowFilter(partition)
                .conflictDetectionFilter(partition)
                .validateNoConflictingData()
                .validateNoConflictingDeletes();
        if (readAt != null) {
            overwrite.validateFromSnapshot(readAt);
        }
        files.forEach(overwrite::addFile);
        summary.forEach(overwrite::set);
        overwrite.commit();
        long snapshotId = transaction.table().currentSnapshot().snapshotId();
        transaction.commitTransaction();
        return snapshotId;
    }

    private static long micros(Instant instant) {
        return DateTimeUtil.microsFromTimestamptz(instant.atOffset(ZoneOffset.UTC));
    }
}
