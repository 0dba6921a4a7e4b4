package io.k2.floe.tiering.messages;

import java.util.Optional;

/**
 * Something that happened, published on {@link FloeTopics#EVENTS}: task outcomes from the workers,
 * run summaries and alerts from the coordinator.
 */
public sealed interface Event permits TaskEvent, RunCompleted, AlertRaised, AlertResolved {

    /** The table the event is about (the CloudEvent {@code subject} and broker key), if it is about one. */
    Optional<String> subject();
}
