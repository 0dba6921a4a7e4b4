package io.k2.floe.coordinator.events;

import io.k2.floe.coordinator.CoordinatorConfig;
import io.k2.floe.tiering.broker.DeadLetters;
import io.k2.floe.tiering.broker.MessageText;
import io.k2.floe.tiering.broker.RecordOrigin;
import io.k2.floe.coordinator.runs.LedgerUnavailable;
import io.k2.floe.coordinator.runs.TaskEvents;
import io.k2.floe.tiering.messages.CloudEvent;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.FloeTopics;
import io.k2.floe.tiering.messages.MalformedMessageException;
import io.k2.floe.tiering.messages.MessageCodec;
import io.k2.floe.tiering.messages.MessageType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.Arrays;
import java.util.Optional;

/**
 * Consumes {@code floe.events}: counts each event by CloudEvents type ({@code floe_events_received_total{type}})
 * and hands the workers' answers to {@link TaskEvents}, which moves the runs on. An event is acknowledged only once
 * it is applied; while the ledger database is unreachable the listener waits and tries again, so no answer is lost
 * (events of one table stay in order). An event that cannot be decoded is counted as {@code type="malformed"} and
 * copied verbatim to {@code floe.dead-letter}. Events this coordinator published itself (run summaries, alerts,
 * timeouts) are counted and passed over.
 */
// Created at start-up (not at the first message) so that its metrics exist from the start.
@Startup
@ApplicationScoped
public class EventListener {

    private static final Logger LOG = Logger.getLogger(EventListener.class);
    static final String MALFORMED = "malformed";

    private final MessageCodec codec;
    private final MeterRegistry registry;
    private final String source;
    private final MutinyEmitter<byte[]> deadLetters;
    private final TaskEvents taskEvents;

    public EventListener(MessageCodec codec, MeterRegistry registry, CoordinatorConfig config,
                         @Channel("dead-letter") MutinyEmitter<byte[]> deadLetters, TaskEvents taskEvents) {
        this.taskEvents = taskEvents;
        this.codec = codec;
        this.registry = registry;
        this.source = config.eventSource();
        this.deadLetters = deadLetters;
        // Registered up front so that dashboards and rate() see zeros rather than missing series.
        Arrays.stream(MessageType.values()).filter(type -> !type.isCommand()).forEach(type -> received(type.type()));
        received(MALFORMED);
        deadLettered(FloeTopics.EVENTS);
    }

    @Incoming("events")
    @Blocking(ordered = true)
    public Uni<Void> onEvent(Message<byte[]> message) {
        RecordOrigin origin = RecordOrigin.of(message);
        String topic = origin.topic();
        Optional<String> text = MessageText.utf8(message.getPayload());
        String problem;
        if (text.isEmpty()) {
            problem = MessageText.whyNotText(message.getPayload(), topic);
        } else {
            try {
                CloudEvent<Event> event = codec.decodeEventEnvelope(text.get());
                received(event.type().type()).increment();
                if (!source.equals(event.source())) {
                    applyUntilDone(event.data(), origin);
                }
                return Uni.createFrom().completionStage(message.ack());
            } catch (MalformedMessageException e) {
                problem = e.getMessage();
            }
        }
        received(MALFORMED).increment();
        LOG.warnf("malformed event at %s, copied to the dead-letter topic: %s", origin, problem);
        return deadLetters.sendMessage(DeadLetters.copyOf(message, problem, source))
                .invoke(() -> deadLettered(topic).increment())
                .onItemOrFailure().transformToUni((ignored, failure) -> failure == null
                        ? Uni.createFrom().completionStage(message.ack())
                        : Uni.createFrom().completionStage(message.nack(failure)));
    }

    /**
     * Applies the event, waiting out an unreachable database (the answer must not be lost, and later events of the
     * table must not overtake it). An error that is not about reaching the database is a bug or a contradiction in
     * the event: it is logged and counted, and the event passed over, so that one bad answer cannot stop the stream.
     */
    private void applyUntilDone(Event event, RecordOrigin origin) {
        long waitMs = 500;
        while (true) {
            try {
                taskEvents.apply(event);
                return;
            } catch (RuntimeException e) {
                if (!LedgerUnavailable.isCause(e)) {
                    registry.counter("floe.events.failed").increment();
                    LOG.errorf(e, "could not apply the event at %s; passed over", origin);
                    return;
                }
                LOG.warnf("ledger database unavailable while applying the event at %s, trying again in %d ms: %s",
                        origin, waitMs, e.getMessage());
                try {
                    Thread.sleep(waitMs);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the ledger database", interrupted);
                }
                waitMs = Math.min(waitMs * 2, 10_000);
            }
        }
    }

    private Counter deadLettered(String topic) {
        return registry.counter("floe.dead.letters.published", "topic", topic);
    }

    private Counter received(String type) {
        return registry.counter("floe.events.received", "type", type);
    }
}
