package io.k2.floe.maintenance.compaction;

import io.k2.floe.maintenance.commands.MaintenanceStep;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.ColdOutages;
import io.k2.floe.tiering.cold.ColdTables;
import io.k2.floe.tiering.cold.ColdTier;
import io.k2.floe.tiering.health.Failures;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.MaintenanceCommand;
import io.k2.floe.tiering.messages.MaintenanceCompleted;
import io.k2.floe.tiering.messages.MaintenanceOptions;
import io.k2.floe.tiering.messages.TaskFailed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * COMPACT (R-COMPACT in docs/requirements.md; docs/maintenance/compaction.md): bin-packs the small data files of a table's closed
 * partitions into sorted files of the target size, safe beside running offloads and repairs.
 *
 * <p>The command is checked first (options, partition labels): a bad one is answered {@code INVALID_COMMAND} naming
 * what is wrong, and nothing is read or written. A command an earlier delivery already committed is a repeat: its
 * commits are reported again and nothing is done. A dry run answers with the plan. Otherwise {@link TableCompaction}
 * rewrites and commits group by group; the answer counts what was committed.
 */
@ApplicationScoped
public class CompactionStep implements MaintenanceStep {

    private static final Logger LOG = Logger.getLogger(CompactionStep.class);

    private final TableCatalog catalog;
    private final Supplier<Catalog> coldCatalog;
    private final CompactionConfig config;
    private final CompactionMetrics metrics;

    @Inject
    public CompactionStep(TableCatalog catalog, ColdTier coldTier, CompactionConfig config, CompactionMetrics metrics) {
        this(catalog, coldTier::catalog, config, metrics);
    }

    /** A step on an Iceberg catalog of the caller's (tools and tests). */
    public CompactionStep(TableCatalog catalog, Supplier<Catalog> coldCatalog, CompactionConfig config,
                          CompactionMetrics metrics) {
        this.catalog = catalog;
        this.coldCatalog = coldCatalog;
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public MaintenanceAction action() {
        return MaintenanceAction.COMPACT;
    }

    @Override
    public Event perform(MaintenanceCommand command) {
        long started = System.nanoTime();
        CatalogTable table = catalog.get(command.table());
        CompactionSettings settings;
        boolean dryRun;
        try {
            settings = CompactionSettings.of(table.maintenance(), command.options(), config.maxFanIn(),
                    config.maxMergeBytes());
            dryRun = MaintenanceOptions.dryRun(command);
            command.partitions().forEach(table.partition()::startOf);
        } catch (IllegalArgumentException invalid) {
            metrics.finished(table.id(), (System.nanoTime() - started) / 1_000_000);
            return TaskFailed.of(command, ErrorTypes.INVALID_COMMAND, "compaction of " + command.table()
                    + " refused: " + invalid.getMessage());
        }
        try {
            Table cold;
            try {
                cold = coldCatalog.get().loadTable(ColdTables.identifier(table));
            } catch (NoSuchTableException none) {
                // nothing offloaded yet: nothing to compact
                return completed(command, started, new TableCompaction.Tally(), dryRun, Map.of());
            }
            List<Snapshot> earlier = CompactionCommit.committedBy(cold, command.commandId());
            if (!earlier.isEmpty()) {
                LOG.infof("compaction %s of %s was committed before (%d snapshot(s)): a repeat, nothing done",
                        command.commandId(), cold.name(), earlier.size());
                return repeat(command, started, earlier);
            }
            TableCompaction compaction = new TableCompaction(cold, table, settings, config.maxCommitAttempts(),
                    metrics, command.commandId(), command.runId(), command.attempt());
            CompactionPlan plan = compaction.plan(command.partitions());
            TableCompaction.Tally tally = dryRun ? TableCompaction.dryRun(plan) : compaction.perform(plan);
            return completed(command, started, tally, dryRun, plan.refused());
        } catch (RuntimeException failure) {
            String type = errorType(failure);
            String message = "compaction of " + command.table() + " failed: " + Failures.describe(failure);
            if (ErrorTypes.INTERNAL.equals(type)) {
                LOG.errorf(failure, "compaction of %s (command %s) failed unexpectedly", command.table(),
                        command.commandId());
            } else {
                LOG.warnf("compaction of %s (command %s): %s %s", command.table(), command.commandId(), type, message);
            }
            metrics.finished(table.id(), (System.nanoTime() - started) / 1_000_000);
            return TaskFailed.of(command, type, message);
        }
    }

    static String errorType(Throwable failure) {
        if (failure instanceof TableCompaction.ConflictsExhausted) {
            return ErrorTypes.COMMIT_CONFLICT;
        }
        if (ColdOutages.isRefused(failure)) {
            return ErrorTypes.COLD_REFUSED;
        }
        if (failure instanceof CommitStateUnknownException || ColdOutages.isOutage(failure)) {
            return ErrorTypes.COLD_UNAVAILABLE;
        }
        return ErrorTypes.INTERNAL;
    }

    private MaintenanceCompleted completed(MaintenanceCommand command, long started, TableCompaction.Tally tally,
                                           boolean dryRun, Map<String, String> refused) {
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        metrics.finished(command.table(), durationMs);
        Map<String, Long> results = new LinkedHashMap<>();
        results.put("rewrittenDataFiles", tally.rewrittenDataFiles);
        results.put("rewrittenBytes", tally.rewrittenBytes);
        results.put("rewrittenRows", tally.rewrittenRows);
        results.put("addedDataFiles", dryRun ? tally.expectedOutputFiles : tally.addedDataFiles);
        results.put("addedBytes", tally.addedBytes);
        results.put("expectedOutputFiles", tally.expectedOutputFiles);
        results.put("groups", tally.groups);
        results.put("commitConflicts", tally.commitConflicts);
        return new MaintenanceCompleted(command.commandId(), command.runId(), command.table(), command.attempt(),
                MaintenanceAction.COMPACT, durationMs, List.copyOf(tally.partitions), results,
                Optional.ofNullable(tally.lastSnapshot), dryRun, refused);
    }

    /** The answer to a redelivered command: what its earlier delivery committed, from the snapshots' summaries. */
    private MaintenanceCompleted repeat(MaintenanceCommand command, long started, List<Snapshot> earlier) {
        TableCompaction.Tally tally = new TableCompaction.Tally();
        List<String> partitions = new ArrayList<>();
        for (Snapshot snapshot : earlier.reversed()) {
            Map<String, String> summary = snapshot.summary();
            tally.groups++;
            tally.rewrittenDataFiles += number(summary, SnapshotSummary.DELETED_FILES_PROP);
            tally.rewrittenBytes += number(summary, SnapshotSummary.REMOVED_FILE_SIZE_PROP);
            tally.rewrittenRows += number(summary, SnapshotSummary.DELETED_RECORDS_PROP);
            tally.addedDataFiles += number(summary, SnapshotSummary.ADDED_FILES_PROP);
            tally.addedBytes += number(summary, SnapshotSummary.ADDED_FILE_SIZE_PROP);
            String partition = summary.get(CompactionCommit.SUMMARY_PARTITION);
            if (partition != null && !partitions.contains(partition)) {
                partitions.add(partition);
            }
        }
        tally.partitions.addAll(partitions);
        tally.lastSnapshot = earlier.getFirst().snapshotId();
        MaintenanceCompleted answer = completed(command, started, tally, false, Map.of());
        Map<String, Long> results = new LinkedHashMap<>(answer.results());
        results.put("repeat", 1L);
        return new MaintenanceCompleted(answer.commandId(), answer.runId(), answer.table(), answer.attempt(),
                answer.action(), answer.durationMs(), answer.partitions(), results, answer.snapshotId(), false,
                Map.of());
    }

    private static long number(Map<String, String> summary, String key) {
        String value = summary.get(key);
        return value == null ? 0 : Long.parseLong(value);
    }
}
