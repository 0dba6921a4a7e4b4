package io.k2.floe.coordinator.api;

import io.k2.floe.coordinator.ledger.RunKind;
import io.k2.floe.coordinator.ledger.RunRecord;
import io.k2.floe.coordinator.ledger.RunStatus;
import io.k2.floe.coordinator.ledger.TaskStatus;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run as the API shows it in lists: what started it, how far it reads, and its tasks counted by status. */
@Schema(name = "Run")
public record RunView(
        @Schema(examples = "manual-20260302T101500Z-3f0c") String runId,
        RunKind kind,
        RunStatus status,
        @Schema(description = "The run's upper bound on the ingestion-ordered column (windows end here); REPAIR and"
                + " AUDIT: the table's committed marker when the run started")
        Instant cut,
        @Schema(description = "BACKFILL, REPAIR and AUDIT: the one table") String table,
        @Schema(description = "REPAIR: the cold partition") String partition,
        @Schema(description = "AUDIT: the partitions audited, when partitions were asked for; MAINTENANCE: the"
                + " partitions asked for") List<String> partitions,
        @Schema(description = "BACKFILL: the requested range of ingestion time; AUDIT: the event-time range [from, to)"
                + " audited, when a range was asked for") Instant rangeFrom,
        Instant rangeTo,
        @Schema(description = "AUDIT: the cold snapshot asked for (as a string, to stay exact in JavaScript); null:"
                + " the current one") String coldSnapshot,
        Instant startedAt,
        Instant finishedAt,
        @Schema(description = "How many of the run's tasks (offloads and audits) are in each status")
        Map<TaskStatus, Long> taskCounts,
        @Schema(description = "How the run ended, when there is more to say than its status: AUDIT the verdict;"
                + " MAINTENANCE each table's steps, a line per table",
                examples = "mismatched: 2026-03-01 (warm 1200 rows, cold 1199)") String note,
        @Schema(description = "MAINTENANCE: what started it (SCHEDULED, MANUAL, THRESHOLD)") String trigger,
        @Schema(description = "MAINTENANCE: the actions asked for") List<String> actions,
        @Schema(description = "MAINTENANCE: a dry run (nothing changed, nothing audited or dropped)") boolean dryRun) {

    static RunView of(RunRecord run, Map<TaskStatus, Long> counts) {
        Map<TaskStatus, Long> all = new LinkedHashMap<>();
        for (TaskStatus status : TaskStatus.values()) {
            all.put(status, counts.getOrDefault(status, 0L));
        }
        return new RunView(run.runId, run.kind, run.status, run.cut, run.tableId, run.partition,
                run.partitions == null ? null : run.partitionList(), run.rangeFrom, run.rangeTo,
                run.coldSnapshot == null ? null : Long.toString(run.coldSnapshot), run.startedAt, run.finishedAt, all,
                run.note, run.trigger, run.kind == RunKind.MAINTENANCE ? run.actionList() : null, run.dryRun);
    }
}
