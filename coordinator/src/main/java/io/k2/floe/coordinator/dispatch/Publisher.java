package io.k2.floe.coordinator.dispatch;

import io.k2.floe.coordinator.CoordinatorConfig;
import io.k2.floe.coordinator.leadership.Leadership;
import io.k2.floe.tiering.messages.Command;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MessageCodec;
import io.k2.floe.tiering.messages.MessageType;
import io.k2.floe.tiering.messages.RunCompleted;
import io.k2.floe.tiering.messages.TaskKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Puts the coordinator's commands and events on the broker and waits for the broker's acknowledgement, so that a
 * caller knows whether a command is out. Commands are keyed by table (one table's commands stay in order on one
 * partition, and one worker of the group handles a table at a time: R-SCALE, docs/requirements.md); run events by run id.
 * Only the leading coordinator publishes ({@link Leadership}): a coordinator that has lost its lease (paused past it,
 * say) is refused here before anything reaches the broker.
 */
@ApplicationScoped
public class Publisher {

    /** Longer than the producer's own delivery timeout, so that its verdict arrives first. */
    private static final Duration SEND_WAIT = Duration.ofSeconds(45);

    private final MessageCodec codec;
    private final MeterRegistry registry;
    private final String source;
    private final MutinyEmitter<String> offloadCommands;
    private final MutinyEmitter<String> auditCommands;
    private final MutinyEmitter<String> maintenanceCommands;
    private final MutinyEmitter<String> events;
    private final Leadership leadership;

    public Publisher(MessageCodec codec, MeterRegistry registry, CoordinatorConfig config, Leadership leadership,
                     @Channel("offload-commands") MutinyEmitter<String> offloadCommands,
                     @Channel("audit-commands") MutinyEmitter<String> auditCommands,
                     @Channel("maintenance-commands") MutinyEmitter<String> maintenanceCommands,
                     @Channel("events-out") MutinyEmitter<String> events) {
        this.leadership = leadership;
        this.codec = codec;
        this.registry = registry;
        this.source = config.eventSource();
        this.offloadCommands = offloadCommands;
        this.auditCommands = auditCommands;
        this.maintenanceCommands = maintenanceCommands;
        this.events = events;
    }

    /** The CloudEvents {@code source} of what this coordinator publishes. */
    public String source() {
        return source;
    }

    /** Sends a command and waits until the broker has it; throws if it could not be sent. */
    public void send(Command command) {
        requireLeadership(command.kind() + " command " + command.commandId());
        MutinyEmitter<String> emitter = switch (command.kind()) {
            case OFFLOAD -> offloadCommands;
            case AUDIT -> auditCommands;
            case MAINTENANCE -> maintenanceCommands;
        };
        emitter.sendMessage(record(codec.encode(source, command), command.table())).await().atMost(SEND_WAIT);
        registry.counter("floe.commands.sent", "kind", command.kind().name().toLowerCase(java.util.Locale.ROOT),
                "table", command.table()).increment();
    }

    /** Publishes an event on the event topic and waits until the broker has it; throws if it could not. */
    public void publish(Event event) {
        requireLeadership(MessageType.of(event).type() + " event");
        String key = event instanceof RunCompleted run ? run.runId() : event.subject().orElse(null);
        events.sendMessage(record(codec.encode(source, event), key)).await().atMost(SEND_WAIT);
        registry.counter("floe.events.published", "type", MessageType.of(event).type()).increment();
    }

    private void requireLeadership(String what) {
        if (!leadership.isLeader()) {
            throw new IllegalStateException("not sent: this coordinator (" + leadership.instanceId()
                    + ") does not lead, so " + what + " is the leader's to send");
        }
    }

    private static Message<String> record(String json, String key) {
        RecordHeaders headers = new RecordHeaders();
        // CloudEvents Kafka binding, structured mode.
        headers.add("content-type", MessageCodec.KAFKA_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        return Message.of(json).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key)
                .withHeaders(headers)
                .build());
    }
}
