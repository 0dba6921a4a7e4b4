package io.k2.floe.coordinator.maintenance;

import io.k2.floe.coordinator.CoordinatorConfig;
import io.k2.floe.coordinator.ledger.TableState;
import io.k2.floe.coordinator.ledger.TaskRecord;
import io.k2.floe.coordinator.runs.RunEngine;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.health.Failures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Starts a table's maintenance when an offload of it has completed and its cold table crossed a threshold of its
 * policy (MaintenanceTriggers), at most once per table until that maintenance run ends: a table with maintenance
 * still running is not even looked at. {@code floe.coordinator.maintenance.after-offload=false} turns it off.
 */
@ApplicationScoped
public class MaintenanceTrigger {

    private static final Logger LOG = Logger.getLogger(MaintenanceTrigger.class);

    private final CoordinatorConfig config;
    private final TableCatalog catalog;
    private final ColdTableStats cold;
    private final RunEngine engine;

    public MaintenanceTrigger(CoordinatorConfig config, TableCatalog catalog, ColdTableStats cold, RunEngine engine) {
        this.config = config;
        this.catalog = catalog;
        this.cold = cold;
        this.engine = engine;
    }

    /** After the table's offloads of a run completed. A failure is logged: the next offload looks again. */
    public void afterOffload(String tableId) {
        if (!config.maintenance().afterOffload() || !catalog.contains(tableId)) {
            return;
        }
        try {
            Optional<Instant> marker = QuarkusTransaction.requiringNew().call(() -> {
                if (TaskRecord.openMaintenanceRun(tableId).isPresent()) {
                    return null;
                }
                TableState state = TableState.findById(tableId);
                return state == null ? Optional.<Instant>empty() : state.marker();
            });
            if (marker == null) {
                return;
            }
            Optional<MaintenanceTriggers.ColdStats> stats = cold.stats(tableId);
            if (stats.isEmpty()) {
                return;
            }
            Optional<String> why = MaintenanceTriggers.crossed(catalog.get(tableId), marker, stats.get());
            if (why.isPresent()) {
                LOG.infof("maintenance of %s triggered after its offload: %s", tableId, why.get());
                engine.startMaintenance(List.of(tableId), MaintenanceRequest.everything(MaintenanceRequest.Trigger.THRESHOLD));
            }
        } catch (RuntimeException e) {
            LOG.warnf("cannot check the maintenance thresholds of %s, the next offload looks again: %s", tableId,
                    Failures.describe(e));
        }
    }
}
