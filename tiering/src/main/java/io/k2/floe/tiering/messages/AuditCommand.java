package io.k2.floe.tiering.messages;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Compare warm and cold, partition by partition, up to the table's committed marker. Exactly one of
 * {@code partitions} and {@code range} is given.
 *
 * @param commandId      unique task id, kept across retries
 * @param runId          coordinator run
 * @param table          catalog table id
 * @param attempt        delivery attempt, from 1
 * @param partitions     the partitions to audit (labels such as {@code 2024-05-01}), or empty when {@code range} is given
 * @param range          audit every partition that overlaps this event-time range, or empty when
 *                       {@code partitions} is given
 * @param coldSnapshotId the cold snapshot to audit; empty means the current snapshot when the audit starts
 * @param issuedAt       when the coordinator issued this attempt
 */
public record AuditCommand(
        String commandId,
        String runId,
        String table,
        int attempt,
        List<String> partitions,
        Optional<TimeRange> range,
        Optional<Long> coldSnapshotId,
        Instant issuedAt) implements Command {

    public AuditCommand {
        Check.id("commandId", commandId);
        Check.id("runId", runId);
        Check.table("table", table);
        Check.attempt(attempt);
        partitions = Check.partitions("partitions", partitions);
        range = Check.optional(range);
        coldSnapshotId = Check.optional(coldSnapshotId);
        if (partitions.isEmpty() == range.isEmpty()) {
            throw new IllegalArgumentException(partitions.isEmpty()
                    ? "either partitions or range is required"
                    : "give either partitions or range, not both");
        }
        Check.present("issuedAt", issuedAt);
    }

    /** An audit of the listed partitions at the current cold snapshot. */
    public static AuditCommand ofPartitions(String commandId, String runId, String table, int attempt,
                                            List<String> partitions, Instant issuedAt) {
        return new AuditCommand(commandId, runId, table, attempt, partitions, Optional.empty(), Optional.empty(), issuedAt);
    }

    /** The same command as a later attempt. */
    public AuditCommand retry(int nextAttempt, Instant at) {
        return new AuditCommand(commandId, runId, table, nextAttempt, partitions, range, coldSnapshotId, at);
    }

    @Override
    public TaskKind kind() {
        return TaskKind.AUDIT;
    }
}
