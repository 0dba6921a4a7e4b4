package io.k2.floe.coordinator.runs;

import io.k2.floe.coordinator.markers.MarkerReconciler;
import io.k2.floe.coordinator.warm.WarmPartitions;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TimeBounds;
import io.k2.floe.tiering.warm.UnknownWarmTableException;
import io.k2.floe.tiering.warm.WarmReadException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * What must hold before a partition is repaired, checked before anything is written: the label names a partition of
 * the table's transform (400); something was offloaded into it, i.e. it starts before the table's committed marker
 * (409); and the warm tier still holds rows of it (409) where the repair will read them (a gold month's silver trades,
 * not the gold table's own rows) — a repair replaces the cold partition with what the warm tier holds, so repairing
 * a partition retention has dropped would empty it. The API refuses such a repair; an automatic repair after an audit
 * mismatch ({@link AutoRepair}) skips it for the same reasons. The offload worker checks again at commit, row key by row
 * key: a repair whose warm side lacks rows the cold partition holds is refused {@code REPAIR_WOULD_LOSE_ROWS}.
 */
@ApplicationScoped
public class RepairPreconditions {

    /** Why a partition cannot be repaired now. */
    public enum Blocker {
        INVALID_LABEL(400), NO_MARKER(409), AFTER_MARKER(409), WARM_EMPTY(409), UNREADABLE(503);

        private final int status;

        Blocker(int status) {
            this.status = status;
        }

        /** The metric's and log's spelling, e.g. {@code warm-empty}. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A repair that must not happen, and the message that says why. */
    public record Refusal(Blocker blocker, String message) {

        public RequestRefused refused() {
            return new RequestRefused(blocker.status, message);
        }
    }

    private final MarkerReconciler markers;
    private final WarmPartitions warm;

    public RepairPreconditions(MarkerReconciler markers, WarmPartitions warm) {
        this.markers = markers;
        this.warm = warm;
    }

    /** @throws RequestRefused naming what does not hold */
    public void check(CatalogTable table, String label) {
        Optional<Refusal> refusal = refusal(table, label);
        if (refusal.isPresent()) {
            throw refusal.get().refused();
        }
    }

    /** What stands in the way of repairing the partition, if anything. */
    public Optional<Refusal> refusal(CatalogTable table, String label) {
        Instant start;
        try {
            TimeBounds.requirePartition(table.partition(), label);
            start = table.partition().startOf(label);
        } catch (IllegalArgumentException e) {
            return refuse(Blocker.INVALID_LABEL, "field 'partition': " + e.getMessage() + " (table " + table.id()
                    + " is partitioned by " + table.partition() + ")");
        }
        Optional<Instant> marker;
        try {
            marker = ColdReads.orRefuse("the committed marker of " + table.id(), () -> markers.reconcile(table.id()));
        } catch (RequestRefused unreadable) {
            return refuse(Blocker.UNREADABLE, unreadable.getMessage());
        }
        if (marker.isEmpty()) {
            return refuse(Blocker.NO_MARKER, "table " + table.id() + " has nothing in the cold tier yet (no committed"
                    + " marker): there is no partition to repair");
        }
        if (!start.isBefore(marker.get())) {
            return refuse(Blocker.AFTER_MARKER, "partition " + label + " of " + table.id() + " starts at " + start
                    + ", at or after the table's committed marker " + marker.get() + ": nothing has been offloaded"
                    + " into it yet (the next run will)");
        }
        long rows;
        try {
            rows = warm.rows(table, label);
        } catch (UnknownWarmTableException e) {
            return refuse(Blocker.WARM_EMPTY, e.getMessage() + ", so the warm tier holds no row of partition " + label
                    + " of " + table.id() + ": a repair would empty the cold partition");
        } catch (IOException | WarmReadException e) {
            return refuse(Blocker.UNREADABLE, "cannot count the warm rows of partition " + label + " of " + table.id()
                    + " in ClickHouse: " + e.getMessage());
        }
        if (rows == 0) {
            return refuse(Blocker.WARM_EMPTY, "the warm tier no longer holds any row of partition " + label + " of "
                    + table.id() + " (" + warm.describe(table, label) + "): a repair would empty the cold"
                    + " partition");
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(Blocker blocker, String message) {
        return Optional.of(new Refusal(blocker, message));
    }
}
