package io.k2.floe.tiering.messages;

import java.time.Instant;
import java.util.Optional;

/**
 * Offload one window of a table from the warm tier to the cold tier, in one Iceberg commit that
 * also records the {@link OffloadMarker}.
 *
 * @param commandId  unique task id, kept across retries
 * @param runId      coordinator run
 * @param table      catalog table id
 * @param attempt    delivery attempt, from 1
 * @param window     rows with {@code window.lower < ordering column <= window.upper}
 * @param offloadKind NORMAL, BACKFILL or REPAIR
 * @param partition  REPAIR only (and required there): the cold partition to re-read from the warm
 *                   tier and replace, as a partition label such as {@code 2024-05-01}
 * @param issuedAt   when the coordinator issued this attempt
 */
public record OffloadCommand(
        String commandId,
        String runId,
        String table,
        int attempt,
        Window window,
        OffloadKind offloadKind,
        Optional<String> partition,
        Instant issuedAt) implements Command {

    public OffloadCommand {
        Check.id("commandId", commandId);
        Check.id("runId", runId);
        Check.table("table", table);
        Check.attempt(attempt);
        Check.present("window", window);
        Check.present("offloadKind", offloadKind);
        partition = Check.optional(partition);
        partition.ifPresent(p -> Check.matching("partition", p, Check.PARTITION, "a partition label (e.g. 2024-05-01)"));
        if (offloadKind == OffloadKind.REPAIR && partition.isEmpty()) {
            throw new IllegalArgumentException("partition is required when offloadKind is REPAIR");
        }
        if (offloadKind != OffloadKind.REPAIR && partition.isPresent()) {
            throw new IllegalArgumentException("partition is only allowed when offloadKind is REPAIR, not " + offloadKind);
        }
        Check.present("issuedAt", issuedAt);
    }

    /** A NORMAL offload of {@code window}. */
    public static OffloadCommand normal(String commandId, String runId, String table, int attempt, Window window,
                                        Instant issuedAt) {
        return new OffloadCommand(commandId, runId, table, attempt, window, OffloadKind.NORMAL, Optional.empty(), issuedAt);
    }

    /** The same command as a later attempt (same command id, so the worker's idempotency applies). */
    public OffloadCommand retry(int nextAttempt, Instant at) {
        return new OffloadCommand(commandId, runId, table, nextAttempt, window, offloadKind, partition, at);
    }

    @Override
    public TaskKind kind() {
        return TaskKind.OFFLOAD;
    }
}
