package io.k2.floe.offload.bench;

import io.k2.floe.tiering.messages.OffloadCommand;
import io.k2.floe.tiering.messages.OffloadCompleted;
import io.k2.floe.tiering.messages.TaskEvent;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.messages.Window;
import io.k2.floe.tiering.testing.bench.BenchException;
import io.k2.floe.tiering.testing.bench.CommandExchange;

import java.time.Duration;
import java.time.Instant;

/**
 * One {@link OffloadCommand} for the bench window through the real worker process ({@link CommandExchange}), and the
 * figures of its answer.
 *
 * <p>Arguments: {@code COMMANDS_TOPIC EVENTS_TOPIC GROUP LOWER UPPER COMMAND_ID TIMEOUT_S WORKER_PID CLICKHOUSE_PID
 * CLK_TCK}.
 */
final class OffloadRoundTrip {

    private OffloadRoundTrip() {
    }

    static void main(String[] args) throws Exception {
        if (args.length != 10) {
            throw new BenchException("usage: offload COMMANDS EVENTS GROUP LOWER UPPER COMMAND_ID TIMEOUT_S"
                    + " WORKER_PID CLICKHOUSE_PID CLK_TCK");
        }
        Window window = new Window(Instant.parse(args[3]), Instant.parse(args[4]));
        String commandId = args[5];
        OffloadCommand command = OffloadCommand.normal(commandId, "bench-" + commandId, BenchWindow.TABLE, 1, window,
                Instant.now());
        System.err.println("bench: offloading window " + window);
        TaskEvent answer = CommandExchange.exchange(args[0], args[1], args[2], command,
                Duration.ofSeconds(Long.parseLong(args[6])), Long.parseLong(args[7]), Long.parseLong(args[8]),
                Double.parseDouble(args[9]));
        switch (answer) {
            case OffloadCompleted done -> {
                System.out.println("outcome=completed");
                System.out.println("rows=" + done.rows());
                System.out.println("bytes=" + done.bytes());
                System.out.println("data_files=" + done.dataFiles());
                System.out.println("duration_ms=" + done.durationMs());
                System.out.println("snapshot_id=" + done.snapshotId().map(String::valueOf).orElse(""));
                System.out.println("repeat=" + done.repeat());
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
