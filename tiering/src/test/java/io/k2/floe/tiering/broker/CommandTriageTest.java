package io.k2.floe.tiering.broker;

import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.AuditCommand;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.MessageCodec;
import io.k2.floe.tiering.messages.OffloadCommand;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.messages.TaskKind;
import io.k2.floe.tiering.messages.Window;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CommandTriageTest {

    private static final RecordOrigin ORIGIN = new RecordOrigin("floe.commands.offload", 3, 1234);
    private final MessageCodec codec = new MessageCodec();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    /** The worker reads the commands 20 minutes after "now" at the latest: max age 20 min. */
    private final Clock readAt = Clock.fixed(now.plus(Duration.ofMinutes(20)), ZoneOffset.UTC);
    private final CommandTriage triage = new CommandTriage(codec, TableCatalog.load(), readAt, Duration.ofMinutes(20));

    @Test
    void aCommandOlderThanTheMaxAgeIsAnsweredStaleAndNotExecuted() {
        OffloadCommand command = OffloadCommand.normal("c-old", "run-1", "bronze_trades_binance", 2,
                new Window(now.minus(30, ChronoUnit.MINUTES), now.minus(15, ChronoUnit.MINUTES)),
                now.minus(Duration.ofMillis(1)));

        CommandTriage.Verdict verdict = triage.triage(TaskKind.OFFLOAD, ORIGIN, bytes(codec.encode("/test", command)));

        assertThat(verdict).isInstanceOf(CommandTriage.Rejected.class);
        CommandTriage.Rejected rejected = (CommandTriage.Rejected) verdict;
        assertThat(rejected.deadLetter()).as("a well-formed command is no dead letter").isFalse();
        assertThat(rejected.answer().errorType()).isEqualTo(ErrorTypes.STALE_COMMAND);
        assertThat(rejected.answer().commandId()).isEqualTo("c-old");
        assertThat(rejected.answer().attempt()).isEqualTo(2);
        assertThat(rejected.answer().message()).contains("attempt 2", "issued at " + command.issuedAt(), "PT20M",
                "not executed");
    }

    @Test
    void aCommandExactlyAsOldAsTheMaxAgeIsStillExecuted() {
        OffloadCommand command = offload("c-edge", "bronze_trades_binance"); // issued at now, read 20 min later

        assertThat(triage.triage(TaskKind.OFFLOAD, ORIGIN, bytes(codec.encode("/test", command))))
                .isEqualTo(new CommandTriage.Accepted(command));
    }

    @Test
    void aValidCommandOfTheWorkersKindForAKnownTableIsAccepted() {
        OffloadCommand command = offload("c-1", "bronze_trades_binance");

        CommandTriage.Verdict verdict = triage.triage(TaskKind.OFFLOAD, ORIGIN, bytes(codec.encode("/test", command)));

        assertThat(verdict).isEqualTo(new CommandTriage.Accepted(command));
    }

    @Test
    void anUnknownTableIsRejectedNamingTheTableWithoutDeadLetter() {
        CommandTriage.Verdict verdict = triage.triage(TaskKind.OFFLOAD, ORIGIN,
                bytes(codec.encode("/test", offload("c-2", "bronze_trades_nowhere"))));

        CommandTriage.Rejected rejected = (CommandTriage.Rejected) verdict;
        assertThat(rejected.deadLetter()).isFalse();
        assertThat(rejected.answer().commandId()).isEqualTo("c-2");
        assertThat(rejected.answer().errorType()).isEqualTo(ErrorTypes.UNKNOWN_TABLE);
        assertThat(rejected.answer().message()).contains("bronze_trades_nowhere");
    }

    @Test
    void aCommandOfAnotherKindIsMalformedHereAndDeadLettered() {
        AuditCommand audit = AuditCommand.ofPartitions("c-3", "run-1", "silver_trades", 1, List.of("2024-05-01"), now);

        CommandTriage.Rejected rejected = (CommandTriage.Rejected) triage.triage(TaskKind.OFFLOAD, ORIGIN,
                bytes(codec.encode("/test", audit)));

        assertThat(rejected.deadLetter()).isTrue();
        assertThat(rejected.answer().errorType()).isEqualTo(ErrorTypes.MALFORMED_COMMAND);
        assertThat(rejected.answer().commandId()).isEqualTo("c-3");
        assertThat(rejected.answer().message()).contains("audit command arrived on floe.commands.offload");
    }

    @Test
    void aBrokenCommandKeepsWhatCouldBeSalvaged() {
        String broken = codec.encode("/test", offload("c-4", "bronze_trades_binance"))
                .replaceFirst("\"attempt\"\\s*:\\s*1", "\"attempt\":\"first\"");

        CommandTriage.Rejected rejected = (CommandTriage.Rejected) triage.triage(TaskKind.OFFLOAD, ORIGIN, bytes(broken));

        TaskFailed answer = rejected.answer();
        assertThat(rejected.deadLetter()).isTrue();
        assertThat(answer.errorType()).isEqualTo(ErrorTypes.MALFORMED_COMMAND);
        assertThat(answer.commandId()).isEqualTo("c-4");
        assertThat(answer.table()).isEqualTo("bronze_trades_binance");
        assertThat(answer.message()).contains("attempt");
    }

    @Test
    void garbageIsAnsweredUnderItsBrokerPosition() {
        CommandTriage.Rejected rejected = (CommandTriage.Rejected) triage.triage(TaskKind.MAINTENANCE, ORIGIN,
                bytes("definitely not json"));

        assertThat(rejected.deadLetter()).isTrue();
        assertThat(rejected.answer().commandId()).isEqualTo("unidentified:floe.commands.offload/3@1234");
        assertThat(rejected.answer().kind()).isEqualTo(TaskKind.MAINTENANCE);
        assertThat(rejected.answer().errorType()).isEqualTo(ErrorTypes.MALFORMED_COMMAND);
        assertThat(rejected.answer().message()).contains("floe.commands.offload/3@1234");
    }

    @Test
    void anEventOnACommandTopicIsNotAnsweredOnlyDeadLettered() {
        TaskFailed event = new TaskFailed("c-5", "run-1", "silver_trades", TaskKind.AUDIT, 1, ErrorTypes.INTERNAL,
                "an event sent to the wrong topic", List.of());

        CommandTriage.Verdict verdict = triage.triage(TaskKind.OFFLOAD, ORIGIN, bytes(codec.encode("/test", event)));

        assertThat(verdict).isInstanceOf(CommandTriage.NotACommand.class);
        assertThat(((CommandTriage.NotACommand) verdict).problem()).contains("floe.commands.offload/3@1234");
    }

    @Test
    void emptyAndNonUtf8PayloadsAreMalformed() {
        CommandTriage.Rejected empty = (CommandTriage.Rejected) triage.triage(TaskKind.AUDIT, ORIGIN, null);
        CommandTriage.Rejected binary = (CommandTriage.Rejected) triage.triage(TaskKind.AUDIT, ORIGIN,
                new byte[] {(byte) 0xC3, (byte) 0x28, 0x01});

        assertThat(empty.answer().message()).startsWith("empty message on floe.commands.offload");
        assertThat(binary.answer().message()).startsWith("message on floe.commands.offload is not UTF-8 text (3 bytes");
    }

    private OffloadCommand offload(String commandId, String table) {
        return OffloadCommand.normal(commandId, "run-1", table, 1, new Window(now.minus(15, ChronoUnit.MINUTES), now), now);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
