package io.k2.floe.coordinator.runs;

import io.k2.floe.coordinator.CoordinatorConfig;
import io.k2.floe.coordinator.alerts.AlertBook;
import io.k2.floe.coordinator.ledger.SeenVerdict;
import io.k2.floe.coordinator.ledger.TableState;
import io.k2.floe.coordinator.maintenance.MaintenanceSteps;
import io.k2.floe.coordinator.maintenance.MaintenanceTrigger;
import io.k2.floe.coordinator.maintenance.RetentionAlerts;
import io.k2.floe.coordinator.ledger.TaskRecord;
import io.k2.floe.coordinator.ledger.TaskStatus;
import io.k2.floe.coordinator.markers.MarkerReconciler;
import io.k2.floe.tiering.messages.AlertNames;
import io.k2.floe.tiering.messages.AuditCompleted;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.MaintenanceCompleted;
import io.k2.floe.tiering.messages.OffloadCompleted;
import io.k2.floe.tiering.messages.OffloadKind;
import io.k2.floe.tiering.messages.PartitionVerdict;
import io.k2.floe.tiering.messages.Severity;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.messages.TaskKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Applies the workers' answers to the ledger and raises or resolves the alerts they imply: a completed offload moves
 * the table's marker (read back from Iceberg, which wins) and may start the next window or the audit; a failed attempt
 * is retried, re-planned or failed (RetryRules); an audit's verdicts raise or resolve {@code AuditMismatch}. Answers
 * to commands the ledger does not know (another coordinator's, a test's, a run deleted from the ledger) and repeated
 * answers change nothing.
 */
@ApplicationScoped
public class TaskEvents {

    private static final Logger LOG = Logger.getLogger(TaskEvents.class);

    private final RunEngine engine;
    private final AutoRepair autoRepair;
    private final MarkerReconciler markers;
    private final AlertBook alerts;
    private final CoordinatorConfig config;
    private final RunMetrics metrics;
    private final MeterRegistry registry;
    private final MaintenanceSteps maintenance;
    private final RetentionAlerts retention;
    private final MaintenanceTrigger trigger;
    private final Clock clock;

    public TaskEvents(RunEngine engine, AutoRepair autoRepair, MarkerReconciler markers, AlertBook alerts,
                      CoordinatorConfig config, RunMetrics metrics, MeterRegistry registry,
                      MaintenanceSteps maintenance, RetentionAlerts retention, MaintenanceTrigger trigger,
                      Clock clock) {
        this.clock = clock;
        this.maintenance = maintenance;
        this.retention = retention;
        this.trigger = trigger;
        this.engine = engine;
        this.autoRepair = autoRepair;
        this.markers = markers;
        this.alerts = alerts;
        this.config = config;
        this.metrics = metrics;
        this.registry = registry;
    }

    /** Applies one event from {@code floe.events}, then lets the engine send what became due. */
    public void apply(Event event) {
        Answer audit = null;
        boolean offloadsDone = false;
        engine.lock().lock();
        try {
            switch (event) {
                case OffloadCompleted completed -> offloadsDone = completed(completed);
                case AuditCompleted audited -> audit = audited(audited);
                case MaintenanceCompleted maintained -> maintained(maintained);
                case TaskFailed failed -> failed(failed);
                default -> {
                    return; // run summaries, alerts: nothing to do for the coordinator
                }
            }
        } finally {
            engine.lock().unlock();
        }
        // Outside the lock: deciding on a repair reads the cold and warm tiers, a threshold the cold tier's metadata.
        if (audit != null && audit != Answer.REPEATED) {
            autoRepair.afterAudit((AuditCompleted) event);
        }
        if (offloadsDone) {
            trigger.afterOffload(((OffloadCompleted) event).table());
        }
        engine.advance();
    }

    /** What the ledger made of an answer. */
    private enum Answer {
        /** the answer to an open task, now applied */
        APPLIED,
        /** an answer to a command the ledger does not know: another coordinator's, or one it has forgotten */
        UNKNOWN,
        /** a second answer to a finished task (a redelivery): its verdicts were acted on the first time */
        REPEATED
    }

    /** @return whether the table's offloads of the run are done (the moment to look at maintenance thresholds) */
    private boolean completed(OffloadCompleted event) {
        Optional<TaskRecord> known = QuarkusTransaction.requiringNew().call(() -> TaskRecord.byCommandId(event.commandId()));
        if (known.isEmpty() || known.get().status.finished()) {
            unmatched(event.table(), known.isEmpty() ? "unknown" : "finished");
            return false;
        }
        Optional<Instant> cold;
        try {
            cold = markers.reconcile(event.table(), event.marker().windowUpper());
        } catch (RuntimeException e) {
            // The event carries the marker the worker committed; Iceberg is asked again before the next run plans.
            LOG.warnf("cannot read the marker of %s from Iceberg after its offload, taking the event's: %s",
                    event.table(), e.getMessage());
            cold = Optional.empty();
        }
        Optional<Instant> committed = cold;
        boolean[] done = {false};
        boolean recovered = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            TaskRecord task = TaskRecord.byCommandId(event.commandId()).orElse(null);
            if (task == null || task.status.finished()) {
                return false;
            }
            task.status = TaskStatus.SUCCEEDED;
            task.finishedAt = now;
            task.deadlineAt = null;
            task.rows = event.rows();
            task.bytes = event.bytes();
            task.dataFiles = event.dataFiles();
            task.durationMs = event.durationMs();
            task.repeat = event.repeat();
            task.coldSnapshot = event.snapshotId().orElse(null);
            task.partitions = String.join(",", event.partitions());
            task.errorType = null;
            task.errorMessage = null;
            metrics.taskFinished(task);
            TableState state = TableState.of(task.tableId, now);
            Instant marker = committed.orElse(event.marker().windowUpper());
            if (state.markerUpper == null || marker.isAfter(state.markerUpper)) {
                state.markerUpper = marker;
                state.markerLower = event.marker().windowLower();
                state.markerCommandId = event.marker().commandId();
                state.markerRunId = event.marker().runId();
                state.markerSnapshotId = event.snapshotId().orElse(state.markerSnapshotId);
                state.markerAdvancedAt = now;
            }
            boolean wasFailing = state.consecutiveFailures > 0;
            state.consecutiveFailures = 0;
            state.lastRunId = task.runId;
            state.updatedAt = now;
            if (task.offloadKind != OffloadKind.REPAIR && task.target != null && task.windowUpper != null
                    && task.windowUpper.isBefore(task.target)) {
                nextWindow(task, now);
            } else {
                audit(task, now);
                done[0] = true;
            }
            return wasFailing;
        });
        if (recovered || alerts.isActive(failingId(event.table()))) {
            alerts.resolve(failingId(event.table()), "offload of " + event.table() + " succeeded again");
        }
        return done[0];
    }

    /**
     * A maintenance step answered: its results, partitions and refusals go to the ledger and the next step is created
     * (MaintenanceSteps); a real drop counts the partitions dropped and resolves their RetentionBlocked alerts, and
     * raises one for each refused partition past retention plus grace.
     */
    private void maintained(MaintenanceCompleted event) {
        Instant now = clock.instant();
        Map<String, String> refused = QuarkusTransaction.requiringNew().call(() -> {
            TaskRecord task = TaskRecord.byCommandId(event.commandId()).orElse(null);
            if (task == null || task.status.finished() || task.step == null) {
                return null;
            }
            Map<String, String> left = maintenance.completed(task, event, now);
            metrics.taskFinished(task);
            LOG.infof("maintenance step %s of %s (run %s): %s", task.step, task.tableId, task.runId, task.note);
            return left;
        });
        if (refused == null) {
            unmatched(event.table(), "maintenance");
            return;
        }
        if (event.action() == MaintenanceAction.DROP_WARM_PARTITIONS && !event.dryRun()) {
            retention.dropped(event.table(), event.partitions());
            retention.leftInPlace(event.table(), refused, now);
        }
    }

    /** The run's target lies beyond the widest window: the table's next window is a new task of the same run. */
    private static void nextWindow(TaskRecord done, Instant now) {
        TaskRecord next = RunEngine.offloadTask(done.runId, done.tableId, done.offloadKind, now);
        next.seq = done.seq + 1;
        next.target = done.target;
        next.persist();
    }

    /** Once a table's offloads of the run are done, the partitions they wrote are audited at the latest snapshot. */
    private void audit(TaskRecord last, Instant now) {
        if (!config.auditAfterOffload()) {
            return;
        }
        TreeSet<String> partitions = new TreeSet<>();
        for (TaskRecord task : TaskRecord.ofRun(last.runId)) {
            if (task.isOffload() && task.tableId.equals(last.tableId)) {
                partitions.addAll(task.partitionList());
            }
        }
        if (partitions.isEmpty()) {
            return;
        }
        TaskRecord audit = RunEngine.auditTask(last.runId, last.tableId, now);
        audit.seq = last.seq + 1;
        audit.partitions = String.join(",", partitions);
        audit.coldSnapshot = last.coldSnapshot;
        audit.persist();
    }

    private void failed(TaskFailed event) {
        if (ErrorTypes.MALFORMED_COMMAND.equals(event.errorType())) {
            registry.counter("floe.commands.dead.lettered", "kind", event.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .increment();
            alerts.raise(AlertNames.DEAD_LETTER + "/" + event.commandId(), AlertNames.DEAD_LETTER, Severity.WARNING,
                    Optional.ofNullable(event.table()), "a " + event.kind().name().toLowerCase(java.util.Locale.ROOT)
                            + " command could not be read and went to the dead-letter topic: " + event.message(),
                    Map.of("commandId", event.commandId()));
        }
        if (ErrorTypes.REPAIR_WOULD_LOSE_ROWS.equals(event.errorType())) {
            // the warm tier has forgotten part of a cold partition: an operator decides (the cold copy is kept)
            alerts.raise(AlertNames.REPAIR_WOULD_LOSE_ROWS + "/" + event.table(), AlertNames.REPAIR_WOULD_LOSE_ROWS,
                    Severity.CRITICAL, Optional.ofNullable(event.table()), event.message(),
                    Map.of("commandId", event.commandId()));
        }
        Optional<TaskRecord> known = QuarkusTransaction.requiringNew().call(() -> TaskRecord.byCommandId(event.commandId()));
        if (known.isEmpty() || known.get().status.finished() || event.attempt() < known.get().attempts) {
            unmatched(event.table() == null ? "unknown" : event.table(), known.isEmpty() ? "unknown" : "stale");
            return;
        }
        RetryRules.Reaction reaction = engine.retries().after(event.errorType(), event.attempt());
        if (reaction == RetryRules.Reaction.REPLAN) {
            try {
                markers.reconcile(event.table());
            } catch (RuntimeException e) {
                LOG.warnf("cannot read the marker of %s from Iceberg after a refused window: %s", event.table(),
                        e.getMessage());
                reaction = RetryRules.Reaction.RETRY;
            }
        }
        RetryRules.Reaction chosen = reaction;
        int failuresInARow = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            TaskRecord task = TaskRecord.byCommandId(event.commandId()).orElse(null);
            if (task == null || task.status.finished()) {
                return 0;
            }
            task.errorType = event.errorType();
            task.errorMessage = event.message();
            task.deadlineAt = null;
            switch (chosen) {
                case GIVE_UP -> engine.fail(task, now);
                case RETRY -> {
                    task.status = TaskStatus.RETRY_WAIT;
                    task.nextAttemptAt = engine.decisions().nextAttemptAt(task, now);
                }
                case REPLAN -> {
                    // A new window is a new command: the old id stays with the refused window.
                    task.status = TaskStatus.WAITING;
                    task.commandId = UUID.randomUUID().toString();
                    task.windowLower = null;
                    task.windowUpper = null;
                }
            }
            LOG.infof("%s task of %s (run %s) attempt %d failed with %s: %s → %s", task.kind, task.tableId, task.runId,
                    event.attempt(), event.errorType(), event.message(), chosen);
            if (task.kind != TaskKind.OFFLOAD) {
                return 0;
            }
            TableState state = TableState.of(task.tableId, now);
            state.consecutiveFailures++;
            state.lastErrorType = event.errorType();
            state.lastRunId = task.runId;
            state.updatedAt = now;
            return state.consecutiveFailures;
        });
        if (failuresInARow >= config.alerts().failuresInARow()) {
            alerts.raise(failingId(event.table()), AlertNames.OFFLOAD_FAILING, Severity.CRITICAL,
                    Optional.of(event.table()), failuresInARow + " offload attempts of " + event.table()
                            + " in a row failed; last: " + event.errorType() + ": " + event.message(),
                    Map.of("errorType", event.errorType()));
        }
    }

    private Answer audited(AuditCompleted event) {
        Instant now = clock.instant();
        Map<String, String> left = new java.util.HashMap<>();
        Answer answer = QuarkusTransaction.requiringNew().call(() -> {
            for (PartitionVerdict verdict : event.verdicts()) {
                SeenVerdict.record(event.table(), verdict.partition(), verdict.equal(),
                        event.coldSnapshotId().orElse(null), now);
            }
            TaskRecord task = TaskRecord.byCommandId(event.commandId()).orElse(null);
            if (task == null) {
                return Answer.UNKNOWN;
            }
            if (task.status.finished()) {
                return Answer.REPEATED;
            }
            task.status = TaskStatus.SUCCEEDED;
            task.finishedAt = clock.instant();
            task.deadlineAt = null;
            task.durationMs = event.durationMs();
            task.coldSnapshot = event.coldSnapshotId().orElse(task.coldSnapshot);
            task.note = verdictNote(event);
            metrics.taskFinished(task);
            if (task.step != null) {
                left.putAll(maintenance.audited(task, event, now));
            }
            return Answer.APPLIED;
        });
        retention.leftInPlace(event.table(), left, now);
        if (answer != Answer.APPLIED) {
            unmatched(event.table(), "audit");
        }
        // Verdicts count even for an audit this coordinator did not ask for: they are the auditor's findings.
        List<PartitionVerdict> verdicts = new ArrayList<>(event.verdicts());
        for (PartitionVerdict verdict : verdicts) {
            String alertId = AlertNames.AUDIT_MISMATCH + "/" + event.table() + "/" + verdict.partition();
            if (verdict.equal()) {
                alerts.resolve(alertId, "partition " + verdict.partition() + " of " + event.table()
                        + " audits equal again");
            } else {
                alerts.raise(alertId, AlertNames.AUDIT_MISMATCH, Severity.CRITICAL, Optional.of(event.table()),
                        "partition " + verdict.partition() + " of " + event.table() + " differs between warm ("
                                + verdict.warmRows() + " rows) and cold (" + verdict.coldRows() + " rows); repair it"
                                + " with POST /api/tables/" + event.table() + "/repair",
                        Map.of("partition", verdict.partition()));
            }
        }
        return answer;
    }

    /**
     * The audit's verdict in a line, for the task's and the run's note. Its two forms are read by tools
     * (deploy/local/watch): exactly {@code all partitions equal}, or {@code mismatched: } and the partitions.
     */
    static String verdictNote(AuditCompleted event) {
        if (event.allEqual()) {
            return "all partitions equal";
        }
        List<PartitionVerdict> mismatches = event.mismatches();
        StringBuilder note = new StringBuilder("mismatched: ");
        int shown = Math.min(mismatches.size(), 10);
        for (int i = 0; i < shown; i++) {
            PartitionVerdict v = mismatches.get(i);
            note.append(i == 0 ? "" : ", ").append(v.partition()).append(v.warmRows() == v.coldRows()
                    ? " (" + v.warmRows() + " rows on both sides, content differs)"
                    : " (warm " + v.warmRows() + " rows, cold " + v.coldRows() + ")");
        }
        if (mismatches.size() > shown) {
            note.append(" and ").append(mismatches.size() - shown).append(" more");
        }
        int equal = event.verdicts().size() - mismatches.size();
        if (equal > 0) {
            note.append("; the other ").append(equal).append(equal == 1 ? " partition" : " partitions")
                    .append(" equal");
        }
        return note.toString();
    }

    private void unmatched(String table, String why) {
        registry.counter("floe.events.unmatched", "reason", why).increment();
        LOG.debugf("event for %s ignored (%s command)", table, why);
    }

    static String failingId(String table) {
        return AlertNames.OFFLOAD_FAILING + "/" + table;
    }
}
