package io.k2.floe.coordinator.maintenance;

import io.k2.floe.coordinator.runs.RequestRefused;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TimeBounds;
import io.k2.floe.tiering.messages.MaintenanceAction;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a maintenance run is asked to do: which actions (all five by default), on which partitions (those COMPACT and
 * warm retention consider; empty for their own choice), and whether as a dry run.
 *
 * @param trigger what asked for it
 */
public record MaintenanceRequest(Set<MaintenanceAction> actions, List<String> partitions, boolean dryRun,
                                 Trigger trigger) {

    /** What started a maintenance run (the {@code kind} label of {@code floe_maintenance_runs_started_total}). */
    public enum Trigger {
        /** A table's maintenance schedule. */
        SCHEDULED,
        /** The API. */
        MANUAL,
        /** An offload completed and the cold table crossed a threshold of its policy. */
        THRESHOLD
    }

    public MaintenanceRequest {
        actions = actions.isEmpty() ? EnumSet.noneOf(MaintenanceAction.class) : EnumSet.copyOf(actions);
        partitions = List.copyOf(partitions);
    }

    /** Every action, every partition the actions choose, for real. */
    public static MaintenanceRequest everything(Trigger trigger) {
        return new MaintenanceRequest(EnumSet.allOf(MaintenanceAction.class), List.of(), false, trigger);
    }

    /**
     * An API request, checked: every action one of {@link MaintenanceAction} and none twice, every partition a label of
     * the table's transform and none twice ({@code table} empty: a request for every table, which cannot name
     * partitions since the tables' transforms differ).
     *
     * @throws RequestRefused (400) naming the field and the value that is wrong
     */
    public static MaintenanceRequest of(Optional<CatalogTable> table, Optional<List<String>> actions,
                                        Optional<List<String>> partitions, Optional<Boolean> dryRun) {
        Set<MaintenanceAction> chosen = EnumSet.noneOf(MaintenanceAction.class);
        if (actions.isPresent()) {
            if (actions.get().isEmpty()) {
                throw RequestRefused.badRequest("field 'actions' is empty; leave it out for every action, or name"
                        + " some of " + names());
            }
            for (String name : actions.get()) {
                MaintenanceAction action;
                try {
                    action = MaintenanceAction.valueOf(name.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw RequestRefused.badRequest("field 'actions' holds '" + name + "', not an action; the actions"
                            + " are " + names());
                }
                if (!chosen.add(action)) {
                    throw RequestRefused.badRequest("field 'actions' lists " + action + " twice");
                }
            }
        } else {
            chosen = EnumSet.allOf(MaintenanceAction.class);
        }
        List<String> labels = new ArrayList<>();
        if (partitions.isPresent()) {
            if (table.isEmpty()) {
                throw RequestRefused.badRequest("field 'partitions' is only taken for one table"
                        + " (POST /api/tables/{table}/maintenance): the tables' partitions differ");
            }
            if (partitions.get().isEmpty()) {
                throw RequestRefused.badRequest("field 'partitions' is empty; leave it out to let each action choose");
            }
            Set<String> seen = new LinkedHashSet<>();
            for (String label : partitions.get()) {
                try {
                    TimeBounds.requirePartition(table.get().partition(), label);
                } catch (IllegalArgumentException e) {
                    throw RequestRefused.badRequest("field 'partitions': " + e.getMessage());
                }
                if (!seen.add(label)) {
                    throw RequestRefused.badRequest("field 'partitions' lists partition " + label + " twice");
                }
            }
            labels.addAll(seen);
        }
        return new MaintenanceRequest(chosen, labels, dryRun.orElse(false), Trigger.MANUAL);
    }

    private static String names() {
        return String.join(", ", EnumSet.allOf(MaintenanceAction.class).stream().map(Enum::name).toList());
    }
}
