package io.k2.floe.tiering.messages;

import java.time.Instant;
import java.util.Optional;

/**
 * Warm retention dropped one warm partition from ClickHouse (R-RETENTION, docs/requirements.md), after proving it: the auditor's
 * latest verdict was equal at a cold snapshot whose files for the partition are still the current ones, and the warm
 * partition still held the verdict's rows and checksum right before the drop. Published by the maintenance worker for
 * every partition dropped, before the command's {@link MaintenanceCompleted}; a partition whose drop is finished after
 * a crash, or reported again for a redelivered command, is published again (readers key on table and partition).
 *
 * @param table           the catalog table
 * @param partition       the cold partition label, e.g. {@code 2026-11-20}
 * @param warmPartitionId ClickHouse's id of the dropped partition of the warm table, e.g. {@code 20261120}
 * @param rows            rows the warm partition held (the verdict's, checked right before the drop)
 * @param checksum        their content checksum (docs/audit.md), unsigned decimal
 * @param coldSnapshotId  the cold snapshot the verdict was taken at, where the rows now live
 * @param auditedAt       when that verdict was taken
 * @param droppedAt       when the drop was recorded done
 * @param commandId       the retention command
 * @param runId           its run
 */
public record WarmPartitionDropped(String table, String partition, String warmPartitionId, long rows, String checksum,
                                   long coldSnapshotId, Instant auditedAt, Instant droppedAt, String commandId,
                                   String runId) implements Event {

    public WarmPartitionDropped {
        Check.table("table", table);
        Check.matching("partition", partition, Check.PARTITION, "a partition label (e.g. 2024-05-01)");
        Check.matching("warmPartitionId", warmPartitionId, Check.PARTITION, "a ClickHouse partition id (e.g. 20240501)");
        Check.notNegative("rows", rows);
        Check.text("checksum", checksum);
        Check.present("auditedAt", auditedAt);
        Check.present("droppedAt", droppedAt);
        Check.id("commandId", commandId);
        Check.id("runId", runId);
    }

    @Override
    public Optional<String> subject() {
        return Optional.of(table);
    }
}
