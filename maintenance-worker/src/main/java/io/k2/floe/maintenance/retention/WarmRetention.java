package io.k2.floe.maintenance.retention;

import io.k2.floe.maintenance.commands.MaintenanceStep;
import io.k2.floe.maintenance.retention.Refusal.Reason;
import io.k2.floe.tiering.broker.TaskAnswer;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.ColdTier;
import io.k2.floe.tiering.health.Failures;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.MaintenanceCommand;
import io.k2.floe.tiering.messages.MaintenanceCompleted;
import io.k2.floe.tiering.messages.MaintenanceOptions;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.messages.WarmPartitionDropped;
import io.k2.floe.tiering.verdicts.VerdictStore;
import io.k2.floe.tiering.verdicts.VerdictStoreException;
import io.k2.floe.tiering.verdicts.WarmDrop;
import io.k2.floe.tiering.verdicts.WarmDrops;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import io.k2.floe.tiering.warm.WarmReadException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.iceberg.catalog.Catalog;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Warm retention ({@code DROP_WARM_PARTITIONS}, R-RETENTION, docs/requirements.md): drops the warm partitions of a command from
 * ClickHouse, each only after {@link RetentionChecks} proved it may go, recording each drop before and after in
 * {@link WarmDrops} and publishing a {@code retention.dropped} event per partition before the answer. The command is
 * never trusted: every check runs again here. See docs/maintenance/retention.md.
 *
 * <p>A command first finishes what a crash left: a drop recorded {@code DROPPING} whose warm partition is gone is
 * marked {@code DROPPED} and published; one whose partition is still there is checked again like the command's own
 * partitions, and dropped or refused.
 */
@ApplicationScoped
public class WarmRetention implements MaintenanceStep {

    private static final Logger LOG = Logger.getLogger(WarmRetention.class);

    private final TableCatalog catalog;
    private final RetentionChecks checks;
    private final WarmPartitions warmPartitions;
    private final WarmDrops drops;
    private final RetentionMetrics metrics;
    private final Clock clock;

    @Inject
    public WarmRetention(TableCatalog catalog, ColdTier coldTier, ClickHouseHttp http, VerdictStore verdicts,
                         WarmDrops drops, MeterRegistry registry) {
        this(catalog, coldTier::catalog, http, verdicts, drops, registry, Clock.systemUTC());
    }

    /** With every collaborator given, for tests: {@code clock} decides what is past retention. */
    public WarmRetention(TableCatalog catalog, Supplier<Catalog> cold, ClickHouseHttp http, VerdictStore verdicts,
                         WarmDrops drops, MeterRegistry registry, Clock clock) {
        this.catalog = catalog;
        this.checks = new RetentionChecks(catalog, cold, verdicts, http);
        this.warmPartitions = checks.warmPartitions();
        this.drops = drops;
        this.metrics = new RetentionMetrics(registry, catalog);
        this.clock = clock;
    }

    @Override
    public MaintenanceAction action() {
        return MaintenanceAction.DROP_WARM_PARTITIONS;
    }

    @Override
    public Event perform(MaintenanceCommand command) {
        return answer(command).answer();
    }

    @Override
    public TaskAnswer answer(MaintenanceCommand command) {
        long started = System.nanoTime();
        CatalogTable table = catalog.get(command.table());
        boolean dryRun;
        try {
            dryRun = MaintenanceOptions.dryRun(command);
            command.partitions().forEach(table.partition()::startOf);
        } catch (IllegalArgumentException e) {
            return TaskAnswer.of(TaskFailed.of(command, ErrorTypes.INVALID_COMMAND, e.getMessage()));
        }
        Pass pass = new Pass(command, table, dryRun);
        try {
            Set<String> labels = new LinkedHashSet<>(command.partitions());
            labels.addAll(pass.finishUnfinished());
            for (String label : labels) {
                pass.retain(label);
            }
        } catch (IOException | WarmReadException e) {
            return pass.failed(ErrorTypes.WARM_UNAVAILABLE, e);
        } catch (VerdictStoreException | UncheckedIOException e) {
            // the verdict store, or the cold catalog and object store Verification reads
            return pass.failed(ErrorTypes.COLD_UNAVAILABLE, e);
        } catch (RuntimeException e) {
            // still an answer that publishes the drops made before it, rather than the worker's bare INTERNAL
            LOG.errorf(e, "warm retention of %s failed unexpectedly", table.id());
            return pass.failed(ErrorTypes.INTERNAL, e);
        }
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        Map<String, Long> results = new LinkedHashMap<>();
        results.put("droppedPartitions", (long) pass.dropped.size());
        results.put("droppedRows", pass.droppedRows);
        results.put("refusedPartitions", (long) pass.refused.size());
        MaintenanceCompleted completed = new MaintenanceCompleted(command.commandId(), command.runId(), table.id(),
                command.attempt(), action(), durationMs, List.copyOf(pass.dropped), results, Optional.empty(), dryRun,
                pass.refused);
        LOG.infof("warm retention of %s%s: dropped %s (%d rows), refused %s (%d ms)", table.id(),
                dryRun ? " (dry run)" : "", pass.dropped, pass.droppedRows, pass.refused, durationMs);
        return new TaskAnswer(pass.events, completed);
    }

    /** One command's work: what it dropped, refused and will publish. */
    private final class Pass {
        private final MaintenanceCommand command;
        private final CatalogTable table;
        private final boolean dryRun;
        private final Set<String> dropped = new LinkedHashSet<>();
        private final Map<String, String> refused = new LinkedHashMap<>();
        private final List<Event> events = new ArrayList<>();
        private long droppedRows;

        Pass(MaintenanceCommand command, CatalogTable table, boolean dryRun) {
            this.command = command;
            this.table = table;
            this.dryRun = dryRun;
        }

        /**
         * Finishes the drops a crash left {@code DROPPING}: a partition gone from {@code system.parts} was dropped;
         * one still there is returned, to be checked again and dropped or refused.
         */
        List<String> finishUnfinished() throws IOException {
            List<String> again = new ArrayList<>();
            for (WarmDrop unfinished : drops.unfinished(table.id())) {
                if (warmPartitions.current(table, unfinished.warmPartitionId()).isPresent()) {
                    again.add(unfinished.partition());
                } else if (dryRun) {
                    dropped.add(unfinished.partition());
                    droppedRows += unfinished.rows();
                } else {
                    LOG.infof("%s %s: the drop begun by command %s is done (warm partition %s gone)", table.id(),
                            unfinished.partition(), unfinished.commandId(), unfinished.warmPartitionId());
                    done(unfinished.dropped(clock.instant()));
                }
            }
            return again;
        }

        void retain(String label) throws IOException {
            if (dropped.contains(label)) {
                return;
            }
            Optional<WarmDrop> recorded = drops.find(table.id(), label);
            if (recorded.isPresent() && recorded.get().state() == WarmDrop.State.DROPPED
                    && recorded.get().commandId().equals(command.commandId())
                    && warmPartitions.current(table, recorded.get().warmPartitionId()).isEmpty()) {
                // a redelivered command: its drop is reported again, as it was the first time
                report(recorded.get());
                return;
            }
            switch (checks.decide(table, label, clock.instant())) {
                case RetentionChecks.NothingThere nothing -> LOG.debugf("%s %s: no warm rows, nothing to drop",
                        table.id(), label);
                case RetentionChecks.Refuse refuse -> refuse(label, refuse.refusal());
                case RetentionChecks.Drop drop -> {
                    if (dryRun) {
                        dropped.add(label);
                        droppedRows += drop.proof().verdict().warmRows();
                    } else {
                        drop(drop.proof());
                    }
                }
            }
        }

        /** Drops one proven partition: its parts unchanged since the check, recorded DROPPING, dropped, DROPPED. */
        private void drop(DropProof proof) throws IOException {
            Optional<WarmPartition> now = warmPartitions.current(table, proof.partition().id());
            if (!now.equals(Optional.of(proof.partition()))) {
                refuse(proof.label(), new Refusal(Reason.WARM_CHANGED, "the parts of warm partition "
                        + proof.partition().id() + " changed while it was checked (an insert or a merge): checked again"
                        + " by the next command"));
                return;
            }
            WarmDrop dropping = new WarmDrop(table.id(), proof.label(), proof.partition().id(), WarmDrop.State.DROPPING,
                    proof.verdict().warmRows(), proof.checksum(), proof.verdict().coldSnapshotId(),
                    proof.verdict().auditedAt(), command.runId(), command.commandId(), clock.instant(),
                    Optional.empty());
            drops.record(dropping);
            warmPartitions.drop(table, proof.partition().id());
            done(dropping.dropped(clock.instant()));
            LOG.infof("%s %s: dropped warm partition %s of %s (%d rows, equal at snapshot %d)", table.id(),
                    proof.label(), proof.partition().id(), table.warmTable(), proof.verdict().warmRows(),
                    proof.verdict().coldSnapshotId());
        }

        private void done(WarmDrop droppedNow) {
            drops.record(droppedNow);
            metrics.dropped(table.id(), droppedNow.rows());
            report(droppedNow);
        }

        private void report(WarmDrop done) {
            dropped.add(done.partition());
            droppedRows += done.rows();
            events.add(new WarmPartitionDropped(done.tableId(), done.partition(), done.warmPartitionId(), done.rows(),
                    done.checksum(), done.coldSnapshotId(), done.auditedAt(), done.droppedAt().orElseThrow(),
                    done.commandId(), done.runId()));
        }

        private void refuse(String label, Refusal refusal) {
            refused.put(label, refusal.text());
            metrics.refused(table.id(), refusal);
        }

        /**
         * A failure part-way: the answer is a failure, but what was dropped before it is still published (the
         * coordinator retries the command; a retry reports those drops again).
         */
        TaskAnswer failed(String errorType, Exception e) {
            LOG.warnf("warm retention of %s stopped: %s", table.id(), Failures.describe(e));
            return new TaskAnswer(events, TaskFailed.of(command, errorType, "warm retention of " + table.id()
                    + " stopped after dropping " + dropped + ": " + Failures.describe(e)));
        }
    }
}
