package io.k2.floe.tiering.messages;

import java.util.Optional;

/** The outcome of one attempt of one command: completed or failed. */
public sealed interface TaskEvent extends Event
        permits OffloadCompleted, MaintenanceCompleted, AuditCompleted, TaskFailed {

    /** The command this answers. */
    String commandId();

    /** The command's run; may be null only in a {@link TaskFailed} for a command too malformed to tell. */
    String runId();

    /** The command's table; may be null only in a {@link TaskFailed} for a command too malformed to tell. */
    String table();

    /** The kind of the command this answers. */
    TaskKind kind();

    /** The command's attempt; 0 only in a {@link TaskFailed} for a command too malformed to tell. */
    int attempt();

    @Override
    default Optional<String> subject() {
        return Optional.ofNullable(table());
    }
}
