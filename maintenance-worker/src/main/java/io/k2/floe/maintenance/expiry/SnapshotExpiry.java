package io.k2.floe.maintenance.expiry;

import io.k2.floe.maintenance.commands.MaintainedTables;
import io.k2.floe.maintenance.commands.MaintenanceFailures;
import io.k2.floe.maintenance.commands.MaintenanceMetrics;
import io.k2.floe.maintenance.commands.MaintenanceStep;
import io.k2.floe.maintenance.commands.StepOptions;
import io.k2.floe.maintenance.references.ReferencedFiles;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.MaintenancePolicy;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.MarkerHistory;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.MaintenanceCommand;
import io.k2.floe.tiering.messages.MaintenanceCompleted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.iceberg.ExpireSnapshots;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * EXPIRE_SNAPSHOTS (R-EXPIRE, docs/requirements.md): removes snapshots older than the policy's {@code snapshot-max-age} from the
 * table's metadata, keeping at least {@code min-snapshots-to-keep} of {@code main}, and deletes the files that only
 * those snapshots referenced. Iceberg core's {@code expireSnapshots()} decides and cleans up (a file a remaining
 * snapshot still references is never deleted); this step counts what it deletes, by kind.
 *
 * <p>The offload marker comes first: {@link MarkerHistory#pinLatest} points the {@code floe-marker} tag at the newest
 * snapshot holding a marker, and a tagged snapshot is never expired, so the marker survives whatever age the table
 * reaches (docs/exactly-once.md).
 *
 * <p>Options: {@code older-than} (overrides {@code snapshot-max-age}), {@code retain-last} (overrides
 * {@code min-snapshots-to-keep}), {@code dry-run} (report the snapshots that would expire and the files only they
 * reference; commit nothing, not even the tag).
 */
@ApplicationScoped
public class SnapshotExpiry implements MaintenanceStep {

    /** Option: expire snapshots older than this ({@code 7d}, {@code PT12H}); default the policy's. */
    public static final String OLDER_THAN = "older-than";
    /** Option: keep at least this many snapshots of {@code main}; default the policy's. */
    public static final String RETAIN_LAST = "retain-last";

    private static final Logger LOG = Logger.getLogger(SnapshotExpiry.class);
    /** Commits lost to a concurrent commit are retried this often before the task fails COMMIT_CONFLICT. */
    private static final int ATTEMPTS = 4;

    private final TableCatalog catalog;
    private final MaintainedTables tables;
    private final MaintenanceMetrics metrics;
    private final Clock clock;

    @Inject
    public SnapshotExpiry(TableCatalog catalog, MaintainedTables tables, MaintenanceMetrics metrics) {
        this(catalog, tables, metrics, Clock.systemUTC());
    }

    public SnapshotExpiry(TableCatalog catalog, MaintainedTables tables, MaintenanceMetrics metrics, Clock clock) {
        this.catalog = catalog;
        this.tables = tables;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public MaintenanceAction action() {
        return MaintenanceAction.EXPIRE_SNAPSHOTS;
    }

    @Override
    public Event perform(MaintenanceCommand command) {
        long start = clock.millis();
        try {
            CatalogTable table = catalog.get(command.table());
            MaintenancePolicy policy = table.maintenance();
            StepOptions options = StepOptions.of(command, Set.of(OLDER_THAN, RETAIN_LAST));
            boolean dryRun = options.dryRun();
            Duration maxAge = options.duration(OLDER_THAN, Duration.ZERO).orElse(policy.snapshotMaxAge());
            int retainLast = options.count(RETAIN_LAST).orElse(policy.minSnapshotsToKeep());
            Instant cutoff = clock.instant().minus(maxAge);

            Optional<Table> cold = tables.load(table);
            Map<String, Long> results = cold.isEmpty() ? results(0, 0, Map.of())
                    : dryRun ? preview(table, cold.get(), cutoff, retainLast)
                    : expire(table, cold.get(), cutoff, retainLast);
            return new MaintenanceCompleted(command.commandId(), command.runId(), command.table(), command.attempt(),
                    action(), clock.millis() - start, List.of(), results, Optional.empty(), dryRun, Map.of());
        } catch (RuntimeException e) {
            return MaintenanceFailures.answer(command, e);
        }
    }

    private Map<String, Long> expire(CatalogTable table, Table cold, Instant cutoff, int retainLast) {
        Map<String, AtomicLong> deleted = new ConcurrentHashMap<>();
        for (int attempt = 1; ; attempt++) {
            try {
                // the tag's move is a commit of its own, which an offload committing at the same moment can beat too
                MarkerHistory.pinLatest(cold);
                cold.refresh();
                Set<Long> snapshotsBefore = snapshotIds(cold);
                ExpireSnapshots expire = cold.expireSnapshots()
                        .expireOlderThan(cutoff.toEpochMilli())
                        .retainLast(retainLast)
                        .cleanExpiredFiles(true)
                        .deleteWith(location -> {
                            cold.io().deleteFile(location);
                            String kind = kindByName(location);
                            deleted.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
                            metrics.fileDeleted(table, kind);
                        });
                expire.commit();
                cold.refresh();
                Set<Long> gone = new HashSet<>(snapshotsBefore);
                gone.removeAll(snapshotIds(cold));
                metrics.snapshotsExpired(table, gone.size());
                Map<String, Long> byKind = new LinkedHashMap<>();
                deleted.forEach((k, v) -> byKind.put(k, v.get()));
                LOG.infof("%s: expired %d snapshots older than %s (keeping at least %d of main), deleted files %s",
                        table.id(), gone.size(), cutoff, retainLast, byKind);
                return results(gone.size(), snapshotIds(cold).size(), byKind);
            } catch (CommitFailedException conflict) {
                metrics.commitConflict(table, action());
                if (attempt >= ATTEMPTS) {
                    throw conflict;
                }
                LOG.infof("%s: expiry lost to a concurrent commit (attempt %d), retrying", table.id(), attempt);
            }
        }
    }

    /**
     * What {@link #expire} would do, without committing: the snapshots Iceberg would expire (its own decision, from
     * {@code apply()}), and the files only they reference. The marker tag is not moved; the snapshot it would pin is
     * left out of the expired set here as the real run would keep it.
     */
    private Map<String, Long> preview(CatalogTable table, Table cold, Instant cutoff, int retainLast) {
        cold.refresh();
        List<Snapshot> expired = cold.expireSnapshots().expireOlderThan(cutoff.toEpochMilli())
                .retainLast(retainLast).apply();
        Optional<Long> pinned = MarkerHistory.latest(cold).map(at -> at.snapshotId());
        List<Snapshot> wouldExpire = expired.stream()
                .filter(s -> pinned.isEmpty() || s.snapshotId() != pinned.get()).toList();
        Set<Long> expiredIds = new HashSet<>();
        wouldExpire.forEach(s -> expiredIds.add(s.snapshotId()));
        List<Snapshot> remaining = new ArrayList<>();
        cold.snapshots().forEach(s -> {
            if (!expiredIds.contains(s.snapshotId())) {
                remaining.add(s);
            }
        });
        Map<String, String> onlyExpired = ReferencedFiles.ofSnapshots(cold, wouldExpire)
                .minus(ReferencedFiles.ofSnapshots(cold, remaining));
        Map<String, Long> byKind = new LinkedHashMap<>();
        onlyExpired.values().forEach(kind -> byKind.merge(kind, 1L, Long::sum));
        LOG.infof("%s (dry run): would expire %d snapshots older than %s (keeping at least %d of main): %s; "
                        + "files only they reference: %s", table.id(), wouldExpire.size(), cutoff, retainLast,
                wouldExpire.stream().map(Snapshot::snapshotId).toList(), byKind);
        onlyExpired.keySet().stream().sorted().forEach(location ->
                LOG.infof("%s (dry run): would delete %s", table.id(), location));
        return results(wouldExpire.size(), remaining.size(), byKind);
    }

    /**
     * The kind of a file Iceberg's cleanup deletes, from its name as Iceberg writes them ({@code snap-*.avro} manifest
     * lists, other {@code .avro} manifests, Puffin statistics; data files otherwise): cheaper than reading every
     * manifest again to look the file up.
     */
    static String kindByName(String location) {
        String name = location.substring(location.lastIndexOf('/') + 1);
        if (name.endsWith(".avro")) {
            return name.startsWith("snap-") ? ReferencedFiles.MANIFEST_LIST : ReferencedFiles.MANIFEST;
        }
        if (name.endsWith(".puffin") || name.endsWith(".stats")) {
            return ReferencedFiles.STATISTICS;
        }
        if (name.endsWith(".metadata.json")) {
            return "other";
        }
        return ReferencedFiles.DATA;
    }

    /** {@code expiredSnapshots}, {@code remainingSnapshots}, {@code deletedFiles} and one {@code deleted<Kind>Files} each. */
    private static Map<String, Long> results(long expired, long remaining, Map<String, Long> deletedByKind) {
        Map<String, Long> results = new LinkedHashMap<>();
        results.put("expiredSnapshots", expired);
        results.put("remainingSnapshots", remaining);
        results.put("deletedFiles", deletedByKind.values().stream().mapToLong(Long::longValue).sum());
        results.put("deletedDataFiles", deletedByKind.getOrDefault(ReferencedFiles.DATA, 0L));
        results.put("deletedManifests", deletedByKind.getOrDefault(ReferencedFiles.MANIFEST, 0L));
        results.put("deletedManifestLists", deletedByKind.getOrDefault(ReferencedFiles.MANIFEST_LIST, 0L));
        results.put("deletedStatisticsFiles", deletedByKind.getOrDefault(ReferencedFiles.STATISTICS, 0L));
        results.put("deletedOtherFiles", deletedByKind.getOrDefault("other", 0L));
        return results;
    }

    private static Set<Long> snapshotIds(Table table) {
        Set<Long> ids = new HashSet<>();
        table.snapshots().forEach(s -> ids.add(s.snapshotId()));
        return ids;
    }
}
