package io.k2.floe.tiering.messages;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A message that Floe cannot accept. {@link #getMessage()} says what is wrong, naming the field and
 * value. Whatever could be read before the problem was found (command id, run id, table, attempt,
 * type) is kept, so that a worker can still answer the command with a {@link TaskFailed}
 * ({@link #toTaskFailed(TaskKind)}).
 */
public class MalformedMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String type;
    private final String commandId;
    private final String runId;
    private final String table;
    private final Integer attempt;

    MalformedMessageException(String problem, Salvage salvage) {
        super(problem);
        this.type = salvage.type();
        this.commandId = salvage.commandId();
        this.runId = salvage.runId();
        this.table = salvage.table();
        this.attempt = salvage.attempt();
    }

    /** The CloudEvent {@code type}, if the message had a readable one (known or not). */
    public Optional<String> type() {
        return Optional.ofNullable(type);
    }

    /** The {@code data.commandId}, if the message had a usable one. */
    public Optional<String> commandId() {
        return Optional.ofNullable(commandId);
    }

    /** The {@code data.runId}, if the message had a usable one. */
    public Optional<String> runId() {
        return Optional.ofNullable(runId);
    }

    /** The table ({@code data.table}, else {@code subject}), if the message had a well-formed one. */
    public Optional<String> table() {
        return Optional.ofNullable(table);
    }

    /** The {@code data.attempt}, if the message had a usable one. */
    public OptionalInt attempt() {
        return attempt == null ? OptionalInt.empty() : OptionalInt.of(attempt);
    }

    /** The task kind the message's type names, if it names a known command or task-event type. */
    public Optional<TaskKind> kind() {
        return MessageType.fromType(type).flatMap(MessageType::taskKind);
    }

    /**
     * The failed event a worker answers the malformed command with ({@link ErrorTypes#MALFORMED_COMMAND}),
     * or empty when no command id could be salvaged, or when the message is a known event type (an
     * event on a command topic must not be answered as if it were a failed command). Either way the
     * message belongs on the dead-letter topic.
     *
     * @param fallbackKind the worker's own kind, used when the type names none
     */
    public Optional<TaskFailed> toTaskFailed(TaskKind fallbackKind) {
        boolean event = MessageType.fromType(type).map(t -> !t.isCommand()).orElse(false);
        if (commandId == null || event) {
            return Optional.empty();
        }
        return Optional.of(new TaskFailed(commandId, runId, table, kind().orElse(fallbackKind),
                attempt == null ? 0 : attempt, ErrorTypes.MALFORMED_COMMAND, getMessage(), List.of()));
    }

    /** What could be read from a message that failed to decode. */
    record Salvage(String type, String commandId, String runId, String table, Integer attempt) {
        static final Salvage NONE = new Salvage(null, null, null, null, null);
    }
}
