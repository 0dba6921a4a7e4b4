package io.k2.floe.coordinator;

import io.k2.floe.coordinator.leadership.Leadership;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.FloeTopics;
import io.k2.floe.tiering.messages.MessageCodec;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.messages.TaskKind;
import io.k2.floe.tiering.testing.HttpPoll;
import io.k2.floe.tiering.testing.KafkaTestClient;
import io.k2.floe.tiering.testing.PrometheusText;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.k2.floe.coordinator.api.Callers.anonymous;
import static io.k2.floe.coordinator.api.Callers.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;

/**
 * The coordinator against the real local stack: readiness, metrics, and counting what arrives on its event topic
 * (OwnLedger gives it topics of its own, so that the services' events never reach it and its test events reach no
 * one else).
 */
@QuarkusTest
@TestProfile(OwnLedger.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoordinatorIT {

    private static final String FAILED_OFFLOAD = "io.k2.floe.event.offload.failed.v1";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final MessageCodec codec = new MessageCodec();
    @Inject
    DataSource ledger;
    @Inject
    Leadership leadership;
    private KafkaTestClient kafka;
    private String events;
    private String deadLetters;

    @BeforeAll
    void connect() {
        kafka = new KafkaTestClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        events = ConfigProvider.getConfig().getValue("floe.coordinator.events.topic", String.class);
        deadLetters = ConfigProvider.getConfig().getValue("mp.messaging.outgoing.dead-letter.topic", String.class);
    }

    @AfterAll
    void disconnect() {
        kafka.close();
    }

    @Test
    void readinessIsUpWithACheckPerDependency() {
        // Like an orchestrator, give a freshly started service a moment to see its dependencies.
        HttpPoll.awaitStatus(HttpPoll.url("http://localhost:" + RestAssured.port + "/q/health/ready"), 200,
                Duration.ofSeconds(30));
        anonymous().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", containsInAnyOrder("broker", "postgresql", "leadership"))
                .body("checks.status", everyItem(is("UP")))
                // the only coordinator on its ledger leads, and says so
                .body("checks.find { it.name == 'leadership' }.data.role", is("leader"));
    }

    /**
     * The ledger's fence (migration V5) refuses writes of a coordinator without the lease only if its connections say
     * who they are: every connection of the pool carries this coordinator's instance id.
     */
    @Test
    void ledgerConnectionsCarryThisCoordinatorsIdForTheFence() throws Exception {
        try (Connection connection = ledger.getConnection(); Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT current_setting('floe.holder', true)")) {
            rows.next();
            assertThat(rows.getString(1)).as("floe.holder of a ledger connection").isEqualTo(leadership.instanceId());
        }
        assertThat(leadership.isLeader()).as("the only coordinator on its ledger leads").isTrue();
    }

    @Test
    void livenessIsUp() {
        anonymous().when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
    }

    @Test
    void metricsAreServedInPrometheusFormat() {
        HttpPoll.Reply metrics = prometheusText();
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain; version=0.0.4");
        String body = metrics.body();
        assertThat(body).contains("# TYPE floe_events_received_total counter")
                .contains("# TYPE jvm_memory_used_bytes gauge");
        PrometheusText.require(body, "floe_events_received_total", Map.of("type", FAILED_OFFLOAD));
        PrometheusText.require(body, "floe_events_received_total", Map.of("type", "malformed"));
        PrometheusText.require(body, "floe_dead_letters_published_total", Map.of("topic", FloeTopics.EVENTS));
    }

    @Test
    void anEventOnTheEventTopicIsCountedByType() {
        double before = received(FAILED_OFFLOAD);
        String commandId = "test-" + UUID.randomUUID();
        TaskFailed event = new TaskFailed(commandId, "run-" + commandId, "bronze_trades_binance", TaskKind.OFFLOAD, 1,
                ErrorTypes.NOT_IMPLEMENTED, "published by the coordinator's test", List.of());
        kafka.send(events, event.table(), codec.encode("/floe/test", event));
        awaitCount(FAILED_OFFLOAD, before + 1);
    }

    @Test
    void aMalformedEventIsCountedAndCopiedToTheDeadLetterTopic() {
        double before = received("malformed");
        byte[] garbage = ("{\"specversion\":\"1.0\",\"broken\":" + UUID.randomUUID() + "}").getBytes(StandardCharsets.UTF_8);
        try (KafkaTestClient.Tail copies = kafka.tail(deadLetters)) {
            RecordMetadata sent = kafka.send(events, "garbage", garbage);
            ConsumerRecord<byte[], byte[]> copy = copies.await(r -> Arrays.equals(r.value(), garbage), TIMEOUT,
                    "the verbatim copy of the malformed event");
            assertThat(header(copy, "dead-letter-topic")).isEqualTo(events);
            assertThat(header(copy, "dead-letter-offset")).isEqualTo(Long.toString(sent.offset()));
            assertThat(header(copy, "dead-letter-reason")).isNotBlank();
        }
        awaitCount("malformed", before + 1);
    }

    private void awaitCount(String type, double atLeast) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        double now = received(type);
        while (now < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("floe_events_received_total{type=\"" + type + "\"} is " + now
                        + ", expected at least " + atLeast + " within " + TIMEOUT);
            }
            sleep(200);
            now = received(type);
        }
    }

    private static double received(String type) {
        return PrometheusText.require(prometheusText().body(), "floe_events_received_total", Map.of("type", type));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** /q/metrics as Prometheus' text format (what a scraper asking for text/plain gets). */
    private static HttpPoll.Reply prometheusText() {
        return HttpPoll.get(HttpPoll.url("http://localhost:" + RestAssured.port + "/q/metrics"), "text/plain");
    }
}
