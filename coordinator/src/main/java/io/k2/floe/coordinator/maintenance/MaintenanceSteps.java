package io.k2.floe.coordinator.maintenance;

import io.k2.floe.coordinator.ledger.JsonMaps;
import io.k2.floe.coordinator.ledger.RunRecord;
import io.k2.floe.coordinator.ledger.SeenVerdict;
import io.k2.floe.coordinator.ledger.TableState;
import io.k2.floe.coordinator.ledger.TaskRecord;
import io.k2.floe.coordinator.ledger.WaitingReason;
import io.k2.floe.coordinator.ledger.TaskStatus;
import io.k2.floe.coordinator.warm.WarmPartitions;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.AuditCompleted;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.MaintenanceCompleted;
import io.k2.floe.tiering.messages.PartitionVerdict;
import io.k2.floe.tiering.messages.TaskKind;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * One table's maintenance within a run, step by step (docs/maintenance/scheduling.md): the first step's task when
 * the run starts, each next step's task when the one before it succeeded (a failed step ends the table's
 * maintenance in that run: retention never follows an unexplained failure), what each step's command carries, and
 * the warm retention decision. Every method runs inside the caller's ledger transaction; the engine's lock keeps two
 * of them from meeting.
 */
@ApplicationScoped
public class MaintenanceSteps {

    private final TableCatalog catalog;
    private final WarmPartitions warm;
    private final ColdTableStats cold;
    private final RetentionAlerts alerts;

    public MaintenanceSteps(TableCatalog catalog, WarmPartitions warm, ColdTableStats cold, RetentionAlerts alerts) {
        this.catalog = catalog;
        this.warm = warm;
        this.cold = cold;
        this.alerts = alerts;
    }

    /** The table's first step in {@code run}, waiting to be sent; empty when the run asks for no action. */
    public Optional<TaskRecord> first(RunRecord run, String tableId, Instant now) {
        return MaintenanceStep.first(actions(run), run.dryRun).map(step -> {
            TaskRecord task = task(run, tableId, step, 0, now);
            if (step == MaintenanceStep.COMPACT) {
                task.partitions = run.partitions;
            }
            return task;
        });
    }

    /**
     * Readies a waiting step for sending: false when it must wait (another maintenance command of the table is out)
     * or was settled without a command (nothing past retention, every candidate known equal or kept for a
     * downstream repair; the next step is then created).
     */
    public boolean prepare(TaskRecord task, Instant now) {
        if (task.step.taskKind() == TaskKind.MAINTENANCE && task.otherMaintenanceInFlight()) {
            task.note = new WaitingReason("another maintenance command of " + task.tableId + " is out").note();
            return false;
        }
        task.note = null;
        RunRecord run = RunRecord.findById(task.runId);
        if (task.step == MaintenanceStep.AUDIT_RETENTION) {
            RetentionPlan plan = plan(task.tableId, run, now);
            task.refused = JsonMaps.write(plan.refused());
            task.equalPartitions = plan.knownEqual().isEmpty() ? null : String.join(",", plan.knownEqual());
            if (plan.toAudit().isEmpty()) {
                settle(task, now, plan.isEmpty() ? "no warm partition past retention"
                        : "nothing to audit: " + describe(plan));
                alerts.leftInPlace(task.tableId, plan.refused(), now);
                next(task, now);
                return false;
            }
            task.partitions = String.join(",", plan.toAudit());
            task.note = describe(plan);
            return true;
        }
        if (task.step == MaintenanceStep.DROP_WARM_PARTITIONS && run.dryRun) {
            RetentionPlan plan = plan(task.tableId, run, now);
            // a dry run audits nothing: it shows every candidate the drop would consider
            TreeSet<String> droppable = new TreeSet<>(plan.toAudit());
            droppable.addAll(plan.knownEqual());
            task.refused = JsonMaps.write(plan.refused());
            if (droppable.isEmpty()) {
                settle(task, now, plan.isEmpty() ? "no warm partition past retention"
                        : "nothing would be dropped: " + describe(plan));
                next(task, now);
                return false;
            }
            task.partitions = String.join(",", droppable);
        }
        return true;
    }

    /**
     * The step after {@code done}, if it succeeded and one follows: the audit of what compaction rewrote (at the
     * snapshot it committed; left out when it rewrote nothing), the drop of what the retention audit found equal (left
     * out when nothing was), or the next action asked for.
     */
    public void next(TaskRecord done, Instant now) {
        if (done.step == null || done.status != TaskStatus.SUCCEEDED) {
            return;
        }
        RunRecord run = RunRecord.findById(done.runId);
        Set<MaintenanceAction> actions = actions(run);
        MaintenanceStep step = done.step;
        while (true) {
            Optional<MaintenanceStep> following = MaintenanceStep.after(step, actions, run.dryRun);
            if (following.isEmpty()) {
                return;
            }
            step = following.get();
            TaskRecord task = task(run, done.tableId, step, done.seq + 1, now);
            switch (step) {
                case AUDIT_COMPACTED -> {
                    if (done.partitionList().isEmpty() || done.coldSnapshot == null) {
                        continue; // compaction rewrote nothing: what was verified still is
                    }
                    task.partitions = done.partitions;
                    task.coldSnapshot = done.coldSnapshot;
                }
                case DROP_WARM_PARTITIONS -> {
                    if (!run.dryRun) {
                        if (done.equalPartitionList().isEmpty()) {
                            return; // nothing proven equal: nothing to drop (the audit's note says why)
                        }
                        task.partitions = done.equalPartitions;
                    }
                }
                default -> {
                }
            }
            task.persist();
            return;
        }
    }

    /**
     * Applies a maintenance worker's answer to its step and creates the next step.
     *
     * @return the partitions the step refused, partition → reason (a dry run's are only shown, never alerted on)
     */
    public Map<String, String> completed(TaskRecord task, MaintenanceCompleted event, Instant now) {
        Map<String, String> refused = new TreeMap<>(JsonMaps.texts(task.refused));
        refused.putAll(event.refused());
        task.status = TaskStatus.SUCCEEDED;
        task.finishedAt = now;
        task.deadlineAt = null;
        task.durationMs = event.durationMs();
        task.dryRun = event.dryRun();
        task.results = JsonMaps.write(event.results());
        task.refused = JsonMaps.write(refused);
        task.partitions = event.partitions().isEmpty() ? null : String.join(",", event.partitions());
        task.coldSnapshot = event.snapshotId().orElse(null);
        task.errorType = null;
        task.errorMessage = null;
        task.note = MaintenanceNotes.of(task);
        next(task, now);
        return event.dryRun() ? Map.of() : refused;
    }

    /**
     * Applies the auditor's answer to an audit step: for the retention audit, the partitions found equal join those
     * known equal (the drop asks for them all), the others are refused with the verdict; then the next step.
     *
     * @return the partitions the retention audit left in the warm tier, partition → reason
     */
    public Map<String, String> audited(TaskRecord task, AuditCompleted event, Instant now) {
        Map<String, String> refused = new TreeMap<>(JsonMaps.texts(task.refused));
        if (task.step == MaintenanceStep.AUDIT_RETENTION) {
            Set<String> equal = new TreeSet<>(task.equalPartitionList());
            Map<String, PartitionVerdict> verdicts = new LinkedHashMap<>();
            event.verdicts().forEach(v -> verdicts.put(v.partition(), v));
            for (String partition : task.partitionList()) {
                PartitionVerdict verdict = verdicts.get(partition);
                if (verdict == null) {
                    refused.put(partition, "not verified: the audit gave no verdict for it");
                } else if (verdict.equal()) {
                    equal.add(partition);
                } else {
                    refused.put(partition, "not verified: the audit at snapshot "
                            + event.coldSnapshotId().map(String::valueOf).orElse("(current)") + " found warm ("
                            + verdict.warmRows() + " rows) and cold (" + verdict.coldRows() + " rows) different");
                }
            }
            task.equalPartitions = equal.isEmpty() ? null : String.join(",", equal);
            task.refused = JsonMaps.write(refused);
        }
        next(task, now);
        return task.step == MaintenanceStep.AUDIT_RETENTION ? refused : Map.of();
    }

    private RetentionPlan plan(String tableId, RunRecord run, Instant now) {
        CatalogTable table = catalog.get(tableId);
        List<String> labels;
        try {
            labels = warm.labels(table);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the warm partitions of " + tableId, e);
        }
        alerts.gone(tableId, labels);
        Optional<Instant> marker = marker(tableId);
        Optional<Long> snapshot = cold.currentSnapshot(tableId);
        List<RetentionPlan.Downstream> downstreams = catalog.downstreams(tableId).stream()
                .map(down -> new RetentionPlan.Downstream(down, marker(down.id()))).toList();
        return RetentionPlan.of(table, labels, new HashSet<>(run.partitionList()), marker, now, snapshot,
                (t, p) -> SeenVerdict.of(t, p).map(v -> new RetentionPlan.Seen(v.equal, v.coldSnapshot)), downstreams);
    }

    private static Optional<Instant> marker(String tableId) {
        TableState state = TableState.findById(tableId);
        return state == null ? Optional.empty() : state.marker();
    }

    private static String describe(RetentionPlan plan) {
        List<String> parts = new ArrayList<>();
        if (!plan.toAudit().isEmpty()) {
            parts.add("auditing " + String.join(", ", plan.toAudit()));
        }
        if (!plan.knownEqual().isEmpty()) {
            parts.add("equal at the current snapshot already: " + String.join(", ", plan.knownEqual()));
        }
        plan.refused().forEach((partition, why) -> parts.add(partition + " " + why));
        return String.join("; ", parts);
    }

    private static void settle(TaskRecord task, Instant now, String note) {
        task.status = TaskStatus.SUCCEEDED;
        task.finishedAt = now;
        task.note = note;
    }

    private static TaskRecord task(RunRecord run, String tableId, MaintenanceStep step, int seq, Instant now) {
        TaskRecord task = new TaskRecord();
        task.runId = run.runId;
        task.tableId = tableId;
        task.kind = step.taskKind();
        task.step = step;
        task.action = step.taskKind() == TaskKind.MAINTENANCE ? step.action() : null;
        task.dryRun = run.dryRun;
        task.seq = seq;
        task.commandId = UUID.randomUUID().toString();
        task.status = TaskStatus.WAITING;
        task.createdAt = now;
        return task;
    }

    private static Set<MaintenanceAction> actions(RunRecord run) {
        Set<MaintenanceAction> actions = EnumSet.noneOf(MaintenanceAction.class);
        run.actionList().forEach(name -> actions.add(MaintenanceAction.valueOf(name)));
        return actions;
    }
}
