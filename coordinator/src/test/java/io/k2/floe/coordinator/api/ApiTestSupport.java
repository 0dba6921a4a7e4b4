package io.k2.floe.coordinator.api;

import io.k2.floe.tiering.messages.AuditCommand;
import io.k2.floe.tiering.messages.Command;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.MaintenanceCommand;
import io.k2.floe.tiering.messages.MessageCodec;
import io.k2.floe.tiering.messages.OffloadCommand;
import io.k2.floe.tiering.testing.KafkaTestClient;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static io.k2.floe.coordinator.api.Callers.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** Calls of the API the tests share: the error answer's shape, and that a refused request changed nothing. */
final class ApiTestSupport {

    /** Two ticks of the test coordinator (1 s): anything a request set in motion has been sent by then. */
    static final Duration QUIET = Duration.ofSeconds(2);
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final MessageCodec CODEC = new MessageCodec();

    private ApiTestSupport() {
    }

    /** The offload command topic of the coordinator under test (OwnLedger gives it one of its own). */
    static String commandTopic() {
        return ConfigProvider.getConfig().getValue("mp.messaging.outgoing.offload-commands.topic", String.class);
    }

    /** The audit command topic of the coordinator under test. */
    static String auditTopic() {
        return ConfigProvider.getConfig().getValue("mp.messaging.outgoing.audit-commands.topic", String.class);
    }

    /** The maintenance command topic of the coordinator under test. */
    static String maintenanceTopic() {
        return ConfigProvider.getConfig().getValue("mp.messaging.outgoing.maintenance-commands.topic", String.class);
    }

    /** The event topic the coordinator under test listens to (and publishes its own events on). */
    static String eventTopic() {
        return ConfigProvider.getConfig().getValue("floe.coordinator.events.topic", String.class);
    }

    static KafkaTestClient kafka() {
        return new KafkaTestClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    /** Checks the error answer: status, reason phrase, and a message that contains every one of {@code names}. */
    static ExtractableResponse<Response> assertError(Response response, int status, String reason, String... names) {
        var then = response.then().statusCode(status).contentType(ContentType.JSON)
                .body("status", is(status)).body("error", is(reason));
        for (String name : names) {
            then.body("message", containsString(name));
        }
        return then.extract();
    }

    /** A request the API must refuse: what it is (for the report), how to send it, and the answer it must get. */
    record Refusal(String what, Supplier<Response> request, int status, String reason, List<String> names) {

        Refusal {
            names = List.copyOf(names);
        }

        static Refusal of(String what, Supplier<Response> request, int status, String reason, String... names) {
            return new Refusal(what, request, status, reason, List.of(names));
        }
    }

    /**
     * Sends a request the API must refuse, checks the error answer, and that it changed nothing: no run was created,
     * no table's state changed, and no command went out (the offload, audit and maintenance command topics stay quiet
     * for two ticks). A refused read (GET) needs only {@link #assertError}: a read changes nothing whatever its answer.
     */
    static ExtractableResponse<Response> refusedChangingNothing(KafkaTestClient kafka, Supplier<Response> request,
                                                                int status, String reason, String... names) {
        return refusedChangingNothing(kafka, List.of(Refusal.of("the request", request, status, reason, names)))
                .getFirst();
    }

    /**
     * Sends each request the API must refuse, one after the other, and checks every error answer (a wrong one does not
     * stop the others: all are reported), that none created a run or changed a table's state, and that no command
     * went out while they were sent nor for two ticks after the last one. Many refusals share that one quiet wait.
     */
    static List<ExtractableResponse<Response>> refusedChangingNothing(KafkaTestClient kafka, List<Refusal> refusals) {
        int runsBefore = runCount();
        List<Map<String, Object>> tablesBefore = tableStates();
        List<ExtractableResponse<Response>> answers = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        // one tail over the three command topics, so that their silence is waited for once
        try (KafkaTestClient.Tail commands = kafka.tail(commandTopic(), auditTopic(), maintenanceTopic())) {
            for (Refusal refusal : refusals) {
                try {
                    answers.add(assertError(refusal.request().get(), refusal.status(), refusal.reason(),
                            refusal.names().toArray(String[]::new)));
                } catch (AssertionError e) {
                    wrong.add(refusal.what() + ": " + e.getMessage());
                }
            }
            assertThat(wrong).as("refused requests whose answer is wrong").isEmpty();
            Optional<ConsumerRecord<byte[], byte[]>> sent = firstWithin(commands, r -> true, QUIET);
            assertThat(sent.map(r -> r.topic() + ": " + new String(r.value(), StandardCharsets.UTF_8)))
                    .as("a command (offload, audit or maintenance) sent after refused requests: " + whats(refusals))
                    .isEmpty();
        }
        assertThat(runCount()).as("runs in the ledger after refused requests: " + whats(refusals))
                .isEqualTo(runsBefore);
        assertThat(tableStates()).as("table states after refused requests: " + whats(refusals))
                .isEqualTo(tablesBefore);
        return answers;
    }

    private static String whats(List<Refusal> refusals) {
        return refusals.stream().map(Refusal::what).toList().toString();
    }

    static int runCount() {
        return operator().when().get("/api/runs?limit=500").then().statusCode(200).extract().jsonPath()
                .getList("$").size();
    }

    /** What a request could change of each table: marker, pause, failures, last run (not the lag, which ticks). */
    static List<Map<String, Object>> tableStates() {
        List<Map<String, Object>> tables = operator().when().get("/api/tables").then().statusCode(200).extract()
                .jsonPath().getList("$");
        List<Map<String, Object>> states = new ArrayList<>();
        for (Map<String, Object> table : tables) {
            Map<String, Object> state = new LinkedHashMap<>();
            for (String field : List.of("table", "marker", "paused", "pausedAt", "consecutiveFailures", "lastRun")) {
                state.put(field, table.get(field));
            }
            states.add(state);
        }
        return states;
    }

    /** The first record matching within {@code timeout}, or empty. */
    static Optional<ConsumerRecord<byte[], byte[]>> firstWithin(KafkaTestClient.Tail tail,
                                                                 Predicate<ConsumerRecord<byte[], byte[]>> match,
                                                                 Duration timeout) {
        try {
            return Optional.of(tail.await(match, timeout, "any"));
        } catch (AssertionError nothing) {
            return Optional.empty();
        }
    }

    /** The offload command of {@code runId} for {@code table}, keyed by the table as the coordinator sends it. */
    static OffloadCommand awaitCommand(KafkaTestClient.Tail commands, String runId, String table) {
        ConsumerRecord<byte[], byte[]> record = commands.await(r -> table.equals(key(r))
                        && decode(r) instanceof OffloadCommand c && c.runId().equals(runId) && c.table().equals(table),
                COMMAND_TIMEOUT, "the offload command of run " + runId + " for " + table);
        return (OffloadCommand) decode(record);
    }

    /** The audit command of {@code runId}, keyed by its table as the coordinator sends it. */
    static AuditCommand awaitAuditCommand(KafkaTestClient.Tail commands, String runId, String table) {
        ConsumerRecord<byte[], byte[]> record = commands.await(r -> table.equals(key(r))
                        && decode(r) instanceof AuditCommand c && c.runId().equals(runId) && c.table().equals(table),
                COMMAND_TIMEOUT, "the audit command of run " + runId + " for " + table);
        return (AuditCommand) decode(record);
    }

    /** The maintenance command of {@code runId} for {@code table} with the action, keyed by the table. */
    static MaintenanceCommand awaitMaintenanceCommand(KafkaTestClient.Tail commands, String runId, String table,
                                                      MaintenanceAction action) {
        ConsumerRecord<byte[], byte[]> record = commands.await(r -> table.equals(key(r))
                        && decode(r) instanceof MaintenanceCommand c && c.runId().equals(runId) && c.table().equals(table)
                        && c.action() == action,
                COMMAND_TIMEOUT, "the " + action + " command of run " + runId + " for " + table);
        return (MaintenanceCommand) decode(record);
    }

    static String key(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }

    static Command decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return CODEC.decodeCommand(new String(record.value(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            return null;
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
