package io.k2.floe.coordinator.maintenance;

import io.k2.floe.coordinator.CoordinatorConfig;
import io.k2.floe.coordinator.leadership.Leadership;
import io.k2.floe.coordinator.runs.RunEngine;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts maintenance on each table's policy {@code schedule} (cron with seconds, UTC): one job per distinct cron,
 * registered at start-up, whose run covers every table with that cron. {@code floe.coordinator.maintenance.schedule=off}
 * registers none; only the leading coordinator starts the runs ({@link Leadership}). Also refreshes the retention gauges from the ledger every {@code floe.coordinator.watch-interval}.
 */
@ApplicationScoped
public class MaintenanceSchedule {

    private static final Logger LOG = Logger.getLogger(MaintenanceSchedule.class);

    private final CoordinatorConfig config;
    private final TableCatalog catalog;
    private final RunEngine engine;
    private final Scheduler scheduler;
    private final RetentionAlerts retention;
    private final Leadership leadership;

    public MaintenanceSchedule(CoordinatorConfig config, TableCatalog catalog, RunEngine engine, Scheduler scheduler,
                               RetentionAlerts retention, Leadership leadership) {
        this.leadership = leadership;
        this.config = config;
        this.catalog = catalog;
        this.engine = engine;
        this.scheduler = scheduler;
        this.retention = retention;
    }

    void onStart(@Observes StartupEvent start) {
        String mode = config.maintenance().schedule().trim();
        if (mode.equalsIgnoreCase("off")) {
            LOG.info("scheduled maintenance is off (floe.coordinator.maintenance.schedule=off)");
            return;
        }
        if (!mode.equalsIgnoreCase("per-table")) {
            throw new IllegalStateException("floe.coordinator.maintenance.schedule must be per-table or off, was '"
                    + mode + "'");
        }
        int n = 0;
        for (Map.Entry<String, List<String>> job : byCron(catalog.tables()).entrySet()) {
            List<String> tables = job.getValue();
            scheduler.newJob("floe-maintenance-" + (++n))
                    .setCron(job.getKey())
                    .setTimeZone("UTC")
                    .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                    .setTask(execution -> scheduled(tables))
                    .schedule();
            LOG.infof("maintenance of %s scheduled by cron '%s' (UTC)", tables, job.getKey());
        }
    }

    /** Each distinct cron of the tables' policies with its tables, in catalog order. */
    static Map<String, List<String>> byCron(List<CatalogTable> tables) {
        Map<String, List<String>> jobs = new LinkedHashMap<>();
        for (CatalogTable table : tables) {
            jobs.computeIfAbsent(table.maintenance().schedule().trim(), cron -> new ArrayList<>()).add(table.id());
        }
        return jobs;
    }

    private void scheduled(List<String> tables) {
        if (!leadership.isLeader()) {
            return; // the leader starts it
        }
        try {
            engine.startMaintenance(tables, MaintenanceRequest.everything(MaintenanceRequest.Trigger.SCHEDULED));
        } catch (RuntimeException e) {
            LOG.errorf("the scheduled maintenance of %s could not start: %s", tables, e.getMessage());
        }
    }

    @Scheduled(identity = "floe-retention-gauges", every = "${floe.coordinator.watch-interval:15s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshGauges() {
        try {
            retention.refresh();
        } catch (RuntimeException e) {
            LOG.debugf("cannot refresh the retention gauges, trying again later: %s", e.getMessage());
        }
    }
}
