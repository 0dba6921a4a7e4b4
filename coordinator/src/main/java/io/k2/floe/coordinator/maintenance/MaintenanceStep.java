package io.k2.floe.coordinator.maintenance;

import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.TaskKind;

import java.util.Optional;
import java.util.Set;

/**
 * The steps of one table's maintenance, in the order they run (docs/maintenance/scheduling.md "Order of steps"):
 * compaction first, so that what it rewrote is audited at once and a verdict exists at the compacted files
 * (verification survives compaction, docs/audit.md); manifests are rewritten after compaction changed the files they
 * list; snapshots are expired after that, so the snapshots compaction and the manifest rewrite replaced can go in the
 * same pass; orphans are removed once expiry has dropped what expired snapshots alone referenced; warm retention
 * comes last, audited at the cold table as maintenance left it.
 */
public enum MaintenanceStep {

    COMPACT(MaintenanceAction.COMPACT),
    /** AUDIT of the partitions COMPACT rewrote, at the snapshot it committed. */
    AUDIT_COMPACTED(MaintenanceAction.COMPACT),
    REWRITE_MANIFESTS(MaintenanceAction.REWRITE_MANIFESTS),
    EXPIRE_SNAPSHOTS(MaintenanceAction.EXPIRE_SNAPSHOTS),
    REMOVE_ORPHANS(MaintenanceAction.REMOVE_ORPHANS),
    /** AUDIT of the warm partitions past retention not known equal at the current cold snapshot. */
    AUDIT_RETENTION(MaintenanceAction.DROP_WARM_PARTITIONS),
    DROP_WARM_PARTITIONS(MaintenanceAction.DROP_WARM_PARTITIONS);

    private final MaintenanceAction action;

    MaintenanceStep(MaintenanceAction action) {
        this.action = action;
    }

    /** The action asked for that brings this step into a run. */
    public MaintenanceAction action() {
        return action;
    }

    /** The task kind the step is sent as: its audits go to the auditor, the rest to the maintenance worker. */
    public TaskKind taskKind() {
        return this == AUDIT_COMPACTED || this == AUDIT_RETENTION ? TaskKind.AUDIT : TaskKind.MAINTENANCE;
    }

    /** Whether the step is one of the audits (skipped in a dry run: a dry run changes nothing worth auditing). */
    public boolean isAudit() {
        return taskKind() == TaskKind.AUDIT;
    }

    /** The first step of a run asking for {@code actions}; empty when none is asked for. */
    public static Optional<MaintenanceStep> first(Set<MaintenanceAction> actions, boolean dryRun) {
        return after(null, actions, dryRun);
    }

    /**
     * The step after {@code done} (null: before the first) among those {@code actions} bring in; a dry run skips the
     * audits. The drop itself always follows the retention audit (which decides what it drops), and a dry run goes
     * straight to a dry-run drop of every candidate.
     */
    public static Optional<MaintenanceStep> after(MaintenanceStep done, Set<MaintenanceAction> actions, boolean dryRun) {
        MaintenanceStep[] steps = values();
        for (int i = done == null ? 0 : done.ordinal() + 1; i < steps.length; i++) {
            MaintenanceStep step = steps[i];
            if (actions.contains(step.action) && !(dryRun && step.isAudit())) {
                return Optional.of(step);
            }
        }
        return Optional.empty();
    }
}
