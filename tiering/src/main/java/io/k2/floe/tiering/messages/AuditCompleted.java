package io.k2.floe.tiering.messages;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An audit finished, with a verdict per partition (equal or not; a mismatch is a completed audit,
 * not a failed task).
 *
 * @param commandId      the command answered
 * @param runId          its run
 * @param table          its table
 * @param attempt        its attempt
 * @param coldSnapshotId the cold snapshot audited
 * @param upTo           the marker the comparison was bounded by: warm rows with ordering value
 *                       {@code <= upTo} were compared
 * @param durationMs     wall time of the attempt
 * @param verdicts       one per audited partition
 */
public record AuditCompleted(
        String commandId,
        String runId,
        String table,
        int attempt,
        Optional<Long> coldSnapshotId,
        Optional<Instant> upTo,
        long durationMs,
        List<PartitionVerdict> verdicts) implements TaskEvent {

    public AuditCompleted {
        Check.id("commandId", commandId);
        Check.id("runId", runId);
        Check.table("table", table);
        Check.attempt(attempt);
        coldSnapshotId = Check.optional(coldSnapshotId);
        upTo = Check.optional(upTo);
        Check.notNegative("durationMs", durationMs);
        verdicts = List.copyOf(Check.present("verdicts", verdicts));
        if (verdicts.stream().map(PartitionVerdict::partition).distinct().count() != verdicts.size()) {
            throw new IllegalArgumentException("verdicts lists a partition twice");
        }
    }

    /** Whether every audited partition is equal. */
    public boolean allEqual() {
        return verdicts.stream().allMatch(PartitionVerdict::equal);
    }

    /** The partitions that are not equal. */
    public List<PartitionVerdict> mismatches() {
        return verdicts.stream().filter(v -> !v.equal()).toList();
    }

    @Override
    public TaskKind kind() {
        return TaskKind.AUDIT;
    }
}
