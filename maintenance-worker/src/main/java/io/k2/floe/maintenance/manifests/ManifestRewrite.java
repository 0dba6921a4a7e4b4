package io.k2.floe.maintenance.manifests;

import io.k2.floe.maintenance.commands.MaintainedTables;
import io.k2.floe.maintenance.commands.MaintenanceFailures;
import io.k2.floe.maintenance.commands.MaintenanceMetrics;
import io.k2.floe.maintenance.commands.MaintenanceStep;
import io.k2.floe.maintenance.commands.StepOptions;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.MaintenanceCommand;
import io.k2.floe.tiering.messages.MaintenanceCompleted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.jboss.logging.Logger;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * REWRITE_MANIFESTS: when the current snapshot lists more data manifests than the policy's {@code max-manifests}
 * (every offload commit adds one, so they pile up between Iceberg's own merges), rewrites them clustered by partition
 * with Iceberg core's {@code rewriteManifests()}: query planning then opens only the manifests of the partitions it
 * reads. The rewrite changes no data file, so it never conflicts with an offload's append in substance; a commit lost
 * to one is retried on the refreshed table.
 *
 * <p>A table whose manifests already hold one partition each is left alone even above the threshold (a table with
 * more partitions than {@code max-manifests} would otherwise be rewritten on every run for nothing).
 *
 * <p>Options: {@code max-manifests} (overrides the policy's), {@code dry-run} (report the count and whether it would
 * rewrite).
 */
@ApplicationScoped
public class ManifestRewrite implements MaintenanceStep {

    /** Option: rewrite only above this many data manifests; default the policy's {@code max-manifests}. */
    public static final String MAX_MANIFESTS = "max-manifests";

    private static final Logger LOG = Logger.getLogger(ManifestRewrite.class);
    /** Commits lost to a concurrent commit are retried this often before the task fails COMMIT_CONFLICT. */
    private static final int ATTEMPTS = 4;

    private final TableCatalog catalog;
    private final MaintainedTables tables;
    private final MaintenanceMetrics metrics;
    private final Clock clock;

    @Inject
    public ManifestRewrite(TableCatalog catalog, MaintainedTables tables, MaintenanceMetrics metrics) {
        this(catalog, tables, metrics, Clock.systemUTC());
    }

    public ManifestRewrite(TableCatalog catalog, MaintainedTables tables, MaintenanceMetrics metrics, Clock clock) {
        this.catalog = catalog;
        this.tables = tables;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public MaintenanceAction action() {
        return MaintenanceAction.REWRITE_MANIFESTS;
    }

    @Override
    public Event perform(MaintenanceCommand command) {
        long start = clock.millis();
        try {
            CatalogTable table = catalog.get(command.table());
            StepOptions options = StepOptions.of(command, Set.of(MAX_MANIFESTS));
            boolean dryRun = options.dryRun();
            int max = options.count(MAX_MANIFESTS).orElse(table.maintenance().maxManifests());
            Optional<Table> cold = tables.load(table);
            Optional<Long> committed = Optional.empty();
            Map<String, Long> results;
            if (cold.isEmpty() || cold.get().currentSnapshot() == null) {
                results = results(0, 0, 0);
            } else {
                Table t = cold.get();
                int before = dataManifests(t).size();
                if (before <= max) {
                    LOG.infof("%s: %d data manifests, at most %d wanted: nothing to rewrite", table.id(), before, max);
                    results = results(before, before, 0);
                } else if (clustered(dataManifests(t))) {
                    // a table with more partitions than max-manifests stays above it: rewriting again would change nothing
                    LOG.infof("%s: %d data manifests, more than %d, but already one partition each: nothing to rewrite",
                            table.id(), before, max);
                    results = results(before, before, 0);
                } else if (dryRun) {
                    LOG.infof("%s (dry run): %d data manifests, more than %d: would rewrite them clustered by partition",
                            table.id(), before, max);
                    results = results(before, before, before);
                } else {
                    Snapshot rewritten = rewrite(table, t);
                    committed = Optional.of(rewritten.snapshotId());
                    // counted in the snapshot the rewrite committed: an offload may have appended since
                    int after = rewritten.dataManifests(t.io()).size();
                    metrics.manifestsRewritten(table, before);
                    LOG.infof("%s: rewrote %d data manifests into %d, clustered by partition", table.id(), before, after);
                    results = results(before, after, before);
                }
            }
            return new MaintenanceCompleted(command.commandId(), command.runId(), command.table(), command.attempt(),
                    action(), clock.millis() - start, List.of(), results, committed, dryRun, Map.of());
        } catch (RuntimeException e) {
            return MaintenanceFailures.answer(command, e);
        }
    }

    /** Rewrites every data manifest of the current snapshot, one cluster per partition; the snapshot it committed. */
    private Snapshot rewrite(CatalogTable table, Table cold) {
        for (int attempt = 1; ; attempt++) {
            cold.refresh();
            try {
                cold.rewriteManifests()
                        .rewriteIf(manifest -> manifest.content() == ManifestContent.DATA)
                        .clusterBy(file -> partitionOf(cold, file))
                        .commit();
                cold.refresh();
                return committedSnapshot(cold);
            } catch (CommitFailedException conflict) {
                metrics.commitConflict(table, action());
                if (attempt >= ATTEMPTS) {
                    throw conflict;
                }
                LOG.infof("%s: manifest rewrite lost to a concurrent commit (attempt %d), retrying", table.id(), attempt);
            }
        }
    }

    /**
     * The snapshot the rewrite committed: the newest of the current ancestry that is a manifest rewrite (operation
     * {@code replace}, no data file added or deleted). An offload may have appended on top of it since; one table's
     * maintenance tasks never run at once, so no other rewrite can be newer.
     */
    private static Snapshot committedSnapshot(Table cold) {
        for (Snapshot s = cold.currentSnapshot(); s != null;
             s = s.parentId() == null ? null : cold.snapshot(s.parentId())) {
            if (DataOperations.REPLACE.equals(s.operation())
                    && "0".equals(s.summary().getOrDefault("added-data-files", "0"))
                    && "0".equals(s.summary().getOrDefault("deleted-data-files", "0"))) {
                return s;
            }
        }
        return cold.currentSnapshot();
    }

    /** The partition's path ({@code trade_time_us_day=2026-03-01}) with its spec: one cluster per partition. */
    private static String partitionOf(Table table, DataFile file) {
        return file.specId() + "/" + table.specs().get(file.specId()).partitionToPath(file.partition());
    }

    /**
     * Whether every manifest already holds one partition of the table's (single-field, time) spec and no two hold the
     * same one, read from the manifests' partition summaries (no manifest is opened).
     */
    static boolean clustered(List<ManifestFile> manifests) {
        Set<ByteBuffer> seen = new HashSet<>();
        for (ManifestFile manifest : manifests) {
            List<ManifestFile.PartitionFieldSummary> fields = manifest.partitions();
            if (fields == null || fields.size() != 1) {
                return false;
            }
            ByteBuffer lower = fields.get(0).lowerBound();
            if (lower == null || !lower.equals(fields.get(0).upperBound()) || !seen.add(lower)) {
                return false;
            }
        }
        return true;
    }

    private static List<ManifestFile> dataManifests(Table table) {
        Snapshot current = table.currentSnapshot();
        return current == null ? List.of() : current.dataManifests(table.io());
    }

    /** {@code manifestsBefore}, {@code manifestsAfter} (data manifests of the current snapshot) and {@code rewrittenManifests}. */
    private static Map<String, Long> results(long before, long after, long rewritten) {
        Map<String, Long> results = new LinkedHashMap<>();
        results.put("manifestsBefore", before);
        results.put("manifestsAfter", after);
        results.put("rewrittenManifests", rewritten);
        return results;
    }
}
