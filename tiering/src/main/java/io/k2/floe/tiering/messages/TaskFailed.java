package io.k2.floe.tiering.messages;

import io.k2.floe.tiering.security.Redaction;

import java.util.List;

/**
 * A command's attempt failed; nothing of it is visible in the cold table.
 *
 * @param commandId        the command answered
 * @param runId            its run; null when the command was too malformed to tell
 * @param table            its table; null when the command was too malformed to tell
 * @param kind             the kind of command (also in the CloudEvent type)
 * @param attempt          its attempt; 0 when the command was too malformed to tell
 * @param errorType        a short {@code UPPER_SNAKE} code, see {@link ErrorTypes}
 * @param message          what went wrong, for people; credentials in it (a library's message naming a connection
 *                         string) are masked here, so that no event, ledger note or API answer built from it shows them
 * @param uncommittedFiles data files written but not committed (left for orphan cleanup)
 */
public record TaskFailed(
        String commandId,
        String runId,
        String table,
        TaskKind kind,
        int attempt,
        String errorType,
        String message,
        List<String> uncommittedFiles) implements TaskEvent {

    public TaskFailed {
        Check.id("commandId", commandId);
        if (runId != null) {
            Check.id("runId", runId);
        }
        if (table != null) {
            Check.table("table", table);
        }
        Check.present("kind", kind);
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must not be negative, got " + attempt);
        }
        Check.matching("errorType", errorType, Check.ERROR_TYPE, "an UPPER_SNAKE code such as UNKNOWN_TABLE");
        Check.text("message", message);
        message = Redaction.text(message);
        uncommittedFiles = Check.texts("uncommittedFiles", uncommittedFiles);
    }

    /** A failure of {@code command} with nothing left behind. */
    public static TaskFailed of(Command command, String errorType, String message) {
        return new TaskFailed(command.commandId(), command.runId(), command.table(), command.kind(), command.attempt(),
                errorType, message, List.of());
    }
}
