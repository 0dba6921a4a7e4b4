package io.k2.floe.coordinator.api;

import io.k2.floe.coordinator.ledger.JsonMaps;
import io.k2.floe.coordinator.ledger.TaskRecord;
import io.k2.floe.coordinator.maintenance.MaintenanceStep;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.coordinator.ledger.TaskStatus;
import io.k2.floe.tiering.messages.OffloadKind;
import io.k2.floe.tiering.messages.TaskKind;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One task of a run: its command, every attempt's outcome, and where its time went. */
@Schema(name = "Task")
public record TaskView(
        long taskId,
        String table,
        TaskKind kind,
        @Schema(description = "OFFLOAD: NORMAL, BACKFILL or REPAIR") OffloadKind offloadKind,
        @Schema(description = "Order of this table's tasks within the run") int seq,
        @Schema(description = "The same on every attempt: the worker's idempotency key") String commandId,
        TaskStatus status,
        @Schema(description = "OFFLOAD: where the run wants the table's marker") Instant target,
        @Schema(description = "Exclusive lower bound of the window, fixed when the command is first sent")
        Instant windowLower,
        @Schema(description = "Inclusive upper bound of the window: the marker once committed") Instant windowUpper,
        @Schema(description = "REPAIR: the cold partition") String partition,
        @Schema(description = "AUDIT: the partitions to audit; OFFLOAD: the partitions the window wrote; MAINTENANCE:"
                + " the partitions asked for, then those the action changed (or would change, in a dry run)")
        List<String> partitions,
        @Schema(description = "Iceberg snapshot id (64-bit, as a string to stay exact in JavaScript): OFFLOAD the"
                + " committed snapshot, AUDIT the audited one") String coldSnapshot,
        int attempts,
        long rows,
        long bytes,
        int dataFiles,
        @Schema(description = "Time the worker spent, as it reported") long durationMs,
        @Schema(description = "Wall time from the first send to the end (queueing and retries included)")
        Long wallMs,
        @Schema(description = "The worker found the window committed already and wrote nothing") boolean repeat,
        String errorType,
        String errorMessage,
        @Schema(description = "Why the task was skipped, limited or finished without a command") String note,
        Instant createdAt,
        Instant firstSentAt,
        Instant sentAt,
        @Schema(description = "SENT: when the attempt times out and is sent again") Instant deadlineAt,
        @Schema(description = "RETRY_WAIT: when the next attempt is sent") Instant nextAttemptAt,
        Instant finishedAt,
        @Schema(description = "MAINTENANCE runs: the step (COMPACT, AUDIT_COMPACTED, REWRITE_MANIFESTS,"
                + " EXPIRE_SNAPSHOTS, REMOVE_ORPHANS, AUDIT_RETENTION, DROP_WARM_PARTITIONS)") MaintenanceStep step,
        @Schema(description = "MAINTENANCE: the command's action") MaintenanceAction action,
        @Schema(description = "MAINTENANCE: sent as a dry run; its partitions and results say what it would do")
        boolean dryRun,
        @Schema(description = "MAINTENANCE: the worker's counters, e.g. rewrittenDataFiles, expiredSnapshots")
        Map<String, Long> results,
        @Schema(description = "Partitions the step left alone on purpose, each with the reason (retention: not"
                + " verified, audit mismatch, kept for a downstream repair, refused by the worker)")
        Map<String, String> refused) {

    static TaskView of(TaskRecord task) {
        Long wall = task.firstSentAt == null || task.finishedAt == null ? null
                : Duration.between(task.firstSentAt, task.finishedAt).toMillis();
        return new TaskView(task.taskId, task.tableId, task.kind, task.offloadKind, task.seq, task.commandId,
                task.status, task.target, task.windowLower, task.windowUpper, task.partition, task.partitionList(),
                task.coldSnapshot == null ? null : Long.toString(task.coldSnapshot), task.attempts, task.rows,
                task.bytes, task.dataFiles, task.durationMs, wall, task.repeat, task.errorType, task.errorMessage,
                task.note, task.createdAt, task.firstSentAt, task.sentAt, task.deadlineAt, task.nextAttemptAt,
                task.finishedAt, task.step, task.action, task.dryRun, JsonMaps.counts(task.results),
                JsonMaps.texts(task.refused));
    }
}
