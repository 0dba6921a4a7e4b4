package io.k2.floe.tiering.messages;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A maintenance action finished.
 *
 * @param commandId  the command answered
 * @param runId      its run
 * @param table      its table
 * @param attempt    its attempt
 * @param action     the action performed
 * @param durationMs wall time of the attempt
 * @param partitions the partitions the action changed (e.g. compacted, or warm partitions dropped)
 * @param results    named counters, e.g. {@code rewrittenDataFiles}, {@code addedDataFiles},
 *                   {@code expiredSnapshots}, {@code deletedOrphanFiles}, {@code droppedPartitions}
 * @param snapshotId the snapshot the action committed, if it committed one
 * @param dryRun     whether this was a dry run ({@link MaintenanceOptions#DRY_RUN}): nothing was changed, and
 *                   {@code partitions} and {@code results} say what the action would have done
 * @param refused    partitions the action left alone on purpose, each with the reason (e.g. a warm partition past
 *                   retention that is not verified equal in the cold tier); empty when none
 */
public record MaintenanceCompleted(
        String commandId,
        String runId,
        String table,
        int attempt,
        MaintenanceAction action,
        long durationMs,
        List<String> partitions,
        Map<String, Long> results,
        Optional<Long> snapshotId,
        boolean dryRun,
        Map<String, String> refused) implements TaskEvent {

    public MaintenanceCompleted {
        Check.id("commandId", commandId);
        Check.id("runId", runId);
        Check.table("table", table);
        Check.attempt(attempt);
        Check.present("action", action);
        Check.notNegative("durationMs", durationMs);
        partitions = Check.partitions("partitions", partitions);
        results = Check.keyed("results", results);
        snapshotId = Check.optional(snapshotId);
        refused = Check.keyed("refused", refused);
    }

    /** A completed action that was not a dry run and refused nothing. */
    public MaintenanceCompleted(String commandId, String runId, String table, int attempt, MaintenanceAction action,
                                long durationMs, List<String> partitions, Map<String, Long> results,
                                Optional<Long> snapshotId) {
        this(commandId, runId, table, attempt, action, durationMs, partitions, results, snapshotId, false, Map.of());
    }

    @Override
    public TaskKind kind() {
        return TaskKind.MAINTENANCE;
    }
}
