package io.k2.floe.coordinator.markers;

import io.k2.floe.coordinator.OwnLedger;
import io.k2.floe.coordinator.alerts.AlertBook;
import io.k2.floe.coordinator.api.ColdFixture;
import io.k2.floe.coordinator.ledger.AlertRecord;
import io.k2.floe.coordinator.ledger.TableState;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.ColdTables;
import io.k2.floe.tiering.cold.ColdTier;
import io.k2.floe.tiering.cold.MarkerAt;
import io.k2.floe.tiering.cold.MarkerHistory;
import io.k2.floe.tiering.messages.AlertNames;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateProperties;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinator's side of a marker that snapshot expiry took away (docs/exactly-once.md), against the real ledger
 * (a PostgreSQL schema of its own) and a real cold table (its own Iceberg catalog): an offloaded table whose every
 * marker snapshot a tool outside Floe expired, with the tag dropped, and whose ledger was emptied at the same time, is
 * rebuilt from Iceberg (the table properties), not from nothing; once the properties are gone too, the ledger keeps its
 * marker (or stays empty) and {@code MarkerLost} is raised until an operator restores the marker; a ledger ahead of
 * Iceberg is moved back only with {@code MarkerMovedBack}.
 */
@QuarkusTest
@TestProfile(MarkerLossIT.OwnCorner.class)
class MarkerLossIT {

    private static final String TABLE = "it_api_micros";

    /** A coordinator start of its own: this test wrecks its table's marker on purpose. */
    public static class OwnCorner extends OwnLedger {
    }

    @Inject
    ColdFixture fixture;
    @Inject
    MarkerReconciler reconciler;
    @Inject
    ColdTier coldTier;
    @Inject
    TableCatalog catalog;
    @Inject
    AlertBook alerts;

    @Test
    void theLedgerIsRebuiltFromIcebergAfterExpiryNeverEmptiedWhenTheMarkerIsLostAndNeverMovedBackSilently() {
        Instant marker = fixture.offloaded(TABLE).marker();
        Table cold = coldTier.catalog().loadTable(ColdTables.identifier(catalog.get(TABLE)));
        MarkerAt committed = MarkerHistory.latest(cold).orElseThrow();
        assertThat(committed.marker().windowUpper()).isEqualTo(marker);

        // another tool's snapshot becomes current; a tag-ignorant expiry keeps only it; the ledger is emptied meanwhile
        cold.newAppend().commit();
        cold.manageSnapshots().removeTag(MarkerHistory.MARKER_TAG).commit();
        cold.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 60_000).retainLast(1).commit();
        cold.refresh();
        assertThat(cold.snapshot(committed.snapshotId())).as("the marker's snapshot is expired").isNull();
        emptyLedger();

        assertThat(reconciler.reconcile(TABLE)).as("rebuilt from Iceberg's properties").contains(marker);
        assertThat(ledger().markerUpper).isEqualTo(marker);
        assertThat(ledger().markerCommandId).isEqualTo(committed.marker().commandId());
        assertThat(alerts.isActive(lostAlert())).isFalse();

        // the properties dropped too: history without any marker
        UpdateProperties drop = cold.updateProperties();
        MarkerHistory.properties(committed.marker(), committed.snapshotId()).keySet().forEach(drop::remove);
        drop.commit();

        assertThat(reconciler.reconcile(TABLE)).as("the ledger keeps its marker").contains(marker);
        assertThat(ledger().markerUpper).isEqualTo(marker);
        assertThat(alerts.isActive(lostAlert())).isTrue();
        AlertRecord lost = QuarkusTransaction.requiringNew().call(() -> AlertRecord.<AlertRecord>findById(lostAlert()));
        assertThat(lost.message).contains(TABLE, "Resetting a marker", marker.toString());
        assertThat(lost.severity).isEqualTo("CRITICAL");

        emptyLedger();
        assertThat(reconciler.reconcile(TABLE)).as("an emptied ledger is not rebuilt from nothing").isEmpty();
        assertThat(ledger().markerUpper).isNull();
        assertThat(alerts.isActive(lostAlert())).isTrue();

        // the operator's way out: the marker restored where the cold table is known to end
        MarkerHistory.restore(cold, committed.marker());
        assertThat(reconciler.reconcile(TABLE)).contains(marker);
        assertThat(ledger().markerUpper).isEqualTo(marker);
        assertThat(alerts.isActive(lostAlert())).as("resolved once the marker is found").isFalse();

        // a ledger ahead of Iceberg: Iceberg wins, never silently
        Instant ahead = marker.plusSeconds(3600);
        QuarkusTransaction.requiringNew().run(() -> TableState.of(TABLE, Instant.now()).markerUpper = ahead);
        assertThat(reconciler.reconcile(TABLE)).contains(marker);
        assertThat(ledger().markerUpper).isEqualTo(marker);
        assertThat(alerts.isActive(AlertNames.MARKER_MOVED_BACK + "/" + TABLE)).isTrue();
    }

    private static String lostAlert() {
        return AlertNames.MARKER_LOST + "/" + TABLE;
    }

    private static void emptyLedger() {
        QuarkusTransaction.requiringNew().run(() -> TableState.deleteById(TABLE));
    }

    private static TableState ledger() {
        return QuarkusTransaction.requiringNew().call(() -> Optional.ofNullable(TableState.<TableState>findById(TABLE))
                .orElseThrow());
    }
}
