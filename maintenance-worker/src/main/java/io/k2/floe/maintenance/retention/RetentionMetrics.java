package io.k2.floe.maintenance.retention;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Warm retention's counters: {@code floe_retention_partitions_dropped_total{table}},
 * {@code floe_retention_rows_dropped_total{table}} and {@code floe_retention_partitions_refused_total{table,reason}}.
 * Every table's series exist from start-up at zero, so alert rules and rate() see them before the first drop.
 */
final class RetentionMetrics {

    private final MeterRegistry registry;

    RetentionMetrics(MeterRegistry registry, TableCatalog catalog) {
        this.registry = registry;
        for (CatalogTable table : catalog.tables()) {
            dropped(table.id());
            rows(table.id());
            for (Refusal.Reason reason : Refusal.Reason.values()) {
                refused(table.id(), reason);
            }
        }
    }

    void dropped(String table, long rows) {
        dropped(table).increment();
        rows(table).increment(rows);
    }

    void refused(String table, Refusal refusal) {
        refused(table, refusal.reason()).increment();
    }

    private Counter dropped(String table) {
        return Counter.builder("floe.retention.partitions.dropped").description("Warm partitions dropped after proof")
                .tag("table", table).register(registry);
    }

    private Counter rows(String table) {
        return Counter.builder("floe.retention.rows.dropped").description("Rows of the warm partitions dropped")
                .tag("table", table).register(registry);
    }

    private Counter refused(String table, Refusal.Reason reason) {
        return Counter.builder("floe.retention.partitions.refused")
                .description("Warm partitions past retention left alone, by reason")
                .tag("table", table).tag("reason", reason.name()).register(registry);
    }
}
