package io.k2.floe.maintenance.bench;

import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.MaintenanceCommand;
import io.k2.floe.tiering.messages.MaintenanceCompleted;
import io.k2.floe.tiering.messages.TaskEvent;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.testing.bench.BenchException;
import io.k2.floe.tiering.testing.bench.CommandExchange;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One {@code COMPACT} {@link MaintenanceCommand} for every closed partition of the bench table through the real
 * maintenance worker process ({@link CommandExchange}), and the figures of its answer.
 *
 * <p>Arguments: {@code COMMANDS_TOPIC EVENTS_TOPIC GROUP COMMAND_ID TIMEOUT_S WORKER_PID CLICKHOUSE_PID CLK_TCK}.
 */
final class CompactionRoundTrip {

    private CompactionRoundTrip() {
    }

    static void main(String[] args) throws Exception {
        if (args.length != 8) {
            throw new BenchException("usage: compact COMMANDS EVENTS GROUP COMMAND_ID TIMEOUT_S WORKER_PID"
                    + " CLICKHOUSE_PID CLK_TCK");
        }
        String commandId = args[3];
        MaintenanceCommand command = new MaintenanceCommand(commandId, "bench-" + commandId, MaintenanceBench.TABLE, 1,
                MaintenanceAction.COMPACT, List.of(), Map.of(), Instant.now());
        System.err.println("bench: compacting every closed partition of " + MaintenanceBench.TABLE);
        TaskEvent answer = CommandExchange.exchange(args[0], args[1], args[2], command,
                Duration.ofSeconds(Long.parseLong(args[4])), Long.parseLong(args[5]), Long.parseLong(args[6]),
                Double.parseDouble(args[7]));
        switch (answer) {
            case MaintenanceCompleted done -> {
                System.out.println("outcome=completed");
                System.out.println("duration_ms=" + done.durationMs());
                System.out.println("partitions=" + String.join(",", done.partitions()));
                done.results().forEach((name, value) -> System.out.println("result_" + name + "=" + value));
                System.out.println("snapshot_id=" + done.snapshotId().map(String::valueOf).orElse(""));
            }
            case TaskFailed failed -> {
                System.out.println("outcome=failed");
                System.out.println("error_type=" + failed.errorType());
                System.out.println("error=" + failed.message().replace('\n', ' '));
            }
            default -> System.out.println("outcome=unexpected " + answer.getClass().getSimpleName());
        }
    }
}
