package io.k2.floe.coordinator.maintenance;

import io.k2.floe.coordinator.ledger.JsonMaps;
import io.k2.floe.coordinator.ledger.TaskRecord;
import io.k2.floe.coordinator.ledger.TaskStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A maintenance step's outcome in a line, for the task's note and the run's: what the step changed (or, in a dry run,
 * would change), its counters, and what it refused. E.g.
 * {@code COMPACT: 2026-03-01, 2026-03-02; addedDataFiles=2, rewrittenDataFiles=96} or
 * {@code DROP_WARM_PARTITIONS (dry run): would drop 2026-02-01; refused 2026-02-02: not verified}.
 */
public final class MaintenanceNotes {

    private static final int SHOWN = 10;

    private MaintenanceNotes() {
    }

    /** The note of a maintenance worker's completed step. */
    static String of(TaskRecord task) {
        List<String> parts = new ArrayList<>();
        List<String> partitions = task.partitionList();
        String verb = task.step == MaintenanceStep.DROP_WARM_PARTITIONS ? (task.dryRun ? "would drop " : "dropped ")
                : task.dryRun ? "would change " : "";
        parts.add(partitions.isEmpty() ? (task.dryRun ? "would change no partition" : "no partition changed")
                : verb + list(partitions));
        Map<String, Long> results = JsonMaps.counts(task.results);
        if (!results.isEmpty()) {
            List<String> counters = new ArrayList<>();
            results.forEach((name, value) -> counters.add(name + "=" + value));
            parts.add(String.join(", ", counters));
        }
        Map<String, String> refused = JsonMaps.texts(task.refused);
        if (!refused.isEmpty()) {
            List<String> reasons = new ArrayList<>();
            refused.forEach((partition, why) -> reasons.add(partition + ": " + why));
            parts.add("refused " + String.join("; ", reasons));
        }
        return String.join("; ", parts);
    }

    /** The run's note: each table's steps in order, e.g. {@code t: COMPACT: ... | AUDIT_COMPACTED: all partitions equal}. */
    public static String ofRun(List<TaskRecord> tasks) {
        List<String> lines = new ArrayList<>();
        String table = null;
        StringBuilder line = null;
        for (TaskRecord task : tasks.stream().filter(t -> t.step != null || t.status == TaskStatus.SKIPPED)
                .sorted(java.util.Comparator.comparing((TaskRecord t) -> t.tableId).thenComparing(t -> t.seq)
                        .thenComparing(t -> t.taskId)).toList()) {
            if (!task.tableId.equals(table)) {
                if (line != null) {
                    lines.add(line.toString());
                }
                table = task.tableId;
                line = new StringBuilder(table).append(": ");
            } else {
                line.append(" | ");
            }
            line.append(task.step == null ? "skipped" : task.step.name() + (task.dryRun ? " (dry run)" : ""))
                    .append(task.status == TaskStatus.SUCCEEDED ? "" : " " + task.status)
                    .append(task.status == TaskStatus.FAILED && task.errorType != null
                            ? " " + task.errorType + (task.errorMessage == null ? "" : ": " + task.errorMessage) : "")
                    .append(task.note == null ? "" : ": " + task.note);
        }
        if (line != null) {
            lines.add(line.toString());
        }
        return String.join("\n", lines);
    }

    private static String list(List<String> partitions) {
        return partitions.size() <= SHOWN ? String.join(", ", partitions)
                : String.join(", ", partitions.subList(0, SHOWN)) + " and " + (partitions.size() - SHOWN) + " more";
    }
}
