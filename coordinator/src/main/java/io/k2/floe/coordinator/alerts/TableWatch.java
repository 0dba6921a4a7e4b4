package io.k2.floe.coordinator.alerts;

import io.k2.floe.coordinator.CoordinatorConfig;
import io.k2.floe.coordinator.ledger.AlertRecord;
import io.k2.floe.coordinator.ledger.TableState;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.AlertNames;
import io.k2.floe.tiering.messages.Severity;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Watches every table's committed marker: publishes it, the cold tier's lag (now minus the marker) and what the
 * alert rules need (failures in a row, open mismatches, a lost marker, paused: {@link TableGauges}) as gauges, and
 * raises {@code ColdLagHigh} (lag over {@code floe.coordinator.alerts.cold-lag}) and {@code MarkerStale} (marker not
 * moved for {@code floe.coordinator.alerts.marker-stale}), resolving them when the condition is gone. A paused table
 * is left out of both: pausing is an operator's decision, not an incident.
 */
@ApplicationScoped
public class TableWatch {

    private final TableCatalog catalog;
    private final CoordinatorConfig config;
    private final AlertBook alerts;
    private final TableGauges gauges;

    public TableWatch(TableCatalog catalog, CoordinatorConfig config, AlertBook alerts, MeterRegistry registry) {
        this.catalog = catalog;
        this.config = config;
        this.alerts = alerts;
        this.gauges = new TableGauges(catalog.tables(), registry);
    }

    /** Refreshes the gauges from the ledger and raises or resolves the lag and staleness alerts. */
    public void check() {
        Instant now = Instant.now();
        List<TableState> states = QuarkusTransaction.requiringNew().call(() -> TableState.<TableState>listAll());
        Map<String, Map<String, Integer>> active = activeAlertsByTable();
        for (TableState state : states) {
            if (!catalog.contains(state.tableId)) {
                continue;
            }
            Map<String, Integer> open = active.getOrDefault(state.tableId, Map.of());
            gauges.update(state.tableId, new TableGauges.Snapshot(state.markerUpper,
                    state.markerAdvancedAt == null ? state.updatedAt : state.markerAdvancedAt, state.paused,
                    state.consecutiveFailures, open.getOrDefault(AlertNames.AUDIT_MISMATCH, 0),
                    open.getOrDefault(AlertNames.MARKER_LOST, 0) > 0));
            String lagId = AlertNames.COLD_LAG_HIGH + "/" + state.tableId;
            String staleId = AlertNames.MARKER_STALE + "/" + state.tableId;
            if (state.paused || state.markerUpper == null) {
                alerts.resolve(lagId, state.tableId + (state.paused ? " is paused" : " has no marker yet"));
                alerts.resolve(staleId, state.tableId + (state.paused ? " is paused" : " has no marker yet"));
                continue;
            }
            Duration lag = Duration.between(state.markerUpper, now);
            if (lag.compareTo(config.alerts().coldLag()) > 0) {
                alerts.raise(lagId, AlertNames.COLD_LAG_HIGH, Severity.WARNING, Optional.of(state.tableId),
                        "the cold tier of " + state.tableId + " is " + lag.toMinutes() + " minutes behind (marker "
                                + state.markerUpper + "), more than " + config.alerts().coldLag().toMinutes(),
                        Map.of("lagSeconds", Long.toString(lag.toSeconds())));
            } else {
                alerts.resolve(lagId, "the cold tier of " + state.tableId + " is " + lag.toSeconds() + " s behind");
            }
            Instant moved = state.markerAdvancedAt == null ? state.updatedAt : state.markerAdvancedAt;
            Duration still = Duration.between(moved, now);
            if (still.compareTo(config.alerts().markerStale()) > 0) {
                alerts.raise(staleId, AlertNames.MARKER_STALE, Severity.WARNING, Optional.of(state.tableId),
                        "the marker of " + state.tableId + " has not moved for " + still.toMinutes() + " minutes (at "
                                + state.markerUpper + ")", Map.of());
            } else {
                alerts.resolve(staleId, "the marker of " + state.tableId + " moves again");
            }
        }
    }

    /** Active alerts of the ledger, counted by table and alert name (each AuditMismatch is one partition). */
    private static Map<String, Map<String, Integer>> activeAlertsByTable() {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        for (AlertRecord alert : QuarkusTransaction.requiringNew().call(AlertRecord::activeAlerts)) {
            if (alert.tableId != null) {
                counts.computeIfAbsent(alert.tableId, t -> new HashMap<>()).merge(alert.name, 1, Integer::sum);
            }
        }
        return counts;
    }
}
