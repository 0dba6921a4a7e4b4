package io.k2.floe.maintenance.orphans;

import io.k2.floe.maintenance.MaintenanceWorkerConfig;
import io.k2.floe.maintenance.commands.MaintainedTables;
import io.k2.floe.maintenance.commands.MaintenanceFailures;
import io.k2.floe.maintenance.commands.MaintenanceMetrics;
import io.k2.floe.maintenance.commands.MaintenanceStep;
import io.k2.floe.maintenance.commands.StepOptions;
import io.k2.floe.maintenance.references.FileLocations;
import io.k2.floe.maintenance.references.ReferencedFiles;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.MaintenancePolicy;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.MaintenanceCommand;
import io.k2.floe.tiering.messages.MaintenanceCompleted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * REMOVE_ORPHANS (R-EXPIRE, docs/requirements.md): deletes the files under the table's location that nothing in the table's metadata
 * references ({@link ReferencedFiles}: every snapshot of every ref, manifest lists, manifests, data and delete files,
 * statistics, the current metadata file and its log) and that are older than the policy's {@code orphan-min-age}:
 * data files of offloads that crashed before their commit, files of commits that failed, metadata files past
 * Iceberg's log.
 *
 * <p>Safe beside running offloads: a file younger than the age guard is never deleted (an offload writes its files
 * before it commits them), and the table is read again after the listing so that a commit made meanwhile counts as
 * referencing its files. The decision is made only from the table's metadata, never from events (a failed offload's
 * {@code uncommittedFiles} is informational): if the referenced set cannot be read completely, nothing is deleted.
 *
 * <p>Options: {@code older-than} (overrides {@code orphan-min-age}; at least 1 hour unless the worker runs with the
 * test-only {@code floe.maintenance-worker.orphans.test-only-short-age=true}, then at least 1 second), {@code dry-run}
 * (count what would go and log each file; delete nothing).
 */
@ApplicationScoped
public class OrphanRemoval implements MaintenanceStep {

    /** Option: only unreferenced files older than this are removed; default the policy's {@code orphan-min-age}. */
    public static final String OLDER_THAN = "older-than";
    /** The least {@code older-than} a test-only worker accepts. */
    static final Duration TEST_ONLY_FLOOR = Duration.ofSeconds(1);

    private static final Logger LOG = Logger.getLogger(OrphanRemoval.class);

    private final TableCatalog catalog;
    private final MaintainedTables tables;
    private final MaintenanceMetrics metrics;
    private final Clock clock;
    private final Duration floor;

    @Inject
    public OrphanRemoval(TableCatalog catalog, MaintainedTables tables, MaintenanceMetrics metrics,
                         MaintenanceWorkerConfig config) {
        this(catalog, tables, metrics, Clock.systemUTC(), config.orphans().testOnlyShortAge());
    }

    /** @param testOnlyShortAge whether {@code older-than} may go down to 1 second (tests only) */
    public OrphanRemoval(TableCatalog catalog, MaintainedTables tables, MaintenanceMetrics metrics, Clock clock,
                         boolean testOnlyShortAge) {
        this.catalog = catalog;
        this.tables = tables;
        this.metrics = metrics;
        this.clock = clock;
        this.floor = testOnlyShortAge ? TEST_ONLY_FLOOR : MaintenancePolicy.MIN_ORPHAN_AGE;
    }

    @Override
    public MaintenanceAction action() {
        return MaintenanceAction.REMOVE_ORPHANS;
    }

    @Override
    public Event perform(MaintenanceCommand command) {
        long start = clock.millis();
        try {
            CatalogTable table = catalog.get(command.table());
            StepOptions options = StepOptions.of(command, Set.of(OLDER_THAN));
            boolean dryRun = options.dryRun();
            Duration minAge = options.duration(OLDER_THAN, floor).orElse(table.maintenance().orphanMinAge());
            Optional<Table> cold = tables.load(table);
            Map<String, Long> results = cold.isEmpty() ? new Sweep().results()
                    : sweep(table, cold.get(), clock.instant().minus(minAge), dryRun).results();
            return new MaintenanceCompleted(command.commandId(), command.runId(), command.table(), command.attempt(),
                    action(), clock.millis() - start, List.of(), results, Optional.empty(), dryRun, Map.of());
        } catch (RuntimeException e) {
            return MaintenanceFailures.answer(command, e);
        }
    }

    private Sweep sweep(CatalogTable table, Table cold, Instant olderThan, boolean dryRun) {
        FileIO io = cold.io();
        if (!(io instanceof SupportsPrefixOperations listing)) {
            throw new IllegalStateException("the table's FileIO " + io.getClass().getName()
                    + " cannot list files, so orphans cannot be found");
        }
        cold.refresh();
        ReferencedFiles referenced = ReferencedFiles.of(cold);
        String prefix = cold.location().endsWith("/") ? cold.location() : cold.location() + "/";
        String normalPrefix = FileLocations.directory(cold.location());

        Sweep sweep = new Sweep();
        List<FileInfo> candidates = new ArrayList<>();
        for (FileInfo file : listing.listPrefix(prefix)) {
            if (!FileLocations.normalize(file.location()).startsWith(normalPrefix)) {
                continue; // a listing by prefix may reach a sibling whose name merely starts alike
            }
            sweep.listed++;
            if (referenced.contains(file.location())) {
                sweep.referenced++;
            } else if (file.createdAtMillis() > olderThan.toEpochMilli()) {
                sweep.young++;
            } else {
                candidates.add(file);
            }
        }
        // a commit made while we listed references its files: read the table again before deciding
        cold.refresh();
        referenced.addCurrent(cold);
        for (FileInfo file : candidates) {
            if (referenced.contains(file.location())) {
                sweep.referenced++;
                continue;
            }
            sweep.orphans++;
            sweep.orphanBytes += file.size();
            if (dryRun) {
                LOG.infof("%s (dry run): would remove orphan %s (%d bytes, written %s)", table.id(), file.location(),
                        file.size(), Instant.ofEpochMilli(file.createdAtMillis()));
            } else {
                io.deleteFile(file.location());
                sweep.removed++;
                metrics.orphanRemoved(table, file.size());
                LOG.infof("%s: removed orphan %s (%d bytes, written %s)", table.id(), file.location(), file.size(),
                        Instant.ofEpochMilli(file.createdAtMillis()));
            }
        }
        LOG.infof("%s%s: %d files under %s, %d referenced, %d unreferenced but younger than %s (kept), %d orphans "
                        + "(%d bytes)%s", table.id(), dryRun ? " (dry run)" : "", sweep.listed, prefix,
                sweep.referenced, sweep.young, olderThan, sweep.orphans, sweep.orphanBytes,
                dryRun ? " would be removed" : " removed");
        return sweep;
    }

    /** What one pass found. */
    private static final class Sweep {
        long listed;
        long referenced;
        long young;
        long orphans;
        long orphanBytes;
        long removed;

        /**
         * {@code listedFiles}, {@code referencedFiles}, {@code youngUnreferencedFiles} (kept by the age guard),
         * {@code orphanFiles} and {@code orphanBytes} (found; what a dry run would remove), {@code deletedOrphanFiles}.
         */
        Map<String, Long> results() {
            Map<String, Long> results = new LinkedHashMap<>();
            results.put("listedFiles", listed);
            results.put("referencedFiles", referenced);
            results.put("youngUnreferencedFiles", young);
            results.put("orphanFiles", orphans);
            results.put("orphanBytes", orphanBytes);
            results.put("deletedOrphanFiles", removed);
            return results;
        }
    }
}
