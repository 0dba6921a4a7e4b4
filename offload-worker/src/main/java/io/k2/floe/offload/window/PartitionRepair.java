package io.k2.floe.offload.window;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.catalog.TimeBounds;
import io.k2.floe.tiering.cold.ColdPartitionReplace;
import io.k2.floe.tiering.cold.ColdRowSink;
import io.k2.floe.tiering.cold.MarkerAt;
import io.k2.floe.tiering.cold.MarkerHistory;
import io.k2.floe.tiering.cold.MarkerRefusedException;
import io.k2.floe.tiering.cold.WindowWriter;
import io.k2.floe.tiering.cold.WrittenFiles;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.OffloadCommand;
import io.k2.floe.tiering.messages.OffloadCompleted;
import io.k2.floe.tiering.messages.OffloadMarker;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.warm.GoldBars;
import io.k2.floe.tiering.warm.WarmReader;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A REPAIR command: re-reads one cold partition from the warm tier and replaces it atomically (R-GOLD-FINAL in docs/requirements.md;
 * docs/exactly-once.md, "Repairs").
 *
 * <p>The partition is re-read as far as the table's windows reach, i.e. up to its latest marker: every row the
 * windows have offloaded into it, with the warm tier's current values, and no row a later window will bring. The
 * command's window must not reach past the marker (it would ask for rows no window has offloaded yet). Before the
 * commit, {@link RepairGuard} checks that the warm side still holds every row key of the cold partition; when it does
 * not (the warm tier has forgotten part of the partition), the repair is refused {@code REPAIR_WOULD_LOSE_ROWS} and
 * its files are deleted.
 */
@ApplicationScoped
public class PartitionRepair {

    private static final Logger LOG = Logger.getLogger(PartitionRepair.class);

    private final TableCatalog catalog;
    private final OffloadTargets targets;
    private final WarmReader warmReader;
    private final OffloadMetrics metrics;
    private final RepairGuard guard;

    public PartitionRepair(TableCatalog catalog, OffloadTargets targets, WarmReader warmReader, OffloadMetrics metrics,
                           RepairGuard guard) {
        this.catalog = catalog;
        this.targets = targets;
        this.warmReader = warmReader;
        this.metrics = metrics;
        this.guard = guard;
    }

    /** Runs the repair to its end and returns its answer. Blocking. */
    public Event repair(OffloadCommand command) {
        long started = System.nanoTime();
        CatalogTable table = catalog.get(command.table());
        String label = command.partition().orElseThrow();
        WindowWriter writer = null;
        boolean committed = false;
        try {
            // a label outside the supported span would overflow in the warm tier's DateTime64 bounds: fail it here
            TimeBounds.requirePartition(table.partition(), label);
            Instant start = table.partition().startOf(label);
            Instant end = table.partition().endOf(label);
            OffloadTargets.Target target = targets.prepare(table);
            Table cold = target.cold();
            Optional<Long> done = ColdPartitionReplace.committedBy(cold, command.commandId());
            Optional<MarkerAt> latest = MarkerHistory.latest(cold);
            if (latest.isEmpty() && cold.currentSnapshot() != null) {
                throw MarkerRefusedException.markerLost(cold.name(), cold.currentSnapshot().snapshotId(),
                        command.window());
            }
            if (latest.isEmpty()) {
                return TaskFailed.of(command, ErrorTypes.WINDOW_GAP, "cannot repair partition " + label + " of "
                        + cold.name() + ": no window has been offloaded into the table yet");
            }
            OffloadMarker marker = latest.get().marker();
            if (done.isPresent()) {
                metrics.repeat(table);
                return completed(command, 0, 0, 0, started, done.get(), marker, true);
            }
            if (command.window().upper().isAfter(marker.windowUpper())) {
                throw new MarkerRefusedException(MarkerRefusedException.Reason.GAP, cold.name(), marker, command.window());
            }
            Snapshot readAt = cold.currentSnapshot();
            // gold bars from the silver trades of the partition's closed buckets, not from the view over all of silver
            String sql = table.isGold()
                    ? target.query().partition(label, marker.windowUpper(), GoldBars.of(catalog, table))
                    : target.query().partition(label, marker.windowUpper());
            writer = WindowWriter.open(cold, OffloadFailures.executionId(command));
            long rows = warmReader.read(sql, target.query().settings(), target.columns(),
                    new ColdRowSink(writer, cold.schema(), target.columns()));
            WrittenFiles files = writer.finish();
            // the warm side must still hold every row the cold partition has, or the replacement would lose them
            RepairGuard.KeyCount keys = guard.compare(table, target.columns(), cold, readAt, start, end, sql,
                    target.query().settings());
            if (keys.missing() > 0) {
                throw new RepairWouldLoseRowsException(table.id() + " partition " + label + ": the warm tier lacks "
                        + keys.missing() + " of the " + keys.coldKeys() + " row keys the cold partition holds ("
                        + keys.coldRows() + " rows at snapshot " + readAt.snapshotId() + "; the repair read " + rows
                        + " rows from " + table.warmRead() + (table.isGold() ? "'s silver trades" : "")
                        + "): replacing the partition would lose them; nothing was committed");
            }
            long snapshot = ColdPartitionReplace.replace(cold, table.partition().column(), start, end,
                    readAt == null ? null : readAt.snapshotId(), files.dataFiles(), Map.of(
                            ColdPartitionReplace.SUMMARY_COMMAND_ID, command.commandId(),
                            ColdPartitionReplace.SUMMARY_RUN_ID, command.runId(),
                            ColdPartitionReplace.SUMMARY_PARTITION, label,
                            ColdPartitionReplace.SUMMARY_UPPER, marker.windowUpper().toString()));
            committed = true;
            LOG.infof("repaired %s partition %s from the warm tier up to %s: %d rows, %d files (snapshot %d)",
                    table.id(), label, marker.windowUpper(), rows, files.dataFiles().size(), snapshot);
            return completed(command, rows, files.sizeInBytes(), files.dataFiles().size(), started, snapshot, marker,
                    false);
        } catch (RuntimeException | IOException failure) {
            TaskFailed failed = OffloadFailures.answer(command, failure,
                    OffloadFailures.leftBehind(failure, writer, committed));
            metrics.failed(table, failed.errorType());
            return failed;
        } finally {
            // also when an Error escapes the catch: the writer's thread must not outlive the attempt
            if (writer != null) {
                writer.close();
            }
        }
    }

    /** A repair names the partition it replaced, even when the warm tier no longer holds a row of it. */
    private static OffloadCompleted completed(OffloadCommand command, long rows, long bytes, int files, long started,
                                              long snapshot, OffloadMarker marker, boolean repeat) {
        return new OffloadCompleted(command.commandId(), command.runId(), command.table(), command.attempt(), rows,
                bytes, files, (System.nanoTime() - started) / 1_000_000, Optional.of(snapshot), marker, repeat,
                repeat ? List.of() : List.of(command.partition().orElseThrow()));
    }
}
