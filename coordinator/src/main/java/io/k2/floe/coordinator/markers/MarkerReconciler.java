package io.k2.floe.coordinator.markers;

import io.k2.floe.coordinator.alerts.AlertBook;
import io.k2.floe.coordinator.ledger.TableState;
import io.k2.floe.tiering.cold.MarkerAt;
import io.k2.floe.tiering.messages.AlertNames;
import io.k2.floe.tiering.messages.Severity;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Makes the ledger's copy of a table's marker agree with Iceberg (R-EXACTLY-ONCE in docs/requirements.md: Iceberg wins). Runs before a
 * run plans its windows, on every completed offload and after a window was refused, so that a ledger that lost rows,
 * was emptied or missed an event never makes the coordinator re-offload or skip rows.
 *
 * <p>Never moves the ledger's marker backwards (or to none) without an alert ({@value AlertNames#MARKER_MOVED_BACK}),
 * and never to none when Iceberg has history but its marker cannot be found: then the ledger keeps its marker and
 * {@value AlertNames#MARKER_LOST} is raised until Iceberg's marker is found again ({@link LedgerMarkerMove}).
 */
@ApplicationScoped
public class MarkerReconciler {

    private static final Logger LOG = Logger.getLogger(MarkerReconciler.class);

    private final ColdMarkers coldMarkers;
    private final AlertBook alerts;
    private final MeterRegistry registry;
    private final Clock clock;

    public MarkerReconciler(ColdMarkers coldMarkers, AlertBook alerts, MeterRegistry registry, Clock clock) {
        this.clock = clock;
        this.coldMarkers = coldMarkers;
        this.alerts = alerts;
        this.registry = registry;
    }

    /**
     * Reads the table's marker from Iceberg and writes it into the ledger (in its own transaction).
     *
     * @return the committed marker now in the ledger (for a lost Iceberg marker: the ledger's, kept)
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
        ColdMarkers.ColdReading read = coldMarkers.inspect(tableId);
        Applied applied = QuarkusTransaction.requiringNew().call(() -> apply(tableId, read, reported, clock.instant()));
        alert(tableId, read, applied);
        return applied.marker();
    }

    /** What {@link #apply} did: the move, the ledger's marker before and after. */
    private record Applied(LedgerMarkerMove.Kind kind, Instant before, Optional<Instant> marker) {
    }

    private Applied apply(String tableId, ColdMarkers.ColdReading read, Instant reported, Instant now) {
        Optional<MarkerAt> cold = read.marker().map(ColdMarkers.ColdMarker::at);
        TableState state = TableState.of(tableId, now);
        Instant ledger = state.markerUpper;
        Instant iceberg = cold.map(m -> m.marker().windowUpper()).orElse(null);
        LedgerMarkerMove.Kind kind = LedgerMarkerMove.decide(ledger, state.markerSnapshotId, iceberg,
                cold.map(MarkerAt::snapshotId).orElse(null), read.lost(), reported);
        switch (kind) {
            case UNCHANGED -> {
                state.coldRows = read.marker().flatMap(ColdMarkers.ColdMarker::rows).orElse(null);
                return new Applied(kind, ledger, Optional.ofNullable(ledger));
            }
            case LOST -> {
                // never "start over": the ledger keeps the last marker it knew; the worker refuses every window
                count(tableId, "lost");
                LOG.errorf("marker of %s cannot be found in Iceberg (snapshot %s has no marker in its ancestry, no tag,"
                                + " no table properties): the ledger keeps %s and the table is not offloaded until an"
                                + " operator restores the marker", tableId, read.currentSnapshot().orElse(null),
                        ledger == null ? "no marker" : ledger);
                return new Applied(kind, ledger, Optional.ofNullable(ledger));
            }
            case CAUGHT_UP, SAME_UPPER -> {
            }
            case REBUILT -> {
                count(tableId, "rebuilt");
                LOG.infof("marker of %s rebuilt from Iceberg: %s", tableId, iceberg);
            }
            case FORWARD -> {
                count(tableId, "corrected");
                LOG.warnf("marker of %s in the ledger (%s) is behind Iceberg's (%s): Iceberg wins", tableId, ledger,
                        iceberg);
            }
            case BACK -> {
                count(tableId, "moved-back");
                LOG.warnf("marker of %s in the ledger (%s) is ahead of Iceberg's (%s): Iceberg wins, alerted", tableId,
                        ledger, iceberg == null ? "no marker, no history" : iceberg);
            }
        }
        if (LedgerMarkerMove.advances(kind)) {
            state.markerAdvancedAt = now;
        }
        state.coldRows = read.marker().flatMap(ColdMarkers.ColdMarker::rows).orElse(null);
        state.markerUpper = iceberg;
        state.markerLower = cold.map(m -> m.marker().windowLower()).orElse(null);
        state.markerCommandId = cold.map(m -> m.marker().commandId()).orElse(null);
        state.markerRunId = cold.map(m -> m.marker().runId()).orElse(null);
        state.markerSnapshotId = cold.map(MarkerAt::snapshotId).orElse(null);
        state.updatedAt = now;
        return new Applied(kind, ledger, Optional.ofNullable(iceberg));
    }

    private void count(String tableId, String outcome) {
        registry.counter("floe.marker.reconciled", "table", tableId, "outcome", outcome).increment();
    }

    /** Raises the alert a move needs, and resolves {@code MarkerLost} once a marker is found again. */
    private void alert(String tableId, ColdMarkers.ColdReading read, Applied applied) {
        String lostId = AlertNames.MARKER_LOST + "/" + tableId;
        String backId = AlertNames.MARKER_MOVED_BACK + "/" + tableId;
        switch (applied.kind()) {
            case LOST -> alerts.raise(lostId, AlertNames.MARKER_LOST, Severity.CRITICAL, Optional.of(tableId),
                    "the cold table of " + tableId + " has snapshots (current " + read.currentSnapshot().orElse(null)
                            + ") but its marker cannot be found: its offloads are refused until an operator restores"
                            + " the marker (docs/exactly-once.md, \"Resetting a marker\"); the ledger keeps "
                            + (applied.before() == null ? "no marker" : applied.before()),
                    Map.of("currentSnapshot", String.valueOf(read.currentSnapshot().orElse(null)),
                            "ledgerMarker", String.valueOf(applied.before())));
            case BACK -> alerts.raise(backId, AlertNames.MARKER_MOVED_BACK, Severity.WARNING, Optional.of(tableId),
                    "the ledger's marker of " + tableId + " moved back from " + applied.before() + " to Iceberg's "
                            + applied.marker().map(Instant::toString).orElse("(none: the cold table has no history)")
                            + "; offloads continue from Iceberg's",
                    Map.of("from", String.valueOf(applied.before()),
                            "to", applied.marker().map(Instant::toString).orElse("none")));
            default -> {
                if (LedgerMarkerMove.advances(applied.kind())) {
                    alerts.resolve(backId, "the marker of " + tableId + " advances again: "
                            + applied.marker().orElse(null));
                }
            }
        }
        if (applied.kind() != LedgerMarkerMove.Kind.LOST && read.marker().isPresent()) {
            alerts.resolve(lostId, "the marker of " + tableId + " is found again: " + applied.marker().orElse(null));
        }
    }
}
