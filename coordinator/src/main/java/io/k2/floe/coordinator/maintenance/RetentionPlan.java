package io.k2.floe.coordinator.maintenance;

import io.k2.floe.tiering.catalog.CatalogTable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * Which of a table's warm partitions retention deals with, and how (R-RETENTION, docs/requirements.md). A candidate is a warm partition
 * whose end lies more than the table's {@code warmRetention} in the past and at or below the committed marker (the
 * window that offloaded its last rows is in the cold tier). Each candidate is then
 * <ul>
 *   <li>{@link #refused} when a downstream table (one whose {@code depends-on} names this table) still needs it: the
 *       downstream partition holding it is not closed under that table's {@code closedAfter}, or has no equal verdict
 *       — a repair of that partition would read this warm partition, so it must not go first;</li>
 *   <li>{@link #knownEqual} when the latest verdict seen for it is equal at the current cold snapshot (the files
 *       audited are the current files: no audit needed);</li>
 *   <li>{@link #toAudit} otherwise: audited at the current cold snapshot before the drop is asked for.</li>
 * </ul>
 * Pure: the caller reads the warm partitions, markers, snapshot and verdicts.
 */
public record RetentionPlan(List<String> toAudit, List<String> knownEqual, Map<String, String> refused) {

    /** A verdict as the coordinator saw it: equal or not, at which cold snapshot (null: not said). */
    public record Seen(boolean equal, Long coldSnapshot) {
    }

    /** A downstream table of the one planned: its catalog entry and committed marker. */
    public record Downstream(CatalogTable table, Optional<Instant> marker) {
    }

    public boolean isEmpty() {
        return toAudit.isEmpty() && knownEqual.isEmpty() && refused.isEmpty();
    }

    /** Every candidate, in label order. */
    public List<String> candidates() {
        TreeSet<String> all = new TreeSet<>(toAudit);
        all.addAll(knownEqual);
        all.addAll(refused.keySet());
        return List.copyOf(all);
    }

    /**
     * @param warm          the warm table's partitions as cold labels (others are ignored)
     * @param only          the partitions the request named; empty for all
     * @param coldSnapshot  the cold table's current snapshot (empty: no verdict can be current)
     * @param seen          the latest verdict seen for (table id, partition)
     * @param downstreams   the tables that depend on this one
     */
    public static RetentionPlan of(CatalogTable table, Collection<String> warm, Set<String> only,
                                   Optional<Instant> marker, Instant now, Optional<Long> coldSnapshot,
                                   BiFunction<String, String, Optional<Seen>> seen, List<Downstream> downstreams) {
        List<String> toAudit = new ArrayList<>();
        List<String> knownEqual = new ArrayList<>();
        Map<String, String> refused = new LinkedHashMap<>();
        if (marker.isEmpty()) {
            return new RetentionPlan(toAudit, knownEqual, refused);
        }
        for (String label : new TreeSet<>(warm)) {
            if (!only.isEmpty() && !only.contains(label)) {
                continue;
            }
            Instant end;
            try {
                end = table.partition().endOf(label);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (!pastRetention(table, end, now) || end.isAfter(marker.get())) {
                continue;
            }
            Optional<String> needed = neededDownstream(table, label, downstreams, seen);
            if (needed.isPresent()) {
                refused.put(label, needed.get());
                continue;
            }
            Optional<Seen> verdict = seen.apply(table.id(), label);
            if (verdict.isPresent() && verdict.get().equal() && coldSnapshot.isPresent()
                    && coldSnapshot.get().equals(verdict.get().coldSnapshot())) {
                knownEqual.add(label);
            } else {
                toAudit.add(label);
            }
        }
        return new RetentionPlan(toAudit, knownEqual, refused);
    }

    /** Whether the partition ending at {@code end} is past the table's warm retention. */
    public static boolean pastRetention(CatalogTable table, Instant end, Instant now) {
        return !end.plus(table.maintenance().warmRetention()).isAfter(now);
    }

    /**
     * Whether a partition still in the warm tier is past retention plus grace: the point from which not dropping it
     * is an alert ({@code RetentionBlocked}) rather than a matter of time.
     */
    public static boolean pastGrace(CatalogTable table, String label, Instant now) {
        Instant end = table.partition().endOf(label);
        return !end.plus(table.maintenance().warmRetention()).plus(table.maintenance().retentionGrace()).isAfter(now);
    }

    /** Why a downstream table still needs the partition, if one does. */
    static Optional<String> neededDownstream(CatalogTable table, String label, List<Downstream> downstreams,
                                            BiFunction<String, String, Optional<Seen>> seen) {
        Instant start = table.partition().startOf(label);
        for (Downstream downstream : downstreams) {
            CatalogTable down = downstream.table();
            String downLabel = down.partition().labelOf(start);
            Instant closedAt = down.partition().endOf(downLabel).plus(down.maintenance().closedAfter());
            String which = down.id() + " partition " + downLabel + " (which " + table.id() + " " + label + " feeds)";
            if (downstream.marker().isEmpty() || downstream.marker().get().isBefore(closedAt)) {
                return Optional.of("kept for a repair of " + which + ": not closed yet (closed once its marker reaches "
                        + closedAt + ", now " + downstream.marker().map(Instant::toString).orElse("none") + ")");
            }
            Optional<Seen> verdict = seen.apply(down.id(), downLabel);
            if (verdict.isEmpty() || !verdict.get().equal()) {
                return Optional.of("kept for a repair of " + which + ": not verified equal ("
                        + (verdict.isEmpty() ? "no verdict seen" : "its latest verdict is a mismatch") + ")");
            }
        }
        return Optional.empty();
    }
}
