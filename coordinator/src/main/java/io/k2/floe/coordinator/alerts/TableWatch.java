package io.k2.floe.coordinator.alerts;

import io.k2.floe.coordinator.CoordinatorConfig;
import io.k2.floe.coordinator.ledger.TableState;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.AlertNames;
import io.k2.floe.tiering.messages.Severity;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches every table's committed marker: publishes it and the cold tier's lag (now minus the marker) as gauges, and
 * raises {@code ColdLagHigh} (lag over {@code floe.coordinator.alerts.cold-lag}) and {@code MarkerStale} (marker not
 * moved for {@code floe.coordinator.alerts.marker-stale}), resolving them when the condition is gone. A paused table
 * is left out of both: pausing is an operator's decision, not an incident.
 */
@ApplicationScoped
public class TableWatch {

    private final TableCatalog catalog;
    private final CoordinatorConfig config;
    private final AlertBook alerts;
    /** Epoch seconds of each table's marker; NaN until known. Gauges read this map, never the database. */
    private final Map<String, Double> markers = new ConcurrentHashMap<>();

    public TableWatch(TableCatalog catalog, CoordinatorConfig config, AlertBook alerts, MeterRegistry registry) {
        this.catalog = catalog;
        this.config = config;
        this.alerts = alerts;
        for (CatalogTable table : catalog.tables()) {
            String id = table.id();
            markers.put(id, Double.NaN);
            Gauge.builder("floe.committed.marker.seconds", markers, m -> m.getOrDefault(id, Double.NaN))
                    .description("the table's committed marker (epoch seconds): every row ingested up to it is cold")
                    .tag("table", id).tag("layer", table.layer().name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry);
            Gauge.builder("floe.cold.lag.seconds", markers, m -> lag(m.getOrDefault(id, Double.NaN)))
                    .description("now minus the table's committed marker")
                    .tag("table", id).tag("layer", table.layer().name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry);
        }
    }

    private static double lag(double marker) {
        return Double.isNaN(marker) ? Double.NaN : Instant.now().getEpochSecond() - marker;
    }

    /** Refreshes the gauges from the ledger and raises or resolves the lag and staleness alerts. */
    public void check() {
        Instant now = Instant.now();
        List<TableState> states = QuarkusTransaction.requiringNew().call(() -> TableState.<TableState>listAll());
        for (TableState state : states) {
            if (!catalog.contains(state.tableId)) {
                continue;
            }
            markers.put(state.tableId, state.markerUpper == null ? Double.NaN : (double) state.markerUpper.getEpochSecond());
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
}
