package io.k2.floe.coordinator.markers;

import io.k2.floe.coordinator.ledger.TableState;
import io.k2.floe.tiering.cold.MarkerAt;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes the ledger's copy of a table's marker agree with Iceberg (SPEC R-EXACTLY-ONCE: Iceberg wins). Runs before a
 * run plans its windows, on every completed offload and after a window was refused, so that a ledger that lost rows,
 * was emptied or missed an event never makes the coordinator re-offload or skip rows.
 */
@ApplicationScoped
public class MarkerReconciler {

    private static final Logger LOG = Logger.getLogger(MarkerReconciler.class);

    private final ColdMarkers coldMarkers;
    private final MeterRegistry registry;

    public MarkerReconciler(ColdMarkers coldMarkers, MeterRegistry registry) {
        this.coldMarkers = coldMarkers;
        this.registry = registry;
    }

    /**
     * Reads the table's marker from Iceberg and writes it into the ledger (in its own transaction).
     *
     * @return the committed marker now in the ledger
     * @throws RuntimeException when the cold tier cannot be read; the ledger is left as it was
     */
    public Optional<Instant> reconcile(String tableId) {
        return reconcile(tableId, null);
    }

    /**
     * As {@link #reconcile(String)} after a worker reported committing the marker {@code reported}: Iceberg holding
     * exactly that marker is the ledger catching up with the offload, not a disagreement, and is neither logged as one
     * nor counted in {@code floe_marker_reconciled_total}.
     */
    public Optional<Instant> reconcile(String tableId, Instant reported) {
        Optional<ColdMarkers.ColdMarker> read = coldMarkers.read(tableId);
        return QuarkusTransaction.requiringNew().call(() -> apply(tableId, read, reported, Instant.now()));
    }

    private Optional<Instant> apply(String tableId, Optional<ColdMarkers.ColdMarker> read, Instant reported,
                                    Instant now) {
        Optional<MarkerAt> cold = read.map(ColdMarkers.ColdMarker::at);
        TableState state = TableState.of(tableId, now);
        state.coldRows = read.flatMap(ColdMarkers.ColdMarker::rows).orElse(null);
        Instant ledger = state.markerUpper;
        Instant iceberg = cold.map(m -> m.marker().windowUpper()).orElse(null);
        boolean sameSnapshot = Objects.equals(state.markerSnapshotId, cold.map(MarkerAt::snapshotId).orElse(null));
        if (Objects.equals(ledger, iceberg) && sameSnapshot) {
            return Optional.ofNullable(ledger);
        }
        boolean caughtUp = iceberg != null && iceberg.equals(reported) && (ledger == null || iceberg.isAfter(ledger));
        if (caughtUp) {
            state.markerAdvancedAt = now;
        } else if (!Objects.equals(ledger, iceberg)) {
            String outcome = ledger == null ? "rebuilt" : "corrected";
            registry.counter("floe.marker.reconciled", "table", tableId, "outcome", outcome).increment();
            if (ledger == null) {
                LOG.infof("marker of %s rebuilt from Iceberg: %s", tableId, iceberg);
            } else {
                LOG.warnf("marker of %s in the ledger (%s) disagrees with Iceberg (%s): Iceberg wins", tableId, ledger,
                        iceberg == null ? "no marker" : iceberg);
            }
            if (iceberg != null && (ledger == null || iceberg.isAfter(ledger))) {
                state.markerAdvancedAt = now;
            }
        }
        state.markerUpper = iceberg;
        state.markerLower = cold.map(m -> m.marker().windowLower()).orElse(null);
        state.markerCommandId = cold.map(m -> m.marker().commandId()).orElse(null);
        state.markerRunId = cold.map(m -> m.marker().runId()).orElse(null);
        state.markerSnapshotId = cold.map(MarkerAt::snapshotId).orElse(null);
        state.updatedAt = now;
        return Optional.ofNullable(iceberg);
    }
}
