package io.k2.floe.coordinator.maintenance;

import io.k2.floe.coordinator.alerts.AlertBook;
import io.k2.floe.coordinator.ledger.AlertRecord;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.AlertNames;
import io.k2.floe.tiering.messages.Severity;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Retention's alerts and metrics: {@code RetentionBlocked/<table>/<partition>} (warning) once a warm partition past
 * retention plus {@code retentionGrace} was left in place, with the reason; resolved when it is dropped.
 * {@code floe_retention_blocked_partitions{table,layer}} counts the active ones (refreshed from the ledger),
 * {@code floe_retention_dropped_partitions_total{table}} the partitions workers reported dropped.
 */
@ApplicationScoped
public class RetentionAlerts {

    private final AlertBook alerts;
    private final TableCatalog catalog;
    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> blocked = new HashMap<>();

    public RetentionAlerts(AlertBook alerts, TableCatalog catalog, MeterRegistry registry) {
        this.alerts = alerts;
        this.catalog = catalog;
        this.registry = registry;
        // Registered up front so that dashboards see zeros rather than missing series.
        for (CatalogTable table : catalog.tables()) {
            AtomicInteger count = new AtomicInteger();
            blocked.put(table.id(), count);
            Gauge.builder("floe.retention.blocked.partitions", count, AtomicInteger::get).tag("table", table.id())
                    .tag("layer", table.layer().name().toLowerCase(java.util.Locale.ROOT))
                    .description("Warm partitions past retention plus grace that were not dropped (RetentionBlocked)")
                    .register(registry);
            registry.counter("floe.retention.dropped.partitions", "table", table.id());
        }
    }

    static String alertId(String table, String partition) {
        return AlertNames.RETENTION_BLOCKED + "/" + table + "/" + partition;
    }

    /** Partitions left in the warm tier, each with why: an alert for those past retention plus grace. */
    public void leftInPlace(String tableId, Map<String, String> reasons, Instant now) {
        if (reasons.isEmpty()) {
            return;
        }
        CatalogTable table = catalog.get(tableId);
        reasons.forEach((partition, reason) -> {
            if (RetentionPlan.pastGrace(table, partition, now)) {
                alerts.raise(alertId(tableId, partition), AlertNames.RETENTION_BLOCKED, Severity.WARNING,
                        Optional.of(tableId), "warm partition " + partition + " of " + tableId + " is past its retention ("
                                + table.maintenance().warmRetention() + ") plus grace (" + table.maintenance().retentionGrace()
                                + ") and was not dropped: " + reason,
                        Map.of("partition", partition, "reason", reason));
            }
        });
        refresh();
    }

    /** Partitions the maintenance worker dropped: counted, and their alerts resolved. */
    public void dropped(String tableId, List<String> partitions) {
        registry.counter("floe.retention.dropped.partitions", "table", tableId).increment(partitions.size());
        for (String partition : partitions) {
            alerts.resolve(alertId(tableId, partition), "warm partition " + partition + " of " + tableId
                    + " was dropped");
        }
        refresh();
    }

    /**
     * Resolves the table's RetentionBlocked alerts of partitions the warm tier no longer holds (dropped another way,
     * e.g. by an operator): what blocked them is moot.
     */
    public void gone(String tableId, java.util.Collection<String> warmPartitions) {
        String prefix = AlertNames.RETENTION_BLOCKED + "/" + tableId + "/";
        List<String> stale = QuarkusTransaction.requiringNew().call(() -> AlertRecord.<AlertRecord>list(
                        "resolvedAt is null and name = ?1 and tableId = ?2", AlertNames.RETENTION_BLOCKED, tableId)
                .stream().map(alert -> alert.alertId).filter(id -> id.startsWith(prefix))
                .filter(id -> !warmPartitions.contains(id.substring(prefix.length()))).toList());
        for (String alertId : stale) {
            alerts.resolve(alertId, "warm partition " + alertId.substring(prefix.length()) + " of " + tableId
                    + " is no longer in the warm tier");
        }
        if (!stale.isEmpty()) {
            refresh();
        }
    }

    /** The gauges from the ledger's active RetentionBlocked alerts. */
    public void refresh() {
        Map<String, Long> counts = QuarkusTransaction.requiringNew().call(() -> {
            Map<String, Long> byTable = new HashMap<>();
            for (AlertRecord alert : AlertRecord.<AlertRecord>list("resolvedAt is null and name = ?1",
                    AlertNames.RETENTION_BLOCKED)) {
                if (alert.tableId != null) {
                    byTable.merge(alert.tableId, 1L, Long::sum);
                }
            }
            return byTable;
        });
        blocked.forEach((table, gauge) -> gauge.set(counts.getOrDefault(table, 0L).intValue()));
    }
}
