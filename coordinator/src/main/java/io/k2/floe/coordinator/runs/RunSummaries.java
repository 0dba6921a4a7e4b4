package io.k2.floe.coordinator.runs;

import io.k2.floe.coordinator.ledger.RunKind;
import io.k2.floe.coordinator.ledger.RunRecord;
import io.k2.floe.coordinator.ledger.TaskRecord;
import io.k2.floe.coordinator.ledger.TaskStatus;
import io.k2.floe.coordinator.maintenance.MaintenanceNotes;
import io.k2.floe.tiering.messages.RunCompleted;
import io.k2.floe.tiering.messages.TableOutcome;
import io.k2.floe.tiering.messages.TableRunSummary;
import io.k2.floe.tiering.messages.TaskKind;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A finished run's {@code run.completed} event: per table its outcome, rows, time and committed marker; for an audit
 * run, the audit's outcome (the verdict itself is the run's note and the {@code audit.completed} event).
 */
final class RunSummaries {

    private RunSummaries() {
    }

    static RunCompleted of(RunRecord run, List<TaskRecord> tasks, Function<String, Optional<Instant>> marker,
                           Instant finishedAt) {
        Map<String, List<TaskRecord>> byTable = new LinkedHashMap<>();
        for (TaskRecord task : tasks) {
            if (counts(run, task)) {
                byTable.computeIfAbsent(task.tableId, t -> new ArrayList<>()).add(task);
            }
        }
        List<TableRunSummary> tables = new ArrayList<>();
        byTable.forEach((table, own) -> tables.add(summary(table, own, marker.apply(table))));
        Instant finished = finishedAt == null || finishedAt.isBefore(run.startedAt) ? run.startedAt : finishedAt;
        return new RunCompleted(run.runId, run.startedAt, finished, tables);
    }

    /**
     * Whether the task decides when the run ends and how: a run's offloads (the audits they start go on after it), or
     * an audit run's audit.
     */
    static boolean counts(RunRecord run, TaskRecord task) {
        return switch (run.kind) {
            case AUDIT -> task.kind == TaskKind.AUDIT;
            // every step, and the skipped tasks of tables whose maintenance could not start
            case MAINTENANCE -> true;
            default -> task.isOffload();
        };
    }

    /** What an ended run has to say beyond its status: an audit run's verdict, or why its audit failed. */
    static Optional<String> note(RunRecord run, List<TaskRecord> tasks) {
        if (run.kind == RunKind.MAINTENANCE) {
            return Optional.of(MaintenanceNotes.ofRun(tasks)).filter(note -> !note.isEmpty());
        }
        if (run.kind != RunKind.AUDIT) {
            return Optional.empty();
        }
        return tasks.stream().filter(t -> t.kind == TaskKind.AUDIT).reduce((a, b) -> b).map(audit -> switch (audit.status) {
            case FAILED -> "audit failed: " + (audit.errorType == null ? "INTERNAL" : audit.errorType)
                    + (audit.errorMessage == null ? "" : ": " + audit.errorMessage);
            case SKIPPED -> "audit skipped" + (audit.note == null ? "" : ": " + audit.note);
            default -> audit.note;
        });
    }

    static TableRunSummary summary(String table, List<TaskRecord> tasks, Optional<Instant> marker) {
        TableOutcome outcome = TableOutcome.SUCCEEDED;
        Optional<String> error = Optional.empty();
        if (tasks.stream().anyMatch(t -> t.status == TaskStatus.FAILED)) {
            outcome = TableOutcome.FAILED;
            error = tasks.stream().filter(t -> t.status == TaskStatus.FAILED).reduce((a, b) -> b)
                    .map(t -> t.errorType == null ? "INTERNAL" : t.errorType);
        } else if (tasks.stream().allMatch(t -> t.status == TaskStatus.SKIPPED)) {
            outcome = TableOutcome.SKIPPED;
        }
        long rows = tasks.stream().mapToLong(t -> t.rows).sum();
        Instant first = tasks.stream().map(t -> t.firstSentAt).filter(java.util.Objects::nonNull).min(Instant::compareTo)
                .orElse(null);
        Instant last = tasks.stream().map(t -> t.finishedAt).filter(java.util.Objects::nonNull).max(Instant::compareTo)
                .orElse(null);
        long durationMs = first == null || last == null || last.isBefore(first) ? 0 : Duration.between(first, last).toMillis();
        return new TableRunSummary(table, outcome, rows, durationMs, marker, error);
    }
}
