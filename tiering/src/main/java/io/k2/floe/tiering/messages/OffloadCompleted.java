package io.k2.floe.tiering.messages;

import java.util.List;
import java.util.Optional;

/**
 * An offload command's window is in the cold table.
 *
 * @param commandId  the command answered
 * @param runId      its run
 * @param table      its table
 * @param attempt    its attempt
 * @param rows       rows committed by this attempt (0 for a repeat)
 * @param bytes      bytes of data files committed by this attempt (0 for a repeat)
 * @param dataFiles  data files committed by this attempt (0 for a repeat)
 * @param durationMs wall time of the attempt
 * @param snapshotId the Iceberg snapshot that holds the window (for a repeat: the earlier one);
 *                   empty only when no snapshot was committed
 * @param marker     the table's marker after this window
 * @param repeat     true when the window or command had already been committed, so nothing was written
 * @param partitions labels of the cold partitions this attempt wrote rows into (for a repair: the repaired
 *                   partition); empty for a repeat, an empty window, and from senders that predate the field
 */
public record OffloadCompleted(
        String commandId,
        String runId,
        String table,
        int attempt,
        long rows,
        long bytes,
        int dataFiles,
        long durationMs,
        Optional<Long> snapshotId,
        OffloadMarker marker,
        boolean repeat,
        List<String> partitions) implements TaskEvent {

    public OffloadCompleted {
        Check.id("commandId", commandId);
        Check.id("runId", runId);
        Check.table("table", table);
        Check.attempt(attempt);
        Check.notNegative("rows", rows);
        Check.notNegative("bytes", bytes);
        Check.notNegative("dataFiles", dataFiles);
        Check.notNegative("durationMs", durationMs);
        snapshotId = Check.optional(snapshotId);
        Check.present("marker", marker);
        partitions = Check.partitions("partitions", partitions);
    }

    /** An event that names no partition (a repeat, an empty window). */
    public OffloadCompleted(String commandId, String runId, String table, int attempt, long rows, long bytes,
                            int dataFiles, long durationMs, Optional<Long> snapshotId, OffloadMarker marker,
                            boolean repeat) {
        this(commandId, runId, table, attempt, rows, bytes, dataFiles, durationMs, snapshotId, marker, repeat,
                List.of());
    }

    @Override
    public TaskKind kind() {
        return TaskKind.OFFLOAD;
    }
}
