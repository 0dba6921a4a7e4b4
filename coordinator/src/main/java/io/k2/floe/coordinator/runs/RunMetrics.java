package io.k2.floe.coordinator.runs;

import io.k2.floe.coordinator.ledger.RunKind;
import io.k2.floe.coordinator.maintenance.MaintenanceRequest;
import io.k2.floe.coordinator.ledger.RunRecord;
import io.k2.floe.coordinator.ledger.RunStatus;
import io.k2.floe.coordinator.ledger.TaskRecord;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.TaskKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Locale;

/** The coordinator's run and task counters (docs/coordinator.md "Metrics"). */
@ApplicationScoped
public class RunMetrics {

    private final MeterRegistry registry;

    public RunMetrics(MeterRegistry registry, TableCatalog catalog) {
        this.registry = registry;
        for (CatalogTable table : catalog.tables()) {
            for (TaskKind kind : TaskKind.values()) {
                registry.counter("floe.task.retries", "table", table.id(), "kind", lower(kind.name()));
                registry.counter("floe.task.timeouts", "table", table.id(), "kind", lower(kind.name()));
            }
        }
        // Registered up front so that dashboards and rate() see zeros rather than missing series.
        for (RunKind kind : RunKind.values()) {
            registry.counter("floe.runs.started", "kind", lower(kind.name()));
        }
        for (MaintenanceRequest.Trigger trigger : MaintenanceRequest.Trigger.values()) {
            registry.counter("floe.maintenance.runs.started", "kind", lower(trigger.name()));
        }
        for (RunStatus status : RunStatus.values()) {
            if (status != RunStatus.RUNNING) {
                registry.counter("floe.runs.completed", "outcome", lower(status.name()));
            }
        }
    }

    void runStarted(RunKind kind) {
        registry.counter("floe.runs.started", "kind", lower(kind.name())).increment();
    }

    /** {@code floe_maintenance_runs_started_total{kind}}: scheduled, manual or threshold. */
    void maintenanceStarted(MaintenanceRequest.Trigger trigger) {
        registry.counter("floe.maintenance.runs.started", "kind", lower(trigger.name())).increment();
    }

    void runFinished(RunRecord run) {
        registry.counter("floe.runs.completed", "outcome", lower(run.status.name())).increment();
        if (run.finishedAt != null) {
            Timer.builder("floe.run.duration").tag("kind", lower(run.kind.name())).register(registry)
                    .record(Duration.between(run.startedAt, run.finishedAt));
        }
    }

    /** A finished task: its wall time from first send to the last answer, by table, kind and outcome. */
    void taskFinished(TaskRecord task) {
        if (task.firstSentAt != null && task.finishedAt != null) {
            Timer.builder("floe.task.duration").tag("table", task.tableId).tag("kind", lower(task.kind.name()))
                    .tag("outcome", lower(task.status.name())).register(registry)
                    .record(Duration.between(task.firstSentAt, task.finishedAt));
        }
    }

    void retried(TaskRecord task) {
        registry.counter("floe.task.retries", "table", task.tableId, "kind", lower(task.kind.name())).increment();
    }

    void timedOut(TaskRecord task) {
        registry.counter("floe.task.timeouts", "table", task.tableId, "kind", lower(task.kind.name())).increment();
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
