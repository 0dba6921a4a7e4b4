package io.k2.floe.coordinator.api;

import io.k2.floe.coordinator.ledger.RunKind;
import io.k2.floe.coordinator.ledger.RunRecord;
import io.k2.floe.coordinator.ledger.RunStatus;
import io.k2.floe.coordinator.ledger.TaskStatus;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A run as the API shows it in lists: what started it, how far it reads, and its tasks counted by status. */
@Schema(name = "Run")
public record RunView(
        @Schema(examples = "manual-20260302T101500Z-3f0c") String runId,
        RunKind kind,
        RunStatus status,
        @Schema(description = "The run's upper bound on the ingestion-ordered column (windows end here)")
        Instant cut,
        @Schema(description = "BACKFILL and REPAIR: the one table") String table,
        @Schema(description = "REPAIR: the cold partition") String partition,
        @Schema(description = "BACKFILL: the requested range") Instant rangeFrom,
        Instant rangeTo,
        Instant startedAt,
        Instant finishedAt,
        @Schema(description = "How many of the run's tasks (offloads and audits) are in each status")
        Map<TaskStatus, Long> taskCounts) {

    static RunView of(RunRecord run, Map<TaskStatus, Long> counts) {
        Map<TaskStatus, Long> all = new LinkedHashMap<>();
        for (TaskStatus status : TaskStatus.values()) {
            all.put(status, counts.getOrDefault(status, 0L));
        }
        return new RunView(run.runId, run.kind, run.status, run.cut, run.tableId, run.partition, run.rangeFrom,
                run.rangeTo, run.startedAt, run.finishedAt, all);
    }
}
