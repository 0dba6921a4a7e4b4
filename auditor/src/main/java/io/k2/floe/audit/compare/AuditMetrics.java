package io.k2.floe.audit.compare;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.messages.AuditCompleted;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * The auditor's metrics (R-METRICS, docs/requirements.md): partitions audited by verdict, mismatches by table, audit duration and
 * rows compared, per table and layer. Each table's series exist from start-up, at zero, so that alert rules and
 * dashboards see them before the first audit.
 */
@ApplicationScoped
public class AuditMetrics {

    private final MeterRegistry registry;

    public AuditMetrics(MeterRegistry registry, io.k2.floe.tiering.catalog.TableCatalog catalog) {
        this.registry = registry;
        for (CatalogTable table : catalog.tables()) {
            partitions(table, "equal");
            partitions(table, "mismatched");
            mismatches(table);
            rows(table, "warm");
            rows(table, "cold");
        }
    }

    void completed(CatalogTable table, AuditCompleted audit) {
        long mismatched = audit.mismatches().size();
        partitions(table, "equal").increment(audit.verdicts().size() - mismatched);
        partitions(table, "mismatched").increment(mismatched);
        mismatches(table).increment(mismatched);
        Timer.builder("floe.audit.duration").description("Wall time of an audit command, from receipt to verdicts")
                .tag("table", table.id()).tag("layer", table.layer().name().toLowerCase(java.util.Locale.ROOT))
                .tag("outcome", mismatched == 0 ? "equal" : "mismatched")
                .register(registry).record(Duration.ofMillis(audit.durationMs()));
    }

    void compared(CatalogTable table, long warmRows, long coldRows) {
        rows(table, "warm").increment(warmRows);
        rows(table, "cold").increment(coldRows);
    }

    void failed(CatalogTable table, String errorType) {
        registry.counter("floe.audit.errors", "table", table.id(), "type", errorType).increment();
    }

    private Counter partitions(CatalogTable table, String verdict) {
        return Counter.builder("floe.audit.partitions").description("Partitions audited, by verdict")
                .tag("table", table.id()).tag("layer", layer(table)).tag("verdict", verdict).register(registry);
    }

    private Counter mismatches(CatalogTable table) {
        return Counter.builder("floe.audit.mismatches").description("Partitions found to differ between warm and cold")
                .tag("table", table.id()).tag("layer", layer(table)).register(registry);
    }

    private Counter rows(CatalogTable table, String side) {
        return Counter.builder("floe.audit.rows.compared").description("Rows counted on each side by audits")
                .tag("table", table.id()).tag("layer", layer(table)).tag("side", side).register(registry);
    }

    private static String layer(CatalogTable table) {
        return table.layer().name().toLowerCase(java.util.Locale.ROOT);
    }
}
