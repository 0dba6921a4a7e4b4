package io.k2.floe.tiering.broker;

import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.TaskEvent;

import java.util.List;
import java.util.Objects;

/**
 * What a task gives {@link CommandWorker} to publish: events that report on parts of the task (e.g. one
 * {@code retention.dropped} per warm partition dropped), published first and in order, then the answer (completed or
 * failed), after which the command is acknowledged.
 *
 * @param before events published before the answer; empty for most tasks
 * @param answer the command's answer
 */
public record TaskAnswer(List<Event> before, Event answer) {

    public TaskAnswer {
        before = List.copyOf(before);
        Objects.requireNonNull(answer, "answer");
        if (before.stream().anyMatch(e -> e instanceof TaskEvent)) {
            throw new IllegalArgumentException("a command has one answer; the events before it cannot be answers");
        }
    }

    /** Just the answer. */
    public static TaskAnswer of(Event answer) {
        return new TaskAnswer(List.of(), answer);
    }
}
