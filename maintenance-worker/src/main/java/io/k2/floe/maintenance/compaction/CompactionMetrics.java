package io.k2.floe.maintenance.compaction;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * Compaction's metrics: {@code floe_maintenance_compaction_files_rewritten_total{table}},
 * {@code ..._bytes_rewritten_total{table}}, {@code ..._files_added_total{table}},
 * {@code ..._rows_rewritten_total{table}} (committed groups only), {@code floe_maintenance_compaction_duration_seconds{table}}
 * (every command answered, dry runs included) and {@code floe_maintenance_commit_conflicts_total{table,action="compact"}}
 * (a commit lost to a concurrent one and retried on a new plan).
 */
@ApplicationScoped
public class CompactionMetrics {

    static final String ACTION = "compact";

    private final MeterRegistry registry;

    public CompactionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void committed(String table, int filesRewritten, long bytesRewritten, int filesAdded, long rowsRewritten) {
        registry.counter("floe.maintenance.compaction.files.rewritten", "table", table).increment(filesRewritten);
        registry.counter("floe.maintenance.compaction.bytes.rewritten", "table", table).increment(bytesRewritten);
        registry.counter("floe.maintenance.compaction.files.added", "table", table).increment(filesAdded);
        registry.counter("floe.maintenance.compaction.rows.rewritten", "table", table).increment(rowsRewritten);
    }

    void conflict(String table) {
        registry.counter("floe.maintenance.commit.conflicts", "table", table, "action", ACTION).increment();
    }

    void finished(String table, long durationMs) {
        Timer.builder("floe.maintenance.compaction.duration").tag("table", table).register(registry)
                .record(Duration.ofMillis(durationMs));
    }
}
