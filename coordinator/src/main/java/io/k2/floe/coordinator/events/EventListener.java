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
import io.k2.floe.coordinator.leadership.Fenced;
import io.k2.floe.coordinator.leadership.Leadership;
import io.k2.floe.tiering.health.Failures;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Consumes {@code floe.events} while this coordinator leads ({@link Leadership}): counts each event by CloudEvents type
 * ({@code floe_events_received_total{type}}) and hands the workers' answers to {@link TaskEvents}, which moves the runs
 * on. A standby is not in the consumer group at all, so every partition is the leader's; the consumer joins when this
 * coordinator takes over and leaves (without committing what it did not finish) when it stops leading. An event's
 * offset is committed only once it is applied; while the ledger database is unreachable the listener waits and tries
 * again, so no answer is lost (events of one table stay in order). An event that cannot be decoded is counted as
 * {@code type="malformed"} and copied verbatim to {@code floe.dead-letter}. Events this coordinator published itself
 * (run summaries, alerts, timeouts) are counted and passed over.
 */
// Created at start-up (not at the first message) so that its metrics exist from the start.
@Startup
@ApplicationScoped
public class EventListener {

    private static final Logger LOG = Logger.getLogger(EventListener.class);
    static final String MALFORMED = "malformed";
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration STANDBY_WAIT = Duration.ofMillis(250);

    private final MessageCodec codec;
    private final MeterRegistry registry;
    private final String source;
    private final MutinyEmitter<byte[]> deadLetters;
    private final TaskEvents taskEvents;
    private final Leadership leadership;
    private final Map<String, Object> kafkaConfig;
    private final CoordinatorConfig.Events settings;
    private volatile boolean stopping;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    public EventListener(MessageCodec codec, MeterRegistry registry, CoordinatorConfig config,
                         @Channel("dead-letter") MutinyEmitter<byte[]> deadLetters, TaskEvents taskEvents,
                         Leadership leadership, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.taskEvents = taskEvents;
        this.codec = codec;
        this.registry = registry;
        this.source = config.eventSource();
        this.deadLetters = deadLetters;
        this.leadership = leadership;
        this.kafkaConfig = kafkaConfig;
        this.settings = config.events();
        // Registered up front so that dashboards and rate() see zeros rather than missing series.
        Arrays.stream(MessageType.values()).filter(type -> !type.isCommand()).forEach(type -> received(type.type()));
        received(MALFORMED);
        deadLettered(FloeTopics.EVENTS);
    }

    void onStart(@Observes StartupEvent start) {
        thread = Thread.ofPlatform().name("floe-event-listener").daemon(true).start(this::listen);
    }

    void onStop(@Observes ShutdownEvent stop) throws InterruptedException {
        stopping = true;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(10));
        }
    }

    /** The listener thread: idle while standing by, a consumer of the group while leading. */
    private void listen() {
        while (!stopping) {
            if (!leadership.isLeader()) {
                sleep(STANDBY_WAIT);
                continue;
            }
            try (KafkaConsumer<byte[], byte[]> joined = new KafkaConsumer<>(consumerConfig(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer = joined;
                joined.subscribe(List.of(settings.topic()));
                LOG.infof("leading: consuming %s in group %s", settings.topic(), settings.group());
                while (!stopping && leadership.isLeader()) {
                    for (ConsumerRecord<byte[], byte[]> record : joined.poll(POLL)) {
                        // throws LeadershipLost when this coordinator stops leading first: uncommitted, the event
                        // stays for the next leader
                        handle(record);
                        joined.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                                new OffsetAndMetadata(record.offset() + 1)));
                    }
                }
            } catch (WakeupException e) {
                // stopping
            } catch (LeadershipLost e) {
                LOG.warnf("stopped consuming events: %s", e.getMessage());
            } catch (RuntimeException e) {
                // broker away, group rebalanced during a long wait (the uncommitted event comes again): start over
                LOG.warnf("event consumer failed, joining again: %s", Failures.describe(e));
                sleep(Duration.ofSeconds(1));
            } finally {
                consumer = null;
            }
            if (!stopping) {
                LOG.info("not leading: left the coordinators' event group");
            }
        }
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (ConsumerConfig.configNames().contains(key) && !(value instanceof String text && text.isBlank())) {
                config.put(key, value);
            }
        });
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "floe-coordinator-events-" + leadership.instanceId());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A leader that died leaves the group within this, so its successor gets every partition within seconds.
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis());
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(500, settings.sessionTimeout().toMillis() / 4));
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        return config;
    }

    /** Handles one event (applies it, passes over this coordinator's own, or dead-letters what cannot be read). */
    void handle(ConsumerRecord<byte[], byte[]> record) {
        RecordOrigin origin = new RecordOrigin(record.topic(), record.partition(), record.offset());
        Optional<String> text = MessageText.utf8(record.value());
        String problem;
        if (text.isEmpty()) {
            problem = MessageText.whyNotText(record.value(), record.topic());
        } else {
            try {
                CloudEvent<Event> event = codec.decodeEventEnvelope(text.get());
                received(event.type().type()).increment();
                if (!source.equals(event.source())) {
                    applyUntilDone(event.data(), origin);
                }
                return;
            } catch (MalformedMessageException e) {
                problem = e.getMessage();
            }
        }
        received(MALFORMED).increment();
        LOG.warnf("malformed event at %s, copied to the dead-letter topic: %s", origin, problem);
        deadLetters.sendMessage(DeadLetters.copyOf(record, problem, source)).await().atMost(Duration.ofSeconds(45));
        deadLettered(record.topic()).increment();
    }

    /**
     * Applies the event, waiting out an unreachable database (the answer must not be lost, and later events of the
     * table must not overtake it). An error that is not about reaching the database is a bug or a contradiction in
     * the event: it is logged and counted, and the event passed over, so that one bad answer cannot stop the stream.
     */
    private void applyUntilDone(Event event, RecordOrigin origin) {
        long waitMs = 500;
        while (true) {
            if (!leadership.isLeader()) {
                throw new LeadershipLost("this coordinator stopped leading before the event at " + origin
                        + " was applied; the next leader applies it");
            }
            try {
                taskEvents.apply(event);
                return;
            } catch (RuntimeException e) {
                if (Fenced.isCause(e)) {
                    throw new LeadershipLost("the ledger refused the event at " + origin + " (this coordinator's lease"
                            + " is gone); the next leader applies it");
                }
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

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** This coordinator stopped leading: the consumer leaves the group without committing the event at hand. */
    static final class LeadershipLost extends RuntimeException {
        LeadershipLost(String message) {
            super(message, null, false, false);
        }
    }

    private Counter deadLettered(String topic) {
        return registry.counter("floe.dead.letters.published", "topic", topic);
    }

    private Counter received(String type) {
        return registry.counter("floe.events.received", "type", type);
    }
}
