package io.k2.floe.tiering.testing;

import io.k2.floe.tiering.broker.CommandTriage;
import io.k2.floe.tiering.messages.AuditCommand;
import io.k2.floe.tiering.messages.Command;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.FloeTopics;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.MaintenanceCommand;
import io.k2.floe.tiering.messages.MessageCodec;
import io.k2.floe.tiering.messages.OffloadCommand;
import io.k2.floe.tiering.messages.TaskEvent;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.messages.TaskKind;
import io.k2.floe.tiering.messages.Window;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;

/**
 * What every worker service must do, run against the real local stack: be ready with exactly its
 * dependencies' checks, serve its metrics, and answer on {@code floe.events} every message on its command
 * topic — a valid command with the task's outcome (NOT_IMPLEMENTED until the task arrives), an unknown table UNKNOWN_TABLE,
 * anything malformed MALFORMED_COMMAND with a verbatim copy on its dead-letter topic ({@code floe.dead-letter}).
 * A worker's test extends this with {@code @QuarkusTest} and says which kind it is and what it depends on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class WorkerContract {

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    /** A table of the default catalog (R-TABLES, docs/requirements.md). */
    protected static final String KNOWN_TABLE = "bronze_trades_binance";

    private final MessageCodec codec = new MessageCodec();
    private KafkaTestClient kafka;

    /** The kind of task the worker performs. */
    protected abstract TaskKind kind();

    /** Names of the readiness checks the worker must have: exactly its dependencies. */
    protected abstract Set<String> readinessChecks();

    /** The topic the worker under test consumes: its configuration's, which a test profile may make its own. */
    private String topic() {
        return ConfigProvider.getConfig().getOptionalValue("mp.messaging.incoming.commands.topic", String.class)
                .orElse(FloeTopics.commandTopic(kind()));
    }

    /** The topic the worker under test answers on. */
    private String eventTopic() {
        return ConfigProvider.getConfig().getOptionalValue("mp.messaging.outgoing.events.topic", String.class)
                .orElse(FloeTopics.EVENTS);
    }

    /** The topic the worker copies malformed commands to: its configuration's, which a test profile makes its own. */
    private String deadLetterTopic() {
        return ConfigProvider.getConfig().getOptionalValue("mp.messaging.outgoing.dead-letter.topic", String.class)
                .orElse(FloeTopics.DEAD_LETTER);
    }

    private String kindLabel() {
        return kind().name().toLowerCase(Locale.ROOT);
    }

    @BeforeAll
    void connect() {
        kafka = new KafkaTestClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterAll
    void disconnect() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void readinessIsUpWithACheckPerDependency() {
        // Like an orchestrator, give a freshly started service a moment to see its dependencies.
        HttpPoll.awaitStatus(HttpPoll.url("http://localhost:" + RestAssured.port + "/q/health/ready"), 200,
                Duration.ofSeconds(30));
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", containsInAnyOrder(readinessChecks().toArray()))
                .body("checks.status", everyItem(is("UP")));
    }

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live").then()
                .statusCode(200)
                .body("status", is("UP"));
    }

    @Test
    void metricsAreServedInPrometheusFormat() {
        HttpPoll.Reply metrics = prometheusText();
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain; version=0.0.4");
        String body = metrics.body();
        assertThat(body).contains("# TYPE floe_commands_received_total counter");
        for (String outcome : List.of("not_implemented", "unknown_table", "malformed_command")) {
            PrometheusText.require(body, "floe_commands_received_total", Map.of("kind", kindLabel(), "outcome", outcome));
        }
        // registered up front for the kind's standard topic, so that dashboards see a zero
        PrometheusText.require(body, "floe_dead_letters_published_total", Map.of("topic", FloeTopics.commandTopic(kind())));
        assertThat(body).contains("# TYPE jvm_memory_used_bytes gauge");
    }

    @Test
    void aValidCommandIsAnswered() {
        Command command = command("test-" + UUID.randomUUID(), KNOWN_TABLE);
        double before = counter("not_implemented");
        try (KafkaTestClient.Tail events = kafka.tail(eventTopic())) {
            kafka.send(topic(), command.table(), codec.encode("/floe/test", command));
            TaskEvent answer = awaitAnswer(events, command.commandId());
            assertThat(answer.kind()).isEqualTo(kind());
            assertThat(answer.table()).isEqualTo(KNOWN_TABLE);
            assertThat(answer.runId()).isEqualTo(command.runId());
            assertThat(answer.attempt()).isEqualTo(command.attempt());
            if (performsTasks()) {
                // the task ran (its outcomes are the worker's own tests' business; another contract test may have
                // moved the table on, so a refusal of this window is a task outcome too): never "not implemented",
                // never a rejection or an unexpected failure
                if (answer instanceof TaskFailed failed) {
                    assertThat(failed.errorType()).as(failed.message()).isNotIn(ErrorTypes.NOT_IMPLEMENTED,
                            ErrorTypes.MALFORMED_COMMAND, ErrorTypes.UNKNOWN_TABLE, ErrorTypes.INTERNAL);
                }
                return;
            }
            TaskFailed failed = (TaskFailed) answer;
            assertThat(failed.errorType()).isEqualTo(ErrorTypes.NOT_IMPLEMENTED);
            assertThat(failed.message()).contains("does not yet perform " + kindLabel() + " tasks");
        }
        awaitCounter("not_implemented", before + 1);
        assertThat(PrometheusText.require(prometheusText().body(), "floe_events_published_total",
                Map.of("type", "io.k2.floe.event." + kindLabel() + ".failed.v1"))).isGreaterThanOrEqualTo(1);
    }

    /**
     * Whether the worker performs its tasks. Then the contract's valid command (a window ending now on
     * {@link #KNOWN_TABLE}) must be answered with a completed event, so the worker's test profile must point it at a
     * cold catalog of its own in which that command may commit.
     */
    protected boolean performsTasks() {
        return false;
    }

    @Test
    void aCommandForAnUnknownTableIsAnsweredUnknownTable() {
        String table = "no_such_table_" + UUID.randomUUID().toString().replace("-", "");
        Command command = command("test-" + UUID.randomUUID(), table);
        try (KafkaTestClient.Tail events = kafka.tail(eventTopic())) {
            kafka.send(topic(), table, codec.encode("/floe/test", command));
            TaskFailed answer = awaitFailure(events, command.commandId());
            assertThat(answer.errorType()).isEqualTo(ErrorTypes.UNKNOWN_TABLE);
            assertThat(answer.table()).isEqualTo(table);
            assertThat(answer.message()).contains(table);
        }
    }

    @Test
    void garbageIsAnsweredMalformedAndCopiedToTheDeadLetterTopic() {
        byte[] garbage = ("this is not a command " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        double before = counter("malformed_command");
        try (KafkaTestClient.Tail events = kafka.tail(eventTopic());
             KafkaTestClient.Tail deadLetters = kafka.tail(deadLetterTopic())) {
            RecordMetadata sent = kafka.send(topic(), "garbage", garbage);
            String origin = topic() + "/" + sent.partition() + "@" + sent.offset();
            TaskFailed answer = awaitFailure(events, CommandTriage.UNIDENTIFIED + origin);
            assertThat(answer.errorType()).isEqualTo(ErrorTypes.MALFORMED_COMMAND);
            assertThat(answer.message()).isNotBlank();

            ConsumerRecord<byte[], byte[]> copy = deadLetters.await(r -> Arrays.equals(r.value(), garbage),
                    ANSWER_TIMEOUT, "the verbatim copy of the garbage");
            assertThat(new String(copy.key(), StandardCharsets.UTF_8)).isEqualTo("garbage");
            assertThat(header(copy, "dead-letter-topic")).isEqualTo(topic());
            assertThat(header(copy, "dead-letter-offset")).isEqualTo(Long.toString(sent.offset()));
            assertThat(header(copy, "dead-letter-reason")).isEqualTo(answer.message());
        }
        awaitCounter("malformed_command", before + 1);
    }

    @Test
    void aCommandWithABrokenFieldIsAnsweredMalformedWithItsCommandId() {
        String commandId = "test-" + UUID.randomUUID();
        String valid = codec.encode("/floe/test", command(commandId, KNOWN_TABLE));
        // Same envelope, but the attempt is no number: the id and table can still be read.
        String broken = valid.replaceFirst("\"attempt\"\\s*:\\s*1", "\"attempt\":\"first\"");
        assertThat(broken).isNotEqualTo(valid);
        try (KafkaTestClient.Tail events = kafka.tail(eventTopic());
             KafkaTestClient.Tail deadLetters = kafka.tail(deadLetterTopic())) {
            kafka.send(topic(), KNOWN_TABLE, broken);
            TaskFailed answer = awaitFailure(events, commandId);
            assertThat(answer.errorType()).isEqualTo(ErrorTypes.MALFORMED_COMMAND);
            assertThat(answer.table()).isEqualTo(KNOWN_TABLE);
            assertThat(answer.message()).contains("attempt");
            deadLetters.await(r -> new String(r.value(), StandardCharsets.UTF_8).equals(broken), ANSWER_TIMEOUT,
                    "the verbatim copy of the broken command");
        }
    }

    @Test
    void aCommandOlderThanTheMaxAgeIsAnsweredStaleNotExecuted() {
        // issued three days ago: past any worker's floe.commands.max-age (20 min; maintenance 2 h)
        Instant issued = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        String commandId = "test-" + UUID.randomUUID();
        Command command = switch (kind()) {
            case OFFLOAD -> OffloadCommand.normal(commandId, "run-" + commandId, KNOWN_TABLE, 1,
                    new Window(issued.minus(15, ChronoUnit.MINUTES), issued), issued);
            case MAINTENANCE -> new MaintenanceCommand(commandId, "run-" + commandId, KNOWN_TABLE, 1,
                    MaintenanceAction.COMPACT, List.of(), Map.of(), issued);
            case AUDIT -> AuditCommand.ofPartitions(commandId, "run-" + commandId, KNOWN_TABLE, 1,
                    List.of("2024-05-01"), issued);
        };
        double before = counter("stale_command");
        try (KafkaTestClient.Tail events = kafka.tail(eventTopic())) {
            kafka.send(topic(), KNOWN_TABLE, codec.encode("/floe/test", command));
            TaskFailed answer = awaitFailure(events, commandId);
            assertThat(answer.errorType()).isEqualTo(ErrorTypes.STALE_COMMAND);
            assertThat(answer.message()).contains("issued at " + issued, "not executed");
        }
        awaitCounter("stale_command", before + 1);
    }

    /**
     * The timeouts' order (docs/messages.md): one ClickHouse query stops before the command's max age (= the
     * coordinator's task timeout), and a worker busy with one command stays in its consumer group
     * ({@code max.poll.interval.ms}) and keeps its channel (the throttled commit strategy's unprocessed-record max age)
     * longer than that, so that the coordinator re-sends a task before the broker takes its worker for dead.
     */
    @Test
    void aWorkerBusyWithOneCommandOutlastsTheCommandsMaxAge() {
        var config = ConfigProvider.getConfig();
        Duration maxAge = config.getOptionalValue("floe.commands.max-age", Duration.class)
                .orElse(io.k2.floe.tiering.broker.CommandWorkers.defaultMaxAge(kind()));
        Duration query = config.getValue("floe.clickhouse.max-execution-time", Duration.class);
        Duration poll = Duration.ofMillis(config.getValue("mp.messaging.incoming.commands.max.poll.interval.ms",
                Long.class));
        Duration unacknowledged = Duration.ofMillis(config.getValue(
                "mp.messaging.incoming.commands.throttled.unprocessed-record-max-age.ms", Long.class));

        assertThat(query).as("ClickHouse's limit of one query").isLessThan(maxAge);
        assertThat(poll).as("max.poll.interval.ms").isGreaterThan(maxAge);
        assertThat(unacknowledged).as("the throttled strategy's unprocessed-record max age")
                .isGreaterThanOrEqualTo(poll);
        assertThat(config.getValue("mp.messaging.incoming.commands.max.poll.records", Integer.class))
                .as("one command at a time: the poll interval bounds one task, not a batch").isEqualTo(1);
    }

    @Test
    void aCommandOfAnotherKindIsAnsweredMalformed() {
        TaskKind other = kind() == TaskKind.OFFLOAD ? TaskKind.AUDIT : TaskKind.OFFLOAD;
        Command command = command(other, "test-" + UUID.randomUUID(), KNOWN_TABLE);
        try (KafkaTestClient.Tail events = kafka.tail(eventTopic())) {
            kafka.send(topic(), KNOWN_TABLE, codec.encode("/floe/test", command));
            TaskFailed answer = awaitFailure(events, command.commandId());
            assertThat(answer.errorType()).isEqualTo(ErrorTypes.MALFORMED_COMMAND);
            assertThat(answer.message()).contains(topic());
        }
    }

    @Test
    void anEventOnTheCommandTopicIsDeadLetteredButNotAnswered() {
        String eventId = "test-" + UUID.randomUUID();
        String event = codec.encode("/floe/test", new TaskFailed(eventId, "run-" + eventId, KNOWN_TABLE, kind(), 1,
                ErrorTypes.INTERNAL, "an event sent to a command topic by mistake", List.of()));
        Command after = command("test-" + UUID.randomUUID(), KNOWN_TABLE);
        try (KafkaTestClient.Tail events = kafka.tail(eventTopic());
             KafkaTestClient.Tail deadLetters = kafka.tail(deadLetterTopic())) {
            kafka.send(topic(), KNOWN_TABLE, event);
            kafka.send(topic(), KNOWN_TABLE, codec.encode("/floe/test", after));
            deadLetters.await(r -> new String(r.value(), StandardCharsets.UTF_8).equals(event), ANSWER_TIMEOUT,
                    "the verbatim copy of the misrouted event");
            // Same key, same partition: the worker handles both in order, and answers keyed by the same
            // table share a partition too, so an answer to the event would have arrived first.
            awaitAnswer(events, after.commandId());
            assertThat(events.sawAny(r -> answers(r, eventId))).as("the misrouted event was answered").isFalse();
        }
    }

    private TaskFailed awaitFailure(KafkaTestClient.Tail events, String commandId) {
        TaskEvent answer = awaitAnswer(events, commandId);
        assertThat(answer).as("the answer to " + commandId).isInstanceOf(TaskFailed.class);
        return (TaskFailed) answer;
    }

    private TaskEvent awaitAnswer(KafkaTestClient.Tail events, String commandId) {
        ConsumerRecord<byte[], byte[]> record = events.await(r -> answers(r, commandId), ANSWER_TIMEOUT,
                "an answer to command " + commandId);
        return (TaskEvent) decode(record);
    }

    private boolean answers(ConsumerRecord<byte[], byte[]> record, String commandId) {
        return decode(record) instanceof TaskEvent answer && answer.commandId().equals(commandId);
    }

    private Event decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return codec.decodeEvent(new String(record.value(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            return null;
        }
    }

    private Command command(String commandId, String table) {
        return command(kind(), commandId, table);
    }

    private static Command command(TaskKind kind, String commandId, String table) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String runId = "run-" + commandId;
        return switch (kind) {
            case OFFLOAD -> OffloadCommand.normal(commandId, runId, table, 1,
                    new Window(now.minus(15, ChronoUnit.MINUTES), now), now);
            case MAINTENANCE -> new MaintenanceCommand(commandId, runId, table, 1, MaintenanceAction.COMPACT,
                    List.of(), Map.of(), now);
            case AUDIT -> AuditCommand.ofPartitions(commandId, runId, table, 1, List.of("2024-05-01"), now);
        };
    }

    /** The counter moves once the answer's publication is acknowledged, which can trail its arrival a little. */
    private void awaitCounter(String outcome, double atLeast) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (counter(outcome) < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("floe_commands_received_total{kind=" + kindLabel() + ",outcome=" + outcome
                        + "} is " + counter(outcome) + ", expected at least " + atLeast);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private double counter(String outcome) {
        return PrometheusText.require(prometheusText().body(), "floe_commands_received_total",
                Map.of("kind", kindLabel(), "outcome", outcome));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** /q/metrics as Prometheus' text format (what a scraper asking for text/plain gets). */
    private static HttpPoll.Reply prometheusText() {
        return HttpPoll.get(HttpPoll.url("http://localhost:" + RestAssured.port + "/q/metrics"), "text/plain");
    }
}
