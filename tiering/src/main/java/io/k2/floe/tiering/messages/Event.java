package io.k2.floe.tiering.messages;

import java.util.Optional;

/**
 * Something that happened, published on {@link FloeTopics#EVENTS}: task outcomes from the workers,
 * run summaries and alerts from the coordinator, and what warm retention dropped.
 */
public sealed interface Event permits TaskEvent, RunCompleted, AlertRaised, AlertResolved, WarmPartitionDropped {

    /** The table the event is about (the CloudEvent {@code subject} and broker key), if it is about one. */
    Optional<String> subject();
}
