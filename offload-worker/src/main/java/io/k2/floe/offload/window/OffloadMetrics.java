package io.k2.floe.offload.window;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The offload worker's own metrics (names from the seeds' monitoring plan, see docs/requirements.md; prefixed {@code floe_}):
 * {@code floe_offload_rows_total{table,layer}}, {@code floe_offload_bytes_total{table}},
 * {@code floe_offload_duration_seconds{table}} (committed windows), {@code floe_offload_repeats_total{table}},
 * {@code floe_offload_errors_total{table,error_type}}, {@code floe_offload_watermark_seconds{table}} (the upper
 * bound of the last window this worker committed, epoch seconds; alerting derives the cold tier's lag from it) and
 * {@code floe_offload_sorted_reads_after_disorder_total{table}} (windows read again sorted by ClickHouse because a
 * part was out of cold order; after the first, the worker reads that table sorted).
 */
@ApplicationScoped
public class OffloadMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> watermarks = new ConcurrentHashMap<>();

    public OffloadMetrics(MeterRegistry registry, TableCatalog catalog) {
        this.registry = registry;
        // every table's series exists from the start, so rate() and absent() behave
        for (CatalogTable table : catalog.tables()) {
            rows(table);
            registry.counter("floe.offload.bytes", "table", table.id());
            registry.counter("floe.offload.repeats", "table", table.id());
            duration(table);
            watermark(table);
        }
    }

    void committed(CatalogTable table, long rows, long bytes, long durationMs, Instant upper) {
        rows(table).increment(rows);
        registry.counter("floe.offload.bytes", "table", table.id()).increment(bytes);
        duration(table).record(Duration.ofMillis(durationMs));
        watermark(table).accumulateAndGet(upper.getEpochSecond(), Math::max);
    }

    void repeat(CatalogTable table) {
        registry.counter("floe.offload.repeats", "table", table.id()).increment();
    }

    void readAgainSorted(CatalogTable table) {
        registry.counter("floe.offload.sorted.reads.after.disorder", "table", table.id()).increment();
    }

    void failed(CatalogTable table, String errorType) {
        registry.counter("floe.offload.errors", "table", table.id(), "error_type",
                errorType.toLowerCase(Locale.ROOT)).increment();
    }

    private io.micrometer.core.instrument.Counter rows(CatalogTable table) {
        return registry.counter("floe.offload.rows", "table", table.id(), "layer",
                table.layer().name().toLowerCase(Locale.ROOT));
    }

    private Timer duration(CatalogTable table) {
        return Timer.builder("floe.offload.duration").tag("table", table.id()).register(registry);
    }

    private AtomicLong watermark(CatalogTable table) {
        return watermarks.computeIfAbsent(table.id(), id -> {
            AtomicLong value = new AtomicLong();
            registry.gauge("floe.offload.watermark.seconds", java.util.List.of(
                    io.micrometer.core.instrument.Tag.of("table", id)), value, AtomicLong::doubleValue);
            return value;
        });
    }
}
