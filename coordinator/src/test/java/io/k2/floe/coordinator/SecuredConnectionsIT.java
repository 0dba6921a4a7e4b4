package io.k2.floe.coordinator;

import io.k2.floe.tiering.security.ApiTokens;
import io.k2.floe.tiering.testing.HttpPoll;
import io.k2.floe.tiering.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.k2.floe.coordinator.api.Callers.anonymous;
import static io.k2.floe.coordinator.api.Callers.operator;
import static io.k2.floe.coordinator.api.Callers.reader;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinator with every connection authenticated as in production ({@link OwnLedger.SecuredConnections}): it
 * works — ready over a SASL_SSL/SCRAM broker connection and a password-carrying JDBC URL, and an event goes through it
 * and back (consumed and dead-lettered over SASL_SSL) — and none of its credentials (broker password, trust store
 * password, database password, a ClickHouse password inside the URL, the API tokens) shows in its health output, its
 * API answers (error answers included) or its log.
 */
@QuarkusTest
@TestProfile(OwnLedger.SecuredConnections.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredConnectionsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private KafkaTestClient plain;
    private final List<String> seen = new ArrayList<>();

    @BeforeAll
    void connect() {
        // the test's own client uses the plain listener of the same broker: what it sees, the coordinator sent
        plain = new KafkaTestClient(OwnLedger.Scratch.kafkaBootstrap());
    }

    @AfterAll
    void disconnect() {
        plain.close();
    }

    /** Every secret the coordinator holds, by what it is. */
    private static Map<String, String> secrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("broker password", System.getenv("FLOE_KAFKA_SASL_PASSWORD"));
        secrets.put("trust store password", System.getenv("FLOE_KAFKA_TRUSTSTORE_PASSWORD"));
        secrets.put("database password", System.getenv("FLOE_PG_PASSWORD"));
        secrets.put("object store secret key", System.getenv("FLOE_S3_SECRET_KEY"));
        // read back from the configuration: the profile's own constants belong to another class loader's instance
        String clickhouse = ConfigProvider.getConfig().getValue("floe.clickhouse.url", String.class);
        secrets.put("ClickHouse password in the URL", java.net.URI.create(clickhouse).getUserInfo().split(":", 2)[1]);
        secrets.values().forEach(value -> assertThat(value).as("a secret of the local stack").isNotBlank());
        return secrets;
    }

    private void assertNoSecretIn(String where, String text) {
        seen.add(where);
        secrets().forEach((what, secret) -> assertThat(text).as("the %s in %s", what, where).doesNotContain(secret));
    }

    @Test
    void readyOverTheSecuredConnectionsWithNoSecretInItsHealth() {
        String base = "http://localhost:" + RestAssured.port;
        HttpPoll.awaitStatus(HttpPoll.url(base + "/q/health/ready"), 200, TIMEOUT);
        String health = anonymous().when().get("/q/health").then().statusCode(200).extract().asString();
        assertThat(health).contains("\"broker\"").contains(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        assertNoSecretIn("/q/health", health);
        assertNoSecretIn("/q/metrics", anonymous().when().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    @Test
    void anEventGoesThroughTheCoordinatorOverSaslSsl() {
        String events = ConfigProvider.getConfig().getValue("floe.coordinator.events.topic", String.class);
        String deadLetters = ConfigProvider.getConfig().getValue("mp.messaging.outgoing.dead-letter.topic", String.class);
        byte[] garbage = ("{\"specversion\":\"1.0\",\"broken\":\"" + UUID.randomUUID() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        try (KafkaTestClient.Tail copies = plain.tail(deadLetters)) {
            plain.send(events, "garbage", garbage);
            ConsumerRecord<byte[], byte[]> copy = copies.await(r -> Arrays.equals(r.value(), garbage), TIMEOUT,
                    "the coordinator's dead-letter copy (read and written over SASL_SSL)");
            assertThat(copy.value()).isEqualTo(garbage);
        }
    }

    @Test
    void noSecretInApiAnswersErrorsIncluded() {
        // warm row counts go to ClickHouse, which refuses the URL's password: the failure's path must not leak it
        String counts = operator().when().get("/api/tables?counts=true").then().extract().asString();
        assertNoSecretIn("GET /api/tables?counts=true", counts);
        String unknown = reader().when().get("/api/tables/no_such_table").then().statusCode(404).extract().asString();
        assertNoSecretIn("a 404 answer", unknown);
        String refused = reader().when().post("/api/runs").then().statusCode(403).extract().asString();
        assertNoSecretIn("a 403 answer", refused);
        String badBody = operator().contentType("application/json").body("{\"to\":")
                .when().post("/api/tables/bronze_trades_binance/backfill").then().statusCode(400).extract().asString();
        assertNoSecretIn("a 400 answer", badBody);
    }

    /** Runs last in effect: checks the log of everything the coordinator did so far, these tests' requests included. */
    @Test
    void noSecretInTheLog() throws Exception {
        readyOverTheSecuredConnectionsWithNoSecretInItsHealth();
        noSecretInApiAnswersErrorsIncluded();
        String token = io.k2.floe.coordinator.api.Callers.token(ApiTokens.OPERATOR);
        Path log = Path.of(ConfigProvider.getConfig().getValue("quarkus.log.file.path", String.class));
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(text).as("the coordinator's log %s", log).contains("Installed features");
        assertNoSecretIn("the log", text);
        assertThat(text).as("the log").doesNotContain(token.substring(token.lastIndexOf('.') + 1));
    }
}
