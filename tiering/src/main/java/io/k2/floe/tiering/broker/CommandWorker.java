package io.k2.floe.tiering.broker;

import io.k2.floe.tiering.health.Failures;
import io.k2.floe.tiering.messages.Command;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.FloeTopics;
import io.k2.floe.tiering.messages.MessageCodec;
import io.k2.floe.tiering.messages.MessageType;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.messages.TaskKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The part every worker shares: takes one message from the worker's command topic, triages it
 * ({@link CommandTriage}), runs the task for accepted commands ({@link TaskHandler}), publishes the events the task
 * reports before its answer ({@link TaskAnswer#before()}, in order) and then the answer to the event topic (keyed by
 * table), puts a raw copy of malformed input on the dead-letter topic, and only
 * then acknowledges the command, so that a command whose answer was not published is redelivered.
 * Created per worker by {@link CommandWorkers}.
 *
 * <p>Metrics: {@code floe_commands_received_total{kind,outcome}} (outcome: {@code completed} or the error
 * type in lower case, e.g. {@code not_implemented}, {@code unknown_table}, {@code malformed_command}),
 * {@code floe_events_published_total{type}} (CloudEvents type) and
 * {@code floe_dead_letters_published_total{topic}} (the topic the message came from).
 */
public final class CommandWorker {

    private static final Logger LOG = Logger.getLogger(CommandWorker.class);

    private final TaskKind kind;
    private final String source;
    private final String service;
    private final TaskHandler handler;
    private final CommandTriage triage;
    private final MessageCodec codec;
    private final MeterRegistry registry;
    private final MutinyEmitter<String> events;
    private final MutinyEmitter<byte[]> deadLetters;

    CommandWorker(TaskKind kind, String source, String service, TaskHandler handler, CommandTriage triage,
                  MessageCodec codec, MeterRegistry registry, MutinyEmitter<String> events,
                  MutinyEmitter<byte[]> deadLetters) {
        this.kind = kind;
        this.source = source;
        this.service = service;
        this.handler = handler;
        this.triage = triage;
        this.codec = codec;
        this.registry = registry;
        this.events = events;
        this.deadLetters = deadLetters;
        // Registered up front so that dashboards and rate() see zeros rather than missing series.
        for (String outcome : new String[] {ErrorTypes.NOT_IMPLEMENTED, ErrorTypes.UNKNOWN_TABLE,
                ErrorTypes.MALFORMED_COMMAND, ErrorTypes.STALE_COMMAND}) {
            received(outcome.toLowerCase(Locale.ROOT));
        }
        deadLettered(FloeTopics.commandTopic(kind));
    }

    /** Answers one command message; the returned Uni completes once the message is acknowledged. */
    public Uni<Void> answer(Message<byte[]> message) {
        RecordOrigin origin = RecordOrigin.of(message);
        CommandTriage.Verdict verdict = triage.triage(kind, origin, message.getPayload());
        return switch (verdict) {
            case CommandTriage.Accepted accepted -> settle(message, origin, Uni.createFrom().voidItem()
                    .chain(() -> perform(accepted.command()))
                    .call(this::publishAll)
                    .invoke(answer -> received(outcome(answer.answer())).increment())
                    .replaceWithVoid());
            case CommandTriage.Rejected rejected -> settle(message, origin,
                    (rejected.deadLetter() ? sendDeadLetter(message, origin, rejected.answer().message())
                            : Uni.createFrom().voidItem())
                            .call(() -> publish(rejected.answer()))
                            .invoke(() -> received(outcome(rejected.answer())).increment()));
            case CommandTriage.NotACommand notACommand -> settle(message, origin,
                    sendDeadLetter(message, origin, notACommand.problem())
                            .invoke(() -> {
                                received(ErrorTypes.MALFORMED_COMMAND.toLowerCase(Locale.ROOT)).increment();
                                LOG.warnf("dead-lettered %s without answer: %s", origin, notACommand.problem());
                            }));
        };
    }

    /** Runs the task. A task that throws is answered INTERNAL rather than left unanswered. */
    private Uni<TaskAnswer> perform(Command command) {
        return Uni.createFrom().deferred(() -> handler.answer(command))
                .onFailure().recoverWithItem(failure -> {
                    LOG.errorf(failure, "%s task for command %s failed unexpectedly", kind, command.commandId());
                    return TaskAnswer.of(TaskFailed.of(command, ErrorTypes.INTERNAL, Failures.describe(failure)));
                });
    }

    /** The events before the answer, one after the other, then the answer; a failure stops there (redelivery). */
    private Uni<Void> publishAll(TaskAnswer answer) {
        Uni<Void> published = Uni.createFrom().voidItem();
        for (Event event : answer.before()) {
            published = published.call(() -> publish(event));
        }
        return published.call(() -> publish(answer.answer()));
    }

    /**
     * Acknowledges the command once its answer (and dead-letter copy) are on the broker; if publishing
     * failed, the command is nacked and stays uncommitted, to be redelivered.
     */
    private static Uni<Void> settle(Message<byte[]> message, RecordOrigin origin, Uni<Void> answered) {
        return answered.onItemOrFailure().transformToUni((ignored, failure) -> {
            if (failure != null) {
                LOG.errorf(failure, "could not answer the command at %s; it stays uncommitted", origin);
                return Uni.createFrom().completionStage(message.nack(failure));
            }
            return Uni.createFrom().completionStage(message.ack());
        });
    }

    private Uni<Void> publish(Event event) {
        String json = codec.encode(source, event);
        String type = MessageType.of(event).type();
        RecordHeaders headers = new RecordHeaders();
        // CloudEvents Kafka binding, structured mode.
        headers.add("content-type", MessageCodec.KAFKA_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        Message<String> record = Message.of(json).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.subject().orElse(null))
                .withHeaders(headers)
                .build());
        return events.sendMessage(record)
                .invoke(() -> {
                    registry.counter("floe.events.published", "type", type).increment();
                    if (event instanceof TaskFailed failed) {
                        LOG.infof("answered %s command %s%s: %s (%s)", kind.name().toLowerCase(Locale.ROOT),
                                failed.commandId(), failed.table() == null ? "" : " for table " + failed.table(),
                                failed.errorType(), failed.message());
                    }
                });
    }

    private Uni<Void> sendDeadLetter(Message<byte[]> message, RecordOrigin origin, String reason) {
        return deadLetters.sendMessage(DeadLetters.copyOf(message, reason, service))
                .invoke(() -> deadLettered(origin.topic()).increment());
    }

    private static String outcome(Event event) {
        return event instanceof TaskFailed failed ? failed.errorType().toLowerCase(Locale.ROOT) : "completed";
    }

    private Counter deadLettered(String topic) {
        return registry.counter("floe.dead.letters.published", "topic", topic);
    }

    private Counter received(String outcome) {
        return registry.counter("floe.commands.received", "kind", kind.name().toLowerCase(Locale.ROOT), "outcome", outcome);
    }
}
