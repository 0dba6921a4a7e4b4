package io.k2.floe.offload.window;

import io.k2.floe.offload.OffloadWorkerConfig;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.ColdCommitter;
import io.k2.floe.tiering.cold.ColdRowSink;
import io.k2.floe.tiering.cold.CommitOutcome;
import io.k2.floe.tiering.cold.MarkerCheck;
import io.k2.floe.tiering.cold.MarkerHistory;
import io.k2.floe.tiering.cold.MarkerRefusedException;
import io.k2.floe.tiering.cold.WindowWriter;
import io.k2.floe.tiering.cold.WrittenFiles;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.OffloadCommand;
import io.k2.floe.tiering.messages.OffloadCompleted;
import io.k2.floe.tiering.messages.OffloadMarker;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.warm.ColdTypeMapping;
import io.k2.floe.tiering.warm.GoldBars;
import io.k2.floe.tiering.warm.GoldWindowRanges;
import io.k2.floe.tiering.warm.KeyOrderException;
import io.k2.floe.tiering.warm.RowSink;
import io.k2.floe.tiering.warm.RowSinkAdapter;
import io.k2.floe.tiering.warm.TradeSelection;
import io.k2.floe.tiering.warm.WarmColumn;
import io.k2.floe.tiering.warm.WarmColumns;
import io.k2.floe.tiering.warm.WarmReader;
import io.k2.floe.tiering.warm.WarmWindowQuery;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.iceberg.Table;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Offloads one window of one table: reads the warm rows as a stream, writes them as Parquet data files of the cold
 * table, and commits them in one Iceberg snapshot that carries the window's marker (docs/exactly-once.md).
 *
 * <p>The marker is checked before anything is read (a repeat or a refused window costs no warm read) and again
 * before every commit attempt, by {@link ColdCommitter}. Whatever fails, nothing of the attempt is visible in the
 * table: the files written so far are listed in the failed event for orphan cleanup.
 */
@ApplicationScoped
public class WindowOffload {

    private static final Logger LOG = Logger.getLogger(WindowOffload.class);

    private final TableCatalog catalog;
    private final OffloadTargets targets;
    private final WarmColumns warmColumns;
    private final WarmReader warmReader;
    private final OffloadMetrics metrics;
    private final CrashPoints crashPoints;
    private final OffloadWorkerConfig config;
    /** Tables whose parts were found out of cold order: read sorted by ClickHouse from then on. */
    private final Set<String> sortedByServer = ConcurrentHashMap.newKeySet();

    public WindowOffload(TableCatalog catalog, OffloadTargets targets, WarmColumns warmColumns, WarmReader warmReader,
                         OffloadMetrics metrics, CrashPoints crashPoints, OffloadWorkerConfig config) {
        this.catalog = catalog;
        this.targets = targets;
        this.warmColumns = warmColumns;
        this.warmReader = warmReader;
        this.metrics = metrics;
        this.crashPoints = crashPoints;
        this.config = config;
        if (config.keyOrderStreams() < 1) {
            throw new IllegalArgumentException("floe.offload-worker.key-order-streams (FLOE_OFFLOAD_WORKER_KEY_ORDER_STREAMS)"
                    + " must be at least 1, got " + config.keyOrderStreams());
        }
    }

    /** Runs the command to its end and returns the event that answers it (completed or failed). Blocking. */
    public Event offload(OffloadCommand command) {
        long started = System.nanoTime();
        CatalogTable table = catalog.get(command.table());
        OffloadMarker marker = OffloadMarker.of(command.window(), command.commandId(), command.runId());
        WindowWriter writer = null;
        boolean committed = false;
        try {
            OffloadTargets.Target target = targets.prepare(table);
            Table cold = target.cold();
            List<WarmColumn> columns = target.columns();
            WarmWindowQuery query = target.query();
            Optional<Event> decided = alreadyDecided(command, table, cold, marker, started);
            if (decided.isPresent()) {
                return decided.get();
            }
            Optional<String> sql = windowSql(table, query, target.finalRead(), command);
            crashPoints.reach(CrashPoints.BEFORE_READ);
            writer = WindowWriter.open(cold, OffloadFailures.executionId(command));
            long rows = 0;
            if (sql.isPresent() && inKeyOrder(table, query)) {
                try {
                    rows = warmReader.readInKeyOrder(query, command.window(), sink(writer, cold, columns),
                            config.keyOrderStreams());
                } catch (KeyOrderException disorder) {
                    LOG.warnf("%s; reading this window again sorted by ClickHouse, and every later window of %s",
                            disorder.getMessage(), table.id());
                    sortedByServer.add(table.id());
                    metrics.readAgainSorted(table);
                    deleteQuietly(cold, writer.abort());
                    writer = WindowWriter.open(cold, OffloadFailures.executionId(command));
                    rows = warmReader.read(sql.get(), query.settings(), columns, sink(writer, cold, columns));
                }
            } else if (sql.isPresent()) {
                rows = warmReader.read(sql.get(), query.settings(), columns, sink(writer, cold, columns));
            }
            crashPoints.reach(CrashPoints.BEFORE_CLOSE_FILES);
            WrittenFiles files = writer.finish();
            crashPoints.reach(CrashPoints.BEFORE_COMMIT);
            CommitOutcome outcome = ColdCommitter.commit(cold, marker, files.dataFiles());
            committed = !outcome.repeat();
            crashPoints.reach(CrashPoints.AFTER_COMMIT);
            long durationMs = (System.nanoTime() - started) / 1_000_000;
            if (outcome.repeat()) {
                // committed meanwhile by another delivery: ours were never in the table
                deleteQuietly(cold, files.paths());
                metrics.repeat(table);
                return repeat(command, outcome, durationMs);
            }
            metrics.committed(table, rows, files.sizeInBytes(), durationMs, command.window().upper());
            LOG.infof("offloaded %s window %s: %d rows, %d files, %d bytes in %d ms (snapshot %d)", table.id(),
                    command.window(), rows, files.dataFiles().size(), files.sizeInBytes(), durationMs,
                    outcome.snapshotId());
            return new OffloadCompleted(command.commandId(), command.runId(), command.table(), command.attempt(),
                    rows, files.sizeInBytes(), files.dataFiles().size(), durationMs,
                    Optional.of(outcome.snapshotId()), outcome.marker(), false,
                    WrittenPartitions.labels(table.partition().column(), cold.specs(), files.dataFiles()));
        } catch (RuntimeException | IOException failure) {
            List<String> uncommitted = OffloadFailures.leftBehind(failure, writer, committed);
            TaskFailed failed = OffloadFailures.answer(command, failure, uncommitted);
            metrics.failed(table, failed.errorType());
            return failed;
        } finally {
            // also when an Error escapes the catch: the writer's thread must not outlive the attempt
            if (writer != null) {
                writer.close();
            }
        }
    }

    /**
     * The window's query; empty when the window holds no rows. A {@code FINAL} read of a table sorted by its time
     * column is first bounded by the window's event times (a cheap read without {@code FINAL}), so that ClickHouse
     * merges only the partitions the window touches rather than the whole table. Gold bars are computed from the
     * silver trades of the buckets the window can take (found by cheap reads too), not read from the {@code _bars}
     * view, which would aggregate all of silver first.
     */
    private Optional<String> windowSql(CatalogTable table, WarmWindowQuery query, boolean finalRead,
                                       OffloadCommand command) throws IOException {
        if (table.isGold()) {
            GoldBars bars = GoldBars.of(catalog, table);
            TradeSelection trades = GoldWindowRanges.of(warmReader, bars, command.window());
            return trades.isEmpty() ? Optional.empty() : Optional.of(query.window(command.window(), bars, trades));
        }
        if (!finalRead || !warmColumns.inSortingKey(table.warmRead(), table.timeColumn())) {
            return Optional.of(query.window(command.window()));
        }
        long[] bounds = new long[3];
        List<WarmColumn> types = List.of(
                ColdTypeMapping.column(table.warmRead(), "min", "Int64", null),
                ColdTypeMapping.column(table.warmRead(), "max", "Int64", null),
                ColdTypeMapping.column(table.warmRead(), "count", "UInt64", null));
        warmReader.read(query.timeBounds(command.window()), types, new RowSinkAdapter() {
            @Override
            public void setLong(int column, long value) {
                bounds[column] = value;
            }

            @Override
            public boolean endRow() {
                return true;
            }
        });
        return bounds[2] == 0 ? Optional.empty() : Optional.of(query.window(command.window(), bounds[0], bounds[1]));
    }

    private RowSink sink(WindowWriter writer, Table cold, List<WarmColumn> columns) {
        return crashPoints.counting(new ColdRowSink(writer, cold.schema(), columns));
    }

    /**
     * Whether to read the window part by part in key order (see {@link WarmReader#readInKeyOrder}): configured, the
     * table's key readable, and its parts not found out of order before.
     */
    private boolean inKeyOrder(CatalogTable table, WarmWindowQuery query) {
        return config.readPartsInKeyOrder() && !sortedByServer.contains(table.id())
                && WarmReader.keyOrderUnsupported(query).isEmpty();
    }

    /** A repeat or a refusal decided from the table's history before any warm read. */
    private Optional<Event> alreadyDecided(OffloadCommand command, CatalogTable table, Table cold,
                                           OffloadMarker marker, long started) {
        cold.refresh();
        MarkerCheck.Verdict verdict = MarkerCheck.check(MarkerHistory.ancestry(cold), MarkerHistory.fallback(cold), marker);
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        return switch (verdict) {
            case MarkerCheck.Repeat r -> {
                metrics.repeat(table);
                yield Optional.of(repeat(command, new CommitOutcome(true, r.snapshotId(), r.committed()), durationMs));
            }
            case MarkerCheck.Refuse r -> throw new MarkerRefusedException(r.reason(), cold.name(), r.latest().marker(),
                    command.window());
            case MarkerCheck.Lost l -> throw MarkerRefusedException.markerLost(cold.name(), l.currentSnapshot(),
                    command.window());
            case MarkerCheck.Proceed p -> Optional.empty();
        };
    }

    private static OffloadCompleted repeat(OffloadCommand command, CommitOutcome outcome, long durationMs) {
        LOG.infof("%s window %s (command %s) was already committed by snapshot %d: nothing written", command.table(),
                command.window(), command.commandId(), outcome.snapshotId());
        return new OffloadCompleted(command.commandId(), command.runId(), command.table(), command.attempt(),
                0, 0, 0, durationMs, Optional.of(outcome.snapshotId()), outcome.marker(), true);
    }

    private static void deleteQuietly(Table cold, List<String> paths) {
        for (String path : paths) {
            try {
                cold.io().deleteFile(path);
            } catch (RuntimeException e) {
                LOG.debugf("could not delete uncommitted file %s: %s", path, e.getMessage());
            }
        }
    }
}
