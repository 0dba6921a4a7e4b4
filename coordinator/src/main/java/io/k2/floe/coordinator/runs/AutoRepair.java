package io.k2.floe.coordinator.runs;

import io.k2.floe.coordinator.CoordinatorConfig;
import io.k2.floe.coordinator.ledger.RunKind;
import io.k2.floe.coordinator.ledger.RunRecord;
import io.k2.floe.coordinator.ledger.TableState;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.catalog.UnknownTableException;
import io.k2.floe.tiering.health.Failures;
import io.k2.floe.tiering.messages.AuditCompleted;
import io.k2.floe.tiering.messages.PartitionVerdict;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * With {@code floe.coordinator.audit.auto-repair} covering the table (gold by default, or all), answers each partition an audit found mismatched with a repair
 * run of it, as {@code POST /api/tables/{table}/repair} would start one, and under the same preconditions. A
 * partition that cannot be repaired now is skipped with a log line and
 * {@code floe_audit_auto_repairs_total{outcome=<why>}}; its {@code AuditMismatch} alert stays raised for an operator.
 * <ul>
 *   <li>{@code paused}: the table is paused (as the API refuses);</li>
 *   <li>{@code repair-running}: a repair of that partition is running already (its own audit follows);</li>
 *   <li>{@code no-marker}, {@code after-marker}, {@code warm-empty}, {@code invalid-label}, {@code unreadable}:
 *       {@link RepairPreconditions} — above all, a partition the warm tier no longer holds is never repaired, since
 *       the repair would empty it;</li>
 *   <li>{@code after-repair}: the mismatch is the verdict of the audit that follows a repair of that very partition.
 *       The repair did not help (the warm side itself may be what is wrong), and repairing again would only loop;</li>
 *   <li>{@code unknown-table}, {@code failed}: the table is not in the catalog; starting the run failed.</li>
 * </ul>
 * The repair's run audits the partition again once its offload is done; an equal verdict resolves the alert.
 */
@ApplicationScoped
public class AutoRepair {

    private static final Logger LOG = Logger.getLogger(AutoRepair.class);

    private final CoordinatorConfig config;
    private final TableCatalog catalog;
    private final RunEngine engine;
    private final RepairPreconditions preconditions;
    private final MeterRegistry registry;

    public AutoRepair(CoordinatorConfig config, TableCatalog catalog, RunEngine engine,
                      RepairPreconditions preconditions, MeterRegistry registry) {
        this.config = config;
        this.catalog = catalog;
        this.engine = engine;
        this.preconditions = preconditions;
        this.registry = registry;
    }

    /** Starts a repair of each mismatched partition that may be repaired, when automatic repairs are on. */
    void afterAudit(AuditCompleted audit) {
        if (audit.mismatches().isEmpty() || !config.audit().autoRepair().covers(isGold(audit.table()))) {
            return;
        }
        for (PartitionVerdict mismatch : audit.mismatches()) {
            String outcome;
            try {
                outcome = repair(audit, mismatch.partition());
            } catch (RuntimeException e) {
                // Not retried: the alert stays raised, and the next audit of the partition tries again.
                LOG.errorf("auto-repair: could not start a repair of partition %s of %s after audit %s: %s",
                        mismatch.partition(), audit.table(), audit.commandId(), Failures.describe(e));
                outcome = "failed";
            }
            registry.counter("floe.audit.auto.repairs", "table", audit.table(), "outcome", outcome).increment();
        }
    }

    private String repair(AuditCompleted audit, String partition) {
        CatalogTable table;
        try {
            table = catalog.get(audit.table());
        } catch (UnknownTableException e) {
            return skipped(audit, partition, "unknown-table", e.getMessage());
        }
        boolean afterRepair = QuarkusTransaction.requiringNew().call(() -> {
            RunRecord run = RunRecord.findById(audit.runId());
            return run != null && run.kind == RunKind.REPAIR && table.id().equals(run.tableId)
                    && partition.equals(run.partition);
        });
        if (afterRepair) {
            return skipped(audit, partition, "after-repair", "the audit follows repair run " + audit.runId()
                    + " of this partition, which did not make it equal; look at both tiers before repairing again");
        }
        Optional<RepairPreconditions.Refusal> refusal = preconditions.refusal(table, partition);
        if (refusal.isPresent()) {
            return skipped(audit, partition, refusal.get().blocker().tag(), refusal.get().message());
        }
        engine.lock().lock();
        try {
            Optional<String> busy = QuarkusTransaction.requiringNew().call(() -> {
                if (TableState.of(table.id(), engine.clock().instant()).paused) {
                    return Optional.of("paused");
                }
                return RunRecord.running().stream()
                        .filter(run -> run.kind == RunKind.REPAIR && table.id().equals(run.tableId)
                                && partition.equals(run.partition))
                        .findFirst().map(run -> "repair-running");
            });
            if (busy.isPresent()) {
                return skipped(audit, partition, busy.get(), busy.get().equals("paused")
                        ? "the table is paused: resume it, then repair the partition"
                        : "a repair of it is running already, and its own audit follows");
            }
            RunRecord run;
            try {
                run = engine.startRepair(table.id(), partition);
            } catch (RequestRefused refused) {
                return skipped(audit, partition, "refused", refused.getMessage());
            }
            LOG.warnf("auto-repair: audit %s found partition %s of %s mismatched; repair run %s started", audit.commandId(),
                    partition, table.id(), run.runId);
            return "started";
        } finally {
            engine.lock().unlock();
        }
    }

    private boolean isGold(String table) {
        return catalog.ids().contains(table) && catalog.get(table).isGold();
    }

    private static String skipped(AuditCompleted audit, String partition, String outcome, String why) {
        LOG.warnf("auto-repair: partition %s of %s mismatched in audit %s, not repaired automatically (%s): %s",
                partition, audit.table(), audit.commandId(), outcome, why);
        return outcome;
    }
}
