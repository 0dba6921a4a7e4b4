package io.k2.floe.tiering.broker;

import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.catalog.UnknownTableException;
import io.k2.floe.tiering.messages.Command;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.MalformedMessageException;
import io.k2.floe.tiering.messages.MessageCodec;
import io.k2.floe.tiering.messages.MessageType;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.messages.TaskKind;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides what a worker does with one raw message from its command topic, before any work: a valid
 * command of the worker's kind for a table in the catalog is accepted; anything else is rejected with the
 * {@code TaskFailed} to publish, and malformed input is also marked for the dead-letter topic.
 * Pure logic (no I/O), so it is unit-tested without a broker.
 *
 * <p>A malformed message without a readable command id is still answered, so that the coordinator and
 * alerting hear of it: its answer's command id is {@value #UNIDENTIFIED} followed by the message's position
 * on the broker ({@code topic/partition@offset}), which also finds its dead-letter copy. An <em>event</em>
 * that arrived on a command topic is not answered (it is no failed command; see docs/messages.md), only
 * dead-lettered.
 */
public final class CommandTriage {

    /** Prefix of the command id given to answers of messages whose own command id could not be read. */
    public static final String UNIDENTIFIED = "unidentified:";

    /** The outcome of triage. */
    public sealed interface Verdict {
    }

    /** A command this worker should perform. */
    public record Accepted(Command command) implements Verdict {
    }

    /**
     * A command this worker refuses.
     *
     * @param answer     the failed event to publish
     * @param deadLetter whether a copy of the raw message belongs on the dead-letter topic
     */
    public record Rejected(TaskFailed answer, boolean deadLetter) implements Verdict {
    }

    /**
     * Something that is no command at all and gets no answer, only a dead-letter copy.
     *
     * @param problem what it is and why it is not answered
     */
    public record NotACommand(String problem) implements Verdict {
    }

    private final MessageCodec codec;
    private final TableCatalog catalog;
    private final Clock clock;
    private final Duration maxAge;

    /**
     * @param maxAge how old (since its {@code issuedAt}) a command may be when read and still be executed; older ones
     *               are answered {@link ErrorTypes#STALE_COMMAND}
     */
    public CommandTriage(MessageCodec codec, TableCatalog catalog, Clock clock, Duration maxAge) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("command max age must be positive, got " + maxAge);
        }
        this.codec = codec;
        this.catalog = catalog;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /**
     * @param kind    the kind of task this worker performs
     * @param origin  where the message was read from
     * @param payload the raw message value, possibly null (a tombstone) or not even text
     */
    public Verdict triage(TaskKind kind, RecordOrigin origin, byte[] payload) {
        Optional<String> text = MessageText.utf8(payload);
        if (text.isEmpty()) {
            return unidentified(kind, origin, MessageText.whyNotText(payload, origin.topic()));
        }
        Command command;
        try {
            command = codec.decodeCommand(text.get());
        } catch (MalformedMessageException e) {
            return malformed(kind, origin, e);
        }
        if (command.kind() != kind) {
            return new Rejected(TaskFailed.of(command, ErrorTypes.MALFORMED_COMMAND,
                    "a " + lower(command.kind()) + " command arrived on " + origin.topic() + ", which carries "
                            + lower(kind) + " commands only; it was not executed"), true);
        }
        if (!catalog.contains(command.table())) {
            String problem = new UnknownTableException(command.table(), catalog.ids()).getMessage();
            return new Rejected(TaskFailed.of(command, ErrorTypes.UNKNOWN_TABLE, problem), false);
        }
        Instant now = clock.instant();
        Duration age = Duration.between(command.issuedAt(), now);
        if (age.compareTo(maxAge) > 0) {
            // A redelivery from a backlog: the coordinator has re-sent this task (a newer attempt) or given up by now,
            // and executing it would race the newer attempt for nothing.
            return new Rejected(TaskFailed.of(command, ErrorTypes.STALE_COMMAND, "attempt " + command.attempt()
                    + " was issued at " + command.issuedAt() + " and read at " + now + ", " + age.toSeconds()
                    + " s later: older than floe.commands.max-age (" + maxAge + "); not executed"), false);
        }
        return new Accepted(command);
    }

    private static Verdict malformed(TaskKind kind, RecordOrigin origin, MalformedMessageException e) {
        Optional<TaskFailed> answer = e.toTaskFailed(kind);
        if (answer.isPresent()) {
            return new Rejected(answer.get(), true);
        }
        boolean event = e.type().flatMap(MessageType::fromType).map(type -> !type.isCommand()).orElse(false);
        if (event) {
            return new NotACommand(e.getMessage() + " (an event on " + origin + "; not answered)");
        }
        return new Rejected(new TaskFailed(UNIDENTIFIED + origin, e.runId().orElse(null), e.table().orElse(null),
                e.kind().orElse(kind), e.attempt().orElse(0), ErrorTypes.MALFORMED_COMMAND,
                e.getMessage() + " (no commandId could be read; see " + origin + " on the dead-letter topic)",
                List.of()), true);
    }

    private static Rejected unidentified(TaskKind kind, RecordOrigin origin, String problem) {
        return new Rejected(new TaskFailed(UNIDENTIFIED + origin, null, null, kind, 0, ErrorTypes.MALFORMED_COMMAND,
                problem + " (see " + origin + " on the dead-letter topic)", List.of()), true);
    }

    private static String lower(TaskKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
