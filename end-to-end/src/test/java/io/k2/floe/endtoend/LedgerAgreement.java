package io.k2.floe.endtoend;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.cold.ColdTables;
import io.k2.floe.tiering.cold.MarkerAt;
import io.k2.floe.tiering.cold.MarkerHistory;
import io.k2.floe.tiering.messages.OffloadMarker;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The coordinator's ledger against Iceberg, for one table: the ledger's marker (table_states) is Iceberg's latest
 * marker; the windows committed in Iceberg (the markers in the current snapshot's ancestry) follow each other without
 * a gap or an overlap; and every offload the ledger records as committed (a task with a cold snapshot) names a
 * snapshot of that ancestry carrying exactly its window, while every committed window has such a task.
 *
 * @return what disagrees, each as a sentence naming the table; empty when all agree
 */
final class LedgerAgreement {

    private LedgerAgreement() {
    }

    static List<String> check(CatalogTable table, Catalog cold, Connection ledger) throws SQLException {
        List<String> disagreements = new ArrayList<>();
        Table iceberg = cold.loadTable(ColdTables.identifier(table));
        Optional<MarkerAt> latest = MarkerHistory.latest(iceberg);
        try (PreparedStatement statement = ledger.prepareStatement("SELECT marker_upper, marker_command_id,"
                + " marker_snapshot_id FROM table_states WHERE table_id = ?")) {
            statement.setString(1, table.id());
            ResultSet row = statement.executeQuery();
            if (!row.next()) {
                disagreements.add(table.id() + ": no table_states row in the ledger");
            } else if (latest.isEmpty()) {
                disagreements.add(table.id() + ": the ledger has marker " + instant(row.getTimestamp(1))
                        + " but Iceberg none");
            } else {
                OffloadMarker marker = latest.get().marker();
                Instant upper = instant(row.getTimestamp(1));
                if (!marker.windowUpper().equals(upper) || !marker.commandId().equals(row.getString(2))
                        || latest.get().snapshotId() != row.getLong(3)) {
                    disagreements.add(table.id() + ": ledger marker " + upper + " (" + row.getString(2) + ", snapshot "
                            + row.getLong(3) + ") but Iceberg's " + marker.windowUpper() + " (" + marker.commandId()
                            + ", snapshot " + latest.get().snapshotId() + ")");
                }
            }
        }
        // Iceberg's committed windows, oldest first
        List<Snapshot> ancestry = new ArrayList<>();
        MarkerHistory.ancestry(iceberg).forEach(ancestry::add);
        Map<Long, OffloadMarker> committed = new HashMap<>();
        OffloadMarker previous = null;
        for (int i = ancestry.size() - 1; i >= 0; i--) {
            Snapshot snapshot = ancestry.get(i);
            Optional<OffloadMarker> marker = OffloadMarker.fromSnapshotSummary(snapshot.summary());
            if (marker.isEmpty()) {
                continue;
            }
            if (previous != null && !marker.get().windowLower().equals(previous.windowUpper())) {
                disagreements.add(table.id() + ": Iceberg window " + marker.get().window() + " (snapshot "
                        + snapshot.snapshotId() + ") does not start where " + previous.window() + " ended");
            }
            committed.put(snapshot.snapshotId(), marker.get());
            previous = marker.get();
        }
        Map<Long, String> tasks = new HashMap<>();
        try (PreparedStatement statement = ledger.prepareStatement("SELECT command_id, window_lower, window_upper,"
                + " cold_snapshot FROM tasks WHERE table_id = ? AND kind = 'OFFLOAD' AND status = 'SUCCEEDED'"
                + " AND cold_snapshot IS NOT NULL AND (offload_kind IS NULL OR offload_kind <> 'REPAIR')")) {
            statement.setString(1, table.id());
            ResultSet rows = statement.executeQuery();
            while (rows.next()) {
                long snapshot = rows.getLong(4);
                Instant lower = instant(rows.getTimestamp(2));
                Instant upper = instant(rows.getTimestamp(3));
                tasks.put(snapshot, rows.getString(1));
                OffloadMarker marker = committed.get(snapshot);
                if (marker == null) {
                    disagreements.add(table.id() + ": ledger task " + rows.getString(1) + " committed (" + lower + ", "
                            + upper + "] as snapshot " + snapshot + ", which carries no marker in Iceberg's ancestry");
                } else if (!Objects.equals(marker.windowLower(), lower) || !marker.windowUpper().equals(upper)) {
                    disagreements.add(table.id() + ": ledger task " + rows.getString(1) + " says (" + lower + ", "
                            + upper + "] but snapshot " + snapshot + " carries " + marker.window());
                }
            }
        }
        committed.forEach((snapshot, marker) -> {
            if (!tasks.containsKey(snapshot)) {
                disagreements.add(table.id() + ": Iceberg snapshot " + snapshot + " committed " + marker.window()
                        + " (" + marker.commandId() + ") but no succeeded task of the ledger names it");
            }
        });
        return disagreements;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
