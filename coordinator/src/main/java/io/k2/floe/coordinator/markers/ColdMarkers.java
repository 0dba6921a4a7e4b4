package io.k2.floe.coordinator.markers;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.ColdTier;
import io.k2.floe.tiering.cold.MarkerAt;
import io.k2.floe.tiering.cold.MarkerHistory;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

import java.util.Optional;

/** Reads each cold table's committed marker from its Iceberg snapshot summaries: the source of truth. */
@ApplicationScoped
public class ColdMarkers {

    private final ColdTier coldTier;
    private final TableCatalog catalog;

    public ColdMarkers(ColdTier coldTier, TableCatalog catalog) {
        this.coldTier = coldTier;
        this.catalog = catalog;
    }

    /**
     * The table's latest marker as {@link MarkerHistory#latest} finds it (ancestry, tag, table properties); empty when
     * the cold table does not exist yet, or holds no marker. Throws when the catalog or object store cannot be read.
     */
    public Optional<ColdMarker> read(String tableId) {
        return inspect(tableId).marker();
    }

    /**
     * As {@link #read}, and whether the cold table has history (a current snapshot): history without a marker is a
     * lost marker, not a table to start over. Throws when the catalog or object store cannot be read.
     */
    public ColdReading inspect(String tableId) {
        CatalogTable table = catalog.get(tableId);
        TableIdentifier id = TableIdentifier.of(table.coldNamespace(), table.coldName());
        Catalog cold = coldTier.catalog();
        if (!cold.tableExists(id)) {
            return new ColdReading(Optional.empty(), Optional.empty());
        }
        Table loaded = cold.loadTable(id);
        Optional<ColdMarker> marker = MarkerHistory.latest(loaded)
                .map(at -> new ColdMarker(at, totalRecords(loaded, at.snapshotId())));
        Snapshot current = loaded.currentSnapshot();
        return new ColdReading(marker, Optional.ofNullable(current).map(Snapshot::snapshotId));
    }

    /**
     * Whether the table's cold table has the snapshot (false when the cold table does not exist, or the snapshot was
     * expired). Throws when the catalog or object store cannot be read.
     */
    public boolean hasSnapshot(String tableId, long snapshotId) {
        CatalogTable table = catalog.get(tableId);
        TableIdentifier id = TableIdentifier.of(table.coldNamespace(), table.coldName());
        Catalog cold = coldTier.catalog();
        return cold.tableExists(id) && cold.loadTable(id).snapshot(snapshotId) != null;
    }

    /**
     * What Iceberg says of a table's marker.
     *
     * @param marker          the latest committed marker, if one can be found
     * @param currentSnapshot the cold table's current snapshot; empty when it has none (or does not exist)
     */
    public record ColdReading(Optional<ColdMarker> marker, Optional<Long> currentSnapshot) {

        /** The table has history but no findable marker. */
        public boolean lost() {
            return marker.isEmpty() && currentSnapshot.isPresent();
        }
    }

    /** A committed marker and the rows the table held at its snapshot (empty when the summary lacks the count). */
    public record ColdMarker(MarkerAt at, Optional<Long> rows) {
    }

    private static Optional<Long> totalRecords(Table table, long snapshotId) {
        Snapshot snapshot = table.snapshot(snapshotId);
        String total = snapshot == null || snapshot.summary() == null ? null
                : snapshot.summary().get(SnapshotSummary.TOTAL_RECORDS_PROP);
        try {
            return total == null ? Optional.empty() : Optional.of(Long.parseLong(total));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
