package io.k2.floe.tiering.broker;

import io.k2.floe.tiering.messages.Command;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.messages.TaskKind;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.Locale;

/**
 * What a worker does with a valid command for a known table: the task itself, answered with the event
 * to publish (completed or failed). The tasks arrive with later issues; until then
 * {@link #notImplemented(TaskKind)} says so instead of pretending.
 */
@FunctionalInterface
public interface TaskHandler {

    Uni<Event> handle(Command command);

    /**
     * The answer with the events to publish before it ({@link TaskAnswer}); {@link CommandWorker} calls this. By
     * default just {@link #handle}'s answer; a task that reports on its parts overrides it.
     */
    default Uni<TaskAnswer> answer(Command command) {
        return handle(command).map(TaskAnswer::of);
    }

    /** Answers every command with a {@code TaskFailed} of type {@link ErrorTypes#NOT_IMPLEMENTED} that says why. */
    static TaskHandler notImplemented(TaskKind kind) {
        String task = kind.name().toLowerCase(Locale.ROOT);
        return command -> Uni.createFrom().item(new TaskFailed(command.commandId(), command.runId(), command.table(),
                kind, command.attempt(), ErrorTypes.NOT_IMPLEMENTED,
                "this build of Floe does not yet perform " + task + " tasks; command " + command.commandId()
                        + " for table " + command.table() + " was received and not executed",
                List.of()));
    }
}
