package io.k2.floe.tiering.messages;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Run one maintenance action on a table.
 *
 * @param commandId  unique task id, kept across retries
 * @param runId      coordinator run
 * @param table      catalog table id
 * @param attempt    delivery attempt, from 1
 * @param action     what to do
 * @param partitions the partitions to act on (labels such as {@code 2024-05-01}); empty means the
 *                   action's own default (e.g. every closed partition for COMPACT). Required, non-empty,
 *                   for DROP_WARM_PARTITIONS, so that nothing is ever dropped by omission.
 * @param options    action options as text, e.g. {@code older-than=P7D}, {@code retain-last=5},
 *                   {@code target-file-size-bytes=134217728}; the worker documents and checks them
 * @param issuedAt   when the coordinator issued this attempt
 */
public record MaintenanceCommand(
        String commandId,
        String runId,
        String table,
        int attempt,
        MaintenanceAction action,
        List<String> partitions,
        Map<String, String> options,
        Instant issuedAt) implements Command {

    public MaintenanceCommand {
        Check.id("commandId", commandId);
        Check.id("runId", runId);
        Check.table("table", table);
        Check.attempt(attempt);
        Check.present("action", action);
        partitions = Check.partitions("partitions", partitions);
        options = Check.keyed("options", options);
        if (action == MaintenanceAction.DROP_WARM_PARTITIONS && partitions.isEmpty()) {
            throw new IllegalArgumentException("partitions must list at least one partition for DROP_WARM_PARTITIONS");
        }
        Check.present("issuedAt", issuedAt);
    }

    /** The same command as a later attempt. */
    public MaintenanceCommand retry(int nextAttempt, Instant at) {
        return new MaintenanceCommand(commandId, runId, table, nextAttempt, action, partitions, options, at);
    }

    @Override
    public TaskKind kind() {
        return TaskKind.MAINTENANCE;
    }
}
