package io.k2.floe.tiering.verdicts;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * One warm partition that warm retention drops or has dropped, as {@link WarmDrops} keeps it: written
 * {@link State#DROPPING} before ClickHouse's {@code DROP PARTITION}, {@link State#DROPPED} after it. Instants are kept
 * to the microsecond, PostgreSQL's precision.
 *
 * @param tableId         the catalog id of the table
 * @param partition       the cold partition label, e.g. {@code 2026-11-20}
 * @param warmPartitionId ClickHouse's partition id of the warm table, e.g. {@code 20261120}
 * @param state           how far the drop went
 * @param rows            rows the warm partition held (the verdict's warm rows, checked right before the drop)
 * @param checksum        their content checksum (the verdict's)
 * @param coldSnapshotId  the cold snapshot of the verdict that allowed the drop
 * @param auditedAt       when that verdict was taken
 * @param runId           the retention command's run
 * @param commandId       the retention command
 * @param startedAt       when {@code DROPPING} was written
 * @param droppedAt       when {@code DROPPED} was written; empty while dropping
 */
public record WarmDrop(String tableId, String partition, String warmPartitionId, State state, long rows,
                       String checksum, long coldSnapshotId, Instant auditedAt, String runId, String commandId,
                       Instant startedAt, Optional<Instant> droppedAt) {

    /** How far a drop went. */
    public enum State {
        /** Recorded before the {@code ALTER}; the partition may or may not be gone. */
        DROPPING,
        /** The {@code ALTER} returned: the partition is gone. */
        DROPPED
    }

    public WarmDrop {
        Objects.requireNonNull(tableId, "tableId");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(warmPartitionId, "warmPartitionId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(checksum, "checksum");
        auditedAt = Objects.requireNonNull(auditedAt, "auditedAt").truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(commandId, "commandId");
        startedAt = Objects.requireNonNull(startedAt, "startedAt").truncatedTo(ChronoUnit.MICROS);
        droppedAt = Objects.requireNonNull(droppedAt, "droppedAt").map(t -> t.truncatedTo(ChronoUnit.MICROS));
        if (rows < 0) {
            throw new IllegalArgumentException("rows must not be negative, got " + rows);
        }
        if ((state == State.DROPPED) != droppedAt.isPresent()) {
            throw new IllegalArgumentException("droppedAt is set exactly when the state is DROPPED");
        }
    }

    /** This drop, done at {@code at}. */
    public WarmDrop dropped(Instant at) {
        return new WarmDrop(tableId, partition, warmPartitionId, State.DROPPED, rows, checksum, coldSnapshotId,
                auditedAt, runId, commandId, startedAt, Optional.of(at));
    }
}
