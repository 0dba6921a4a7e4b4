package io.k2.floe.audit.bench;

import io.k2.floe.tiering.messages.AuditCommand;
import io.k2.floe.tiering.messages.AuditCompleted;
import io.k2.floe.tiering.messages.PartitionVerdict;
import io.k2.floe.tiering.messages.TaskEvent;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.testing.bench.BenchException;
import io.k2.floe.tiering.testing.bench.CommandExchange;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One {@link AuditCommand} for the bench partition at the given cold snapshot through the real auditor process
 * ({@link CommandExchange}), and the figures of its answer: the event's {@code durationMs} and each partition's
 * verdict with the rows and checksums of both sides.
 *
 * <p>Arguments: {@code COMMANDS_TOPIC EVENTS_TOPIC GROUP PARTITION SNAPSHOT_ID COMMAND_ID TIMEOUT_S AUDITOR_PID
 * CLICKHOUSE_PID CLK_TCK}.
 */
final class AuditRoundTrip {

    private AuditRoundTrip() {
    }

    static void main(String[] args) throws Exception {
        if (args.length != 10) {
            throw new BenchException("usage: audit COMMANDS EVENTS GROUP PARTITION SNAPSHOT_ID COMMAND_ID TIMEOUT_S"
                    + " AUDITOR_PID CLICKHOUSE_PID CLK_TCK");
        }
        String commandId = args[5];
        AuditCommand command = new AuditCommand(commandId, "bench-" + commandId, AuditBench.TABLE, 1,
                List.of(args[3]), Optional.empty(), Optional.of(Long.parseLong(args[4])), Instant.now());
        TaskEvent answer = CommandExchange.exchange(args[0], args[1], args[2], command,
                Duration.ofSeconds(Long.parseLong(args[6])), Long.parseLong(args[7]), Long.parseLong(args[8]),
                Double.parseDouble(args[9]));
        switch (answer) {
            case AuditCompleted done -> {
                System.out.println("outcome=completed");
                System.out.println("duration_ms=" + done.durationMs());
                System.out.println("snapshot_id=" + done.coldSnapshotId().map(String::valueOf).orElse(""));
                System.out.println("up_to=" + done.upTo().map(Instant::toString).orElse(""));
                System.out.println("partitions=" + done.verdicts().size());
                System.out.println("all_equal=" + done.allEqual());
                for (PartitionVerdict v : done.verdicts()) {
                    String p = "verdict." + v.partition() + ".";
                    System.out.println(p + "equal=" + v.equal());
                    System.out.println(p + "warm_rows=" + v.warmRows());
                    System.out.println(p + "cold_rows=" + v.coldRows());
                    System.out.println(p + "warm_checksum=" + v.warmChecksum().orElse(""));
                    System.out.println(p + "cold_checksum=" + v.coldChecksum().orElse(""));
                    System.out.println(p + "warm_time=" + v.warmMinTime().map(Instant::toString).orElse("") + ".."
                            + v.warmMaxTime().map(Instant::toString).orElse(""));
                    System.out.println(p + "cold_time=" + v.coldMinTime().map(Instant::toString).orElse("") + ".."
                            + v.coldMaxTime().map(Instant::toString).orElse(""));
                }
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
