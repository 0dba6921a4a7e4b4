package io.k2.floe.coordinator.alerts;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Per-table gauges that say what the coordinator's event alerts decide on, so that Prometheus rules
 * (deploy/prometheus/rules/floe-alerts.yml) can decide the same thing: every series is tagged {@code table} and
 * {@code layer} and reads the last {@link Snapshot} {@link TableWatch} took from the ledger, never the database.
 * Until the first snapshot a table reads NaN (unknown), which no alert rule compares true.
 */
final class TableGauges {

    /** What the ledger said of one table at the last watch. */
    record Snapshot(Instant marker, Instant markerAdvanced, boolean paused, int failuresInARow, int openMismatches,
                    boolean markerLost) {
    }

    private final Map<String, Snapshot> tables = new ConcurrentHashMap<>();

    TableGauges(Iterable<CatalogTable> catalog, MeterRegistry registry) {
        for (CatalogTable table : catalog) {
            String id = table.id();
            String layer = table.layer().name().toLowerCase(Locale.ROOT);
            gauge(registry, "floe.committed.marker.seconds", id, layer,
                    "the table's committed marker (epoch seconds): every row ingested up to it is cold",
                    s -> seconds(s.marker()));
            gauge(registry, "floe.cold.lag.seconds", id, layer, "now minus the table's committed marker",
                    s -> s.marker() == null ? Double.NaN : Instant.now().getEpochSecond() - s.marker().getEpochSecond());
            gauge(registry, "floe.marker.advanced.seconds", id, layer,
                    "when the table's marker last moved forward (epoch seconds); MarkerStale: now minus this over 1 h",
                    s -> s.marker() == null ? Double.NaN : seconds(s.markerAdvanced()));
            gauge(registry, "floe.table.paused", id, layer,
                    "1 while an operator has paused the table (no lag or staleness alert then), else 0",
                    s -> s.paused() ? 1 : 0);
            gauge(registry, "floe.offload.failures.in.a.row", id, layer,
                    "offload attempts of the table that failed since its last success (OffloadFailing at 3)",
                    Snapshot::failuresInARow);
            gauge(registry, "floe.audit.mismatches.open", id, layer,
                    "partitions whose latest audit found warm and cold different (active AuditMismatch alerts)",
                    Snapshot::openMismatches);
            gauge(registry, "floe.marker.lost", id, layer,
                    "1 while the cold table has snapshots but no findable marker (MarkerLost), else 0",
                    s -> s.markerLost() ? 1 : 0);
            Gauge.builder("floe.table.info", () -> 1).tag("table", id).tag("layer", layer)
                    .description("1 for every table of the catalog: joins a table's layer onto series without one")
                    .register(registry);
        }
    }

    void update(String table, Snapshot snapshot) {
        tables.put(table, snapshot);
    }

    private void gauge(MeterRegistry registry, String name, String table, String layer, String description,
                       ToDoubleFunction<Snapshot> value) {
        Gauge.builder(name, tables, all -> {
                    Snapshot snapshot = all.get(table);
                    return snapshot == null ? Double.NaN : value.applyAsDouble(snapshot);
                })
                .description(description).tag("table", table).tag("layer", layer).register(registry);
    }

    private static double seconds(Instant instant) {
        return instant == null ? Double.NaN : instant.getEpochSecond();
    }
}
