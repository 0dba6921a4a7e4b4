package io.k2.floe.coordinator.events;

import io.k2.floe.coordinator.CoordinatorConfig;
import io.k2.floe.tiering.broker.DeadLetters;
import io.k2.floe.tiering.broker.MessageText;
import io.k2.floe.tiering.broker.RecordOrigin;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.FloeTopics;
import io.k2.floe.tiering.messages.MalformedMessageException;
import io.k2.floe.tiering.messages.MessageCodec;
import io.k2.floe.tiering.messages.MessageType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 * Consumes {@code floe.events} (what the workers report). For now it decodes and counts each event by
 * CloudEvents type ({@code floe_events_received_total{type}}); acting on them (ledger, retries, the
 * layer schedule) arrives with the coordinator's issue. An event that cannot be decoded is counted as
 * {@code type="malformed"} and copied verbatim to {@code floe.dead-letter}.
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

    public EventListener(MessageCodec codec, MeterRegistry registry, CoordinatorConfig config,
                         @Channel("dead-letter") MutinyEmitter<byte[]> deadLetters) {
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
    public Uni<Void> onEvent(Message<byte[]> message) {
        RecordOrigin origin = RecordOrigin.of(message);
        String topic = origin.topic();
        Optional<String> text = MessageText.utf8(message.getPayload());
        String problem;
        if (text.isEmpty()) {
            problem = MessageText.whyNotText(message.getPayload(), topic);
        } else {
            try {
                Event event = codec.decodeEvent(text.get());
                received(MessageType.of(event).type()).increment();
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

    private Counter deadLettered(String topic) {
        return registry.counter("floe.dead.letters.published", "topic", topic);
    }

    private Counter received(String type) {
        return registry.counter("floe.events.received", "type", type);
    }
}
