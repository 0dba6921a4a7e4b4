package io.k2.floe.maintenance.compaction;

import org.apache.iceberg.DataFile;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import io.k2.floe.tiering.cold.MarkerHistory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Commits one group's rewrite with Iceberg's {@link RewriteFiles}: the group's inputs out, the merged files in, in one
 * snapshot (docs/maintenance/compaction.md, "Commit").
 *
 * <p>Validated from the snapshot the plan was made on: every input must still be live (a repair that replaced the
 * partition meanwhile removed them, and the rewrite fails rather than bring its stale rows back), and no delete may
 * have been added against them. Appends by offloads meanwhile do not conflict: Iceberg retries the commit on the new
 * metadata and keeps them. The new files take the plan snapshot's data sequence number, as Iceberg's own rewrite
 * does, so that a delete committed after the plan would still apply to the rewritten rows.
 *
 * <p>The snapshot carries no offload marker (it moves no window; {@link MarkerHistory} passes over it) but names the
 * command, run and partition, so that a redelivered command is recognised as a repeat.
 */
final class CompactionCommit {

    static final String SUMMARY_COMMAND_ID = "floe.compaction.command-id";
    static final String SUMMARY_RUN_ID = "floe.compaction.run-id";
    static final String SUMMARY_PARTITION = "floe.compaction.partition";

    private CompactionCommit() {
    }

    /**
     * Commits the rewrite in one transaction whose new snapshot's id is known before the swap (Iceberg keeps it across
     * the transaction's retries), so that nothing is asked of the catalog after the swap: a catalog that fails right
     * after it must never make the caller take committed files for uncommitted ones and delete them.
     *
     * @return the new snapshot's id
     */
    static long commit(Table table, long planSnapshotId, CompactionPlan.FileGroup group, List<DataFile> outputs,
                       String commandId, String runId) {
        Transaction transaction = table.newTransaction();
        RewriteFiles rewrite = transaction.newRewrite()
                .validateFromSnapshot(planSnapshotId)
                .dataSequenceNumber(table.snapshot(planSnapshotId).sequenceNumber());
        group.files().forEach(rewrite::deleteFile);
        outputs.forEach(rewrite::addFile);
        rewrite.set(SUMMARY_COMMAND_ID, commandId);
        rewrite.set(SUMMARY_RUN_ID, runId);
        rewrite.set(SUMMARY_PARTITION, group.partition());
        rewrite.commit();
        long snapshotId = transaction.table().currentSnapshot().snapshotId();
        transaction.commitTransaction();
        return snapshotId;
    }

    /** The snapshots an earlier delivery of {@code commandId} committed, newest first; empty when none. */
    static List<Snapshot> committedBy(Table table, String commandId) {
        List<Snapshot> found = new ArrayList<>();
        for (Snapshot snapshot : MarkerHistory.ancestry(table)) {
            Map<String, String> summary = snapshot.summary();
            if (commandId.equals(summary.get(SUMMARY_COMMAND_ID))) {
                found.add(snapshot);
            }
        }
        return found;
    }
}
