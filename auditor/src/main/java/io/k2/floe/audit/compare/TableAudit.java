package io.k2.floe.audit.compare;

import io.k2.floe.tiering.warm.figures.WarmFigures;
import io.k2.floe.tiering.warm.figures.AuditSide;
import io.k2.floe.audit.AuditorConfig;
import io.k2.floe.tiering.warm.figures.PartitionFigures;
import io.k2.floe.audit.verdicts.VerdictLedger;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.ColdTables;
import io.k2.floe.tiering.cold.ColdTier;
import io.k2.floe.tiering.cold.MarkerAt;
import io.k2.floe.tiering.cold.MarkerHistory;
import io.k2.floe.tiering.messages.AuditCommand;
import io.k2.floe.tiering.messages.AuditCompleted;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.PartitionVerdict;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.warm.WarmColumns;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One audit command, start to end: the snapshot and the marker it is bounded by, then per partition the warm figures
 * (ClickHouse), the cold figures (Iceberg metadata, then the data when the counts agree), a verdict; the verdicts are
 * recorded before the answer is published. See docs/audit.md.
 */
@ApplicationScoped
public class TableAudit {

    private static final Logger LOG = Logger.getLogger(TableAudit.class);

    private final TableCatalog catalog;
    private final ColdTier coldTier;
    private final WarmColumns warmColumns;
    private final WarmFigures warmFigures;
    private final VerdictLedger verdicts;
    private final AuditMetrics metrics;
    private final AuditorConfig config;
    private final ExecutorService readers;
    private final ExecutorService warmQueries;

    public TableAudit(TableCatalog catalog, ColdTier coldTier, WarmColumns warmColumns, WarmFigures warmFigures,
                      VerdictLedger verdicts, AuditMetrics metrics, AuditorConfig config) {
        this.catalog = catalog;
        this.coldTier = coldTier;
        this.warmColumns = warmColumns;
        this.warmFigures = warmFigures;
        this.verdicts = verdicts;
        this.metrics = metrics;
        this.config = config;
        this.readers = Executors.newFixedThreadPool(config.readThreads(), threads("audit-reader-"));
        this.warmQueries = Executors.newSingleThreadExecutor(threads("audit-warm-"));
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @PreDestroy
    void stop() {
        readers.shutdownNow();
        warmQueries.shutdownNow();
    }

    /** Runs the audit to its end and returns its answer. Blocking. */
    public Event audit(AuditCommand command) {
        long started = System.nanoTime();
        CatalogTable table = catalog.get(command.table());
        try {
            List<String> labels = AuditScope.partitions(command, table.partition(), config.maxPartitions());
            Table cold;
            try {
                cold = coldTier.catalog().loadTable(ColdTables.identifier(table));
            } catch (NoSuchTableException e) {
                return TaskFailed.of(command, ErrorTypes.NOTHING_TO_AUDIT, "cold table " + table.coldTable()
                        + " does not exist: nothing has been offloaded to audit");
            }
            long snapshotId = snapshot(command, cold);
            MarkerAt marker = MarkerHistory.asOf(cold, snapshotId).orElse(null);
            if (marker == null) {
                return TaskFailed.of(command, ErrorTypes.NOTHING_TO_AUDIT, "cold table " + cold.name()
                        + " holds no committed window at snapshot " + snapshotId + ": nothing to compare");
            }
            Instant upTo = marker.marker().windowUpper();
            AuditSide side = AuditSide.of(table, cold, warmColumns, catalog, warmFigures.decimalText());
            ColdFigures coldFigures = new ColdFigures(cold, snapshotId, side);
            List<PartitionVerdict> found = new ArrayList<>();
            for (String label : labels) {
                found.add(verdict(side, coldFigures, label, upTo));
            }
            long durationMs = (System.nanoTime() - started) / 1_000_000;
            AuditCompleted completed = new AuditCompleted(command.commandId(), command.runId(), command.table(),
                    command.attempt(), Optional.of(snapshotId), Optional.of(upTo), durationMs, found);
            verdicts.record(completed, Instant.now());
            metrics.completed(table, completed);
            LOG.infof("audited %s at snapshot %d up to %s: %d partitions, %s (%d ms)", table.id(), snapshotId, upTo,
                    found.size(), completed.allEqual() ? "all equal"
                            : "mismatched " + completed.mismatches().stream().map(PartitionVerdict::partition).toList(),
                    durationMs);
            return completed;
        } catch (RuntimeException | IOException failure) {
            TaskFailed failed = AuditFailures.answer(command, failure);
            metrics.failed(table, failed.errorType());
            return failed;
        }
    }

    private long snapshot(AuditCommand command, Table cold) {
        if (command.coldSnapshotId().isPresent()) {
            long id = command.coldSnapshotId().get();
            if (cold.snapshot(id) == null) {
                throw new AuditScope.InvalidAuditException("snapshot " + id + " is not a snapshot of " + cold.name()
                        + " (expired, or of another table)");
            }
            return id;
        }
        if (cold.currentSnapshot() == null) {
            throw new NoSnapshotYet(cold.name());
        }
        return cold.currentSnapshot().snapshotId();
    }

    private PartitionVerdict verdict(AuditSide side, ColdFigures coldFigures, String label, Instant upTo)
            throws IOException {
        // ClickHouse computes its side while the cold data is read
        Future<PartitionFigures> warmAnswer = warmQueries.submit(() -> warmFigures.of(side, label, upTo));
        ColdFigures.Reading reading = null;
        boolean answered = false;
        PartitionFigures warm;
        PartitionFigures cold;
        try {
            List<DataFile> files = coldFigures.files(label);
            cold = coldFigures.fromMetadata(files);
            reading = coldFigures.read(files, readers);
            warm = warmAnswer.get();
            if (cold.rows() == warm.rows()) {
                // equal counts prove nothing about content: the data decides
                cold = reading.result();
            } else {
                // a mismatch already: the checksum is not needed
                reading.cancel();
            }
            answered = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while auditing " + side.table().id() + " partition " + label, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            if (!answered) {
                // whatever failed, neither side's work is wanted any more
                warmAnswer.cancel(true);
                if (reading != null) {
                    reading.cancel();
                }
            }
        }
        metrics.compared(side.table(), warm.rows(), cold.rows());
        boolean equal = warm.sameAs(cold);
        return new PartitionVerdict(label, equal, warm.rows(), cold.rows(), instant(warm.minMicros()),
                instant(warm.maxMicros()), instant(cold.minMicros()), instant(cold.maxMicros()), warm.checksum(),
                cold.checksum());
    }

    private static Optional<Instant> instant(OptionalLong micros) {
        if (micros.isEmpty()) {
            return Optional.empty();
        }
        long m = micros.getAsLong();
        return Optional.of(Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000L), Math.floorMod(m, 1_000_000L) * 1_000L));
    }

    /** A cold table that exists but has no snapshot: nothing offloaded yet. */
    static final class NoSnapshotYet extends RuntimeException {
        NoSnapshotYet(String table) {
            super("cold table " + table + " has no snapshot: nothing has been offloaded to audit");
        }
    }
}
