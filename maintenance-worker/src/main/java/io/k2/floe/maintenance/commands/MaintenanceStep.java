package io.k2.floe.maintenance.commands;

import io.k2.floe.tiering.broker.TaskAnswer;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.MaintenanceCommand;

/**
 * One maintenance action (compaction, snapshot expiry, orphan cleanup, manifest rewrite, warm retention), performed
 * for a valid command of a known table. Each action is a CDI bean in its own package; {@link MaintenanceCommandListener}
 * routes every command to the bean of its action.
 */
public interface MaintenanceStep {

    /** The action this step performs. */
    MaintenanceAction action();

    /**
     * Performs the command to its end, blocking, and returns its answer: a {@code MaintenanceCompleted} (also for a
     * dry run, whose results say what would have been done) or a {@code TaskFailed} naming what went wrong. Bad
     * options are answered {@code INVALID_COMMAND} and change nothing.
     */
    Event perform(MaintenanceCommand command);

    /**
     * The answer with the events to publish before it (e.g. one {@code retention.dropped} per warm partition dropped).
     * By default just {@link #perform}'s answer; the listener calls this one.
     */
    default TaskAnswer answer(MaintenanceCommand command) {
        return TaskAnswer.of(perform(command));
    }
}
