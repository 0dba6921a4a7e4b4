package io.k2.floe.maintenance.commands;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The maintenance worker's metrics (docs/maintenance/expiry-orphans-manifests.md):
 * {@code floe_maintenance_tasks_total{table,action,outcome}} and {@code floe_maintenance_duration_seconds{table,action,
 * outcome}} for every task a step performed; {@code floe_maintenance_snapshots_expired_total{table}},
 * {@code floe_maintenance_files_deleted_total{table,kind}}, {@code floe_maintenance_orphans_removed_total{table}},
 * {@code floe_maintenance_orphan_bytes_removed_total{table}}, {@code floe_maintenance_manifests_rewritten_total{table}}
 * and {@code floe_maintenance_commit_conflicts_total{table,action}} for what the steps did. Dry runs count as tasks
 * (outcome {@code dry_run}) but change no other counter: nothing was done.
 */
// A singleton, not application-scoped: created when the listener (created at start-up) is, so that every series exists
// from the start rather than from the first task.
@Singleton
public class MaintenanceMetrics {

    /** The outcome of a task that completed and changed the table. */
    public static final String COMPLETED = "completed";
    /** The outcome of a dry run that completed. */
    public static final String DRY_RUN = "dry_run";
    /** What {@code files_deleted} counts, by the place a file had in the table. */
    public static final List<String> FILE_KINDS = List.of("data", "manifest", "manifest_list", "statistics", "other");

    private final MeterRegistry registry;

    public MaintenanceMetrics(MeterRegistry registry, TableCatalog catalog) {
        this.registry = registry;
        // every table's series exists from the start, so rate() and absent() behave
        for (CatalogTable table : catalog.tables()) {
            String id = table.id();
            registry.counter("floe.maintenance.snapshots.expired", "table", id);
            FILE_KINDS.forEach(kind -> registry.counter("floe.maintenance.files.deleted", "table", id, "kind", kind));
            registry.counter("floe.maintenance.orphans.removed", "table", id);
            registry.counter("floe.maintenance.orphan.bytes.removed", "table", id);
            registry.counter("floe.maintenance.manifests.rewritten", "table", id);
            for (MaintenanceAction action : MaintenanceAction.values()) {
                registry.counter("floe.maintenance.commit.conflicts", "table", id, "action", label(action));
                registry.counter("floe.maintenance.tasks", "table", id, "action", label(action), "outcome", COMPLETED);
            }
        }
    }

    /** One task of {@code action} ended with {@code outcome} ({@link #COMPLETED}, {@link #DRY_RUN} or an error type). */
    void task(String table, MaintenanceAction action, String outcome, Duration duration) {
        String o = outcome.toLowerCase(Locale.ROOT);
        registry.counter("floe.maintenance.tasks", "table", table, "action", label(action), "outcome", o).increment();
        Timer.builder("floe.maintenance.duration").tags("table", table, "action", label(action), "outcome", o)
                .register(registry).record(duration);
    }

    public void snapshotsExpired(CatalogTable table, long count) {
        registry.counter("floe.maintenance.snapshots.expired", "table", table.id()).increment(count);
    }

    /** One file deleted; {@code kind} is one of {@link #FILE_KINDS}. */
    public void fileDeleted(CatalogTable table, String kind) {
        registry.counter("floe.maintenance.files.deleted", "table", table.id(), "kind", kind).increment();
    }

    public void orphanRemoved(CatalogTable table, long bytes) {
        registry.counter("floe.maintenance.orphans.removed", "table", table.id()).increment();
        registry.counter("floe.maintenance.orphan.bytes.removed", "table", table.id()).increment(bytes);
    }

    public void manifestsRewritten(CatalogTable table, long count) {
        registry.counter("floe.maintenance.manifests.rewritten", "table", table.id()).increment(count);
    }

    /** A commit of {@code action} lost to a concurrent one (and was retried, or failed with COMMIT_CONFLICT). */
    public void commitConflict(CatalogTable table, MaintenanceAction action) {
        registry.counter("floe.maintenance.commit.conflicts", "table", table.id(), "action", label(action)).increment();
    }

    private static String label(MaintenanceAction action) {
        return action.name().toLowerCase(Locale.ROOT);
    }
}
