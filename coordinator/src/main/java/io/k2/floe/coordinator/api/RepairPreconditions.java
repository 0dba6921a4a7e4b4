package io.k2.floe.coordinator.api;

import io.k2.floe.coordinator.markers.MarkerReconciler;
import io.k2.floe.coordinator.runs.LedgerUnavailable;
import io.k2.floe.coordinator.runs.RequestRefused;
import io.k2.floe.coordinator.warm.WarmPartitions;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.warm.UnknownWarmTableException;
import io.k2.floe.tiering.warm.WarmReadException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * What must hold before a partition is repaired, checked before anything is written: the label names a partition of
 * the table's transform (400); something was offloaded into it, i.e. it starts before the table's committed marker
 * (409); and the warm tier still holds rows of it (409) — a repair replaces the cold partition with what the warm tier
 * holds, so repairing a partition retention has dropped would empty it.
 */
@ApplicationScoped
public class RepairPreconditions {

    private final MarkerReconciler markers;
    private final WarmPartitions warm;

    public RepairPreconditions(MarkerReconciler markers, WarmPartitions warm) {
        this.markers = markers;
        this.warm = warm;
    }

    /** @throws RequestRefused naming what does not hold */
    public void check(CatalogTable table, String label) {
        Instant start;
        try {
            start = table.partition().startOf(label);
        } catch (IllegalArgumentException e) {
            throw RequestRefused.badRequest("field 'partition': " + e.getMessage() + " (table " + table.id()
                    + " is partitioned by " + table.partition() + ")");
        }
        Optional<Instant> marker = committedMarker(table);
        if (marker.isEmpty()) {
            throw RequestRefused.conflict("table " + table.id() + " has nothing in the cold tier yet (no committed"
                    + " marker): there is no partition to repair");
        }
        if (!start.isBefore(marker.get())) {
            throw RequestRefused.conflict("partition " + label + " of " + table.id() + " starts at " + start
                    + ", at or after the table's committed marker " + marker.get() + ": nothing has been offloaded"
                    + " into it yet (the next run will)");
        }
        long rows;
        try {
            rows = warm.rows(table, label);
        } catch (UnknownWarmTableException e) {
            throw RequestRefused.conflict(e.getMessage() + ", so the warm tier holds no row of partition " + label
                    + " of " + table.id() + ": a repair would empty the cold partition");
        } catch (IOException | WarmReadException e) {
            throw new RequestRefused(503, "cannot count the warm rows of partition " + label + " of " + table.id()
                    + " in ClickHouse: " + e.getMessage());
        }
        if (rows == 0) {
            throw RequestRefused.conflict("the warm tier no longer holds any row of partition " + label + " of "
                    + table.id() + " (" + warm.describe(table, label) + "): a repair would empty the cold"
                    + " partition");
        }
    }

    /** The marker as Iceberg has it (the ledger follows), so that a stale ledger never decides. */
    private Optional<Instant> committedMarker(CatalogTable table) {
        try {
            return markers.reconcile(table.id());
        } catch (RuntimeException e) {
            if (LedgerUnavailable.isCause(e)) {
                throw e;
            }
            throw new RequestRefused(503, "cannot read the committed marker of " + table.id()
                    + " from the cold tier (Iceberg): " + e.getMessage());
        }
    }
}
