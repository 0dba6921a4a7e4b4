package io.k2.floe.coordinator.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k2.floe.tiering.messages.AlertRaised;
import io.k2.floe.tiering.messages.AlertResolved;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MessageCodec;
import io.k2.floe.tiering.messages.Severity;
import io.k2.floe.tiering.testing.HttpPoll;
import io.k2.floe.tiering.testing.KafkaTestClient;
import io.k2.floe.tiering.testing.LocalStack;
import io.k2.floe.tiering.testing.PrometheusText;
import io.k2.floe.tiering.testing.ServiceProcess;
import io.k2.floe.tiering.testing.ServiceProcess.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinator's alerts reach a real Alertmanager (the local stack's, {@code deploy/local/up alertmanager}): the
 * packaged coordinator runs as its own process on a private event topic, ledger schema and consumer groups; the test
 * publishes alert events as the coordinator's AlertBook does, kills and restarts the coordinator, stops and starts
 * Alertmanager, and reads what Alertmanager shows through its v2 API.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertForwardingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MessageCodec CODEC = new MessageCodec();
    private static final String SOURCE = "/floe/coordinator";
    private static final String ID = UUID.randomUUID().toString().substring(0, 8);
    private static final String TOPIC = "floe.events.alerting-it-" + ID;
    private static final String SCHEMA = "floe_ledger_alerting_it_" + ID;
    /** Every alert of this run carries this partition label, so that other runs' alerts never match. */
    private static final String PARTITION = "it-" + ID;
    private static final String TABLE = "bronze_trades_binance";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static String alertmanager;
    private static Path dir;
    private static Path jar;
    private static KafkaTestClient kafka;
    private static ServiceProcess coordinator;

    @BeforeAll
    static void start() throws Exception {
        alertmanager = env("FLOE_ALERTMANAGER_URL");
        HttpPoll.awaitStatus(HttpPoll.url(alertmanager + "/-/ready"), 200, Duration.ofSeconds(10));
        kafka = new KafkaTestClient(env("FLOE_KAFKA_BOOTSTRAP"));
        kafka.createTopic(TOPIC);
        dir = Files.createTempDirectory("floe-alerting-it-");
        jar = ServiceProcess.copyApp(Service.COORDINATOR, dir.resolve("app"));
        coordinator = startCoordinator("coordinator-1.log");
    }

    @AfterAll
    static void stop() throws Exception {
        if (coordinator != null) {
            coordinator.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        try (Connection db = ledger(); var statement = db.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    @Test
    @Order(1)
    void raisedAlertReachesAlertmanagerLabelledForRouting() {
        String alertId = "AuditMismatch/" + TABLE + "/" + PARTITION;
        publish(new AlertRaised(alertId, "AuditMismatch", Severity.CRITICAL, Optional.of(TABLE),
                "partition " + PARTITION + " of " + TABLE + ": warm and cold differ", Map.of("partition", PARTITION)));

        JsonNode alert = awaitOpen(alertId);
        assertThat(alert.path("status").path("state").asText()).isEqualTo("active");
        assertThat(labels(alert)).containsEntry("alertname", "AuditMismatch").containsEntry("severity", "critical")
                .containsEntry("table", TABLE).containsEntry("layer", "bronze").containsEntry("source", "floe-events")
                .containsEntry("service", "coordinator").containsEntry("partition", PARTITION)
                .containsEntry("alert_id", alertId);
        assertThat(alert.path("annotations").path("runbook_url").asText()).isEqualTo("docs/runbooks/AuditMismatch.md");
        assertThat(alert.path("annotations").path("summary").asText())
                .isEqualTo("AuditMismatch on " + TABLE + " partition " + PARTITION);
        assertThat(alert.path("annotations").path("description").asText()).contains("warm and cold differ");
        // Routed by severity and layer through deploy/alertmanager/alertmanager.yml.
        assertThat(alert.path("receivers").findValuesAsText("name")).containsExactly("critical");
    }

    @Test
    @Order(2)
    void resolvedEventResolvesIt() {
        String alertId = "AuditMismatch/" + TABLE + "/" + PARTITION;
        publish(new AlertResolved(alertId, "AuditMismatch", Severity.CRITICAL, Optional.of(TABLE),
                "partition " + PARTITION + " audited equal after a repair", Map.of("partition", PARTITION)));

        awaitResolved(alertId);
    }

    @Test
    @Order(3)
    void restartNeitherDuplicatesNorLoses() throws Exception {
        // Killed without a goodbye: whatever it had not committed is read again after the restart.
        coordinator.kill();
        String alertId = "ColdLagHigh/" + TABLE + "/" + PARTITION;
        // Raised while the forwarder is down, on the same table (same partition, so after the events above).
        publish(new AlertRaised(alertId, "ColdLagHigh", Severity.WARNING, Optional.of(TABLE),
                "the cold tier of " + TABLE + " is 2400 s behind", Map.of("partition", PARTITION, "lagSeconds", "2400")));
        publish(new AlertRaised(alertId, "ColdLagHigh", Severity.WARNING, Optional.of(TABLE),
                "the cold tier of " + TABLE + " is 2400 s behind", Map.of("partition", PARTITION, "lagSeconds", "2400")));

        coordinator = startCoordinator("coordinator-2.log");

        JsonNode alert = awaitOpen(alertId);
        assertThat(labels(alert)).containsEntry("alertname", "ColdLagHigh").containsEntry("severity", "warning")
                .containsEntry("layer", "bronze").doesNotContainKey("lagSeconds");
        assertThat(alert.path("annotations").path("lagSeconds").asText()).isEqualTo("2400");
        // One alert per label set, however often it was sent; the resolved mismatch stayed resolved (a replay of its
        // raised event would have come before this one, on the same partition).
        assertThat(alertsWith(a -> PARTITION.equals(labels(a).get("partition")))).hasSize(1);
        assertThat(open("AuditMismatch/" + TABLE + "/" + PARTITION)).isEmpty();
    }

    @Test
    @Order(4)
    void alertmanagerDownThenUpDelivers() throws Exception {
        String alertId = "OffloadFailing/" + TABLE + "/" + PARTITION;
        LocalStack.down("alertmanager");
        try {
            publish(new AlertRaised(alertId, "OffloadFailing", Severity.CRITICAL, Optional.of(TABLE),
                    "offload of " + TABLE + " failed 3 times in a row", Map.of("partition", PARTITION)));
            // The forwarder tries, fails and waits (it neither drops the event nor moves on).
            awaitMetric("floe_alerting_posts_failed_total", Map.of("via", "event", "reason", "unavailable"));
        } finally {
            LocalStack.up("alertmanager");
        }
        JsonNode alert = awaitOpen(alertId);
        assertThat(labels(alert)).containsEntry("alertname", "OffloadFailing").containsEntry("table", TABLE);
        assertThat(PrometheusText.require(metrics(), "floe_alerting_alerts_sent_total",
                Map.of("via", "event", "state", "firing"))).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    @Order(5)
    void ledgerAlertsAreResentAndTheirResolutionToo() throws Exception {
        // An alert in the ledger whose event never went out (the broker was down when it was raised): the resend of the
        // ledger's open alerts delivers it, and keeps it open in an Alertmanager that restarted.
        String alertId = "MarkerStale/" + TABLE + "/" + PARTITION;
        try (Connection db = ledger(); PreparedStatement insert = db.prepareStatement("INSERT INTO " + SCHEMA
                + ".alerts (alert_id, name, severity, table_id, message, labels, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, alertId);
            insert.setString(2, "MarkerStale");
            insert.setString(3, "WARNING");
            insert.setString(4, TABLE);
            insert.setString(5, "the marker of " + TABLE + " has not moved for 1 h");
            insert.setString(6, "{\"partition\": \"" + PARTITION + "\"}");
            insert.setTimestamp(7, Timestamp.from(Instant.now().minusSeconds(3600)));
            insert.executeUpdate();
        }
        JsonNode alert = awaitOpen(alertId);
        assertThat(labels(alert)).containsEntry("alertname", "MarkerStale").containsEntry("service", "coordinator");
        // The OffloadFailing of the same table (critical, still open) inhibits this warning: the configuration's
        // inhibit rule at work. Alertmanager still lists it, as suppressed, and notifies nobody of it.
        assertThat(alert.path("status").path("state").asText()).isEqualTo("suppressed");

        try (Connection db = ledger(); PreparedStatement resolve = db.prepareStatement("UPDATE " + SCHEMA
                + ".alerts SET resolved_at = ? WHERE alert_id = ?")) {
            resolve.setTimestamp(1, Timestamp.from(Instant.now()));
            resolve.setString(2, alertId);
            resolve.executeUpdate();
        }
        awaitResolved(alertId);
    }

    // ------------------------------------------------------------------------------------------------------------

    private static ServiceProcess startCoordinator(String log) {
        Map<String, String> settings = new HashMap<>();
        settings.put("FLOE_EVENT_TOPIC", TOPIC);
        settings.put("FLOE_DEAD_LETTER_TOPIC", TOPIC + ".dead-letter");
        settings.put("FLOE_OFFLOAD_COMMAND_TOPIC", TOPIC + ".offload");
        settings.put("FLOE_AUDIT_COMMAND_TOPIC", TOPIC + ".audit");
        settings.put("FLOE_MAINTENANCE_COMMAND_TOPIC", TOPIC + ".maintenance");
        settings.put("FLOE_COORDINATOR_GROUP", "floe-alerting-it-" + ID + "-coordinator");
        settings.put("FLOE_ALERTING_GROUP", "floe-alerting-it-" + ID);
        settings.put("FLOE_LEDGER_SCHEMA", SCHEMA);
        settings.put("FLOE_CATALOG_NAME", "floe_alerting_it");
        settings.put("FLOE_COORDINATOR_SCHEDULE", "off");
        settings.put("FLOE_COORDINATOR_MAINTENANCE_SCHEDULE", "off");
        settings.put("FLOE_COORDINATOR_ALERTMANAGER_URL", alertmanager);
        settings.put("FLOE_COORDINATOR_ALERTMANAGER_RESEND_INTERVAL", "2s");
        settings.put("FLOE_COORDINATOR_ALERTMANAGER_RETRY_BACKOFF_MAX", "2s");
        return ServiceProcess.builder(Service.COORDINATOR, jar).env(settings)
                // The killed process's consumers leave their groups only when their session times out: the broker's
                // minimum, rather than the default 45 s, before the restarted one gets the partitions.
                .systemProperty("mp.messaging.incoming.alerting.session.timeout.ms", "6000")
                .systemProperty("floe.coordinator.events.session-timeout", "6s")
                .log(dir.resolve(log)).start()
                .awaitReady(Duration.ofMinutes(2));
    }

    private static void publish(Event event) {
        kafka.send(TOPIC, event.subject().orElse(null), CODEC.encode(SOURCE, event));
    }

    private static String metrics() {
        return HttpPoll.get(coordinator.url("/q/metrics"), "text/plain").body();
    }

    private static void awaitMetric(String name, Map<String, String> labels) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (PrometheusText.value(metrics(), name, labels).orElse(0) < 1) {
            assertThat(System.nanoTime()).as("%s%s still 0 after %s", name, labels, WAIT).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    /**
     * The alert Alertmanager lists (open: active, or suppressed by an inhibition) with this alert_id label, once it
     * does.
     */
    private static JsonNode awaitOpen(String alertId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<JsonNode> found = open(alertId);
            if (!found.isEmpty()) {
                assertThat(found).as("Alertmanager's alerts with alert_id %s", alertId).hasSize(1);
                return found.get(0);
            }
            assertThat(System.nanoTime()).as("alert %s not in Alertmanager after %s", alertId, WAIT).isLessThan(deadline);
            sleep();
        }
    }

    /** Waits until Alertmanager no longer lists the alert: it was resolved (Alertmanager lists only open alerts). */
    private static void awaitResolved(String alertId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!open(alertId).isEmpty()) {
            assertThat(System.nanoTime()).as("alert %s still active in Alertmanager after %s", alertId, WAIT)
                    .isLessThan(deadline);
            sleep();
        }
    }

    private static List<JsonNode> open(String alertId) {
        return alertsWith(a -> alertId.equals(labels(a).get("alert_id")));
    }

    /** Alertmanager's alerts (GET /api/v2/alerts lists the ones not resolved) of this run that match. */
    private static List<JsonNode> alertsWith(Predicate<JsonNode> match) {
        String filter = URLEncoder.encode("partition=\"" + PARTITION + "\"", StandardCharsets.UTF_8);
        HttpPoll.Reply reply = HttpPoll.get(HttpPoll.url(alertmanager + "/api/v2/alerts?filter=" + filter),
                "application/json");
        assertThat(reply.status()).as("GET /api/v2/alerts: %s", reply.body()).isEqualTo(200);
        List<JsonNode> found = new ArrayList<>();
        try {
            JSON.readTree(reply.body()).forEach(a -> {
                if (match.test(a)) {
                    found.add(a);
                }
            });
        } catch (Exception e) {
            throw new AssertionError("Alertmanager's answer is not JSON: " + reply.body(), e);
        }
        return found;
    }

    private static Map<String, String> labels(JsonNode alert) {
        Map<String, String> labels = new HashMap<>();
        alert.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static Connection ledger() throws SQLException {
        return DriverManager.getConnection(env("FLOE_JDBC_URL"), env("FLOE_PG_USER"), env("FLOE_PG_PASSWORD"));
    }

    private static String env(String name) {
        String value = System.getenv(name);
        assertThat(value).as("%s (from the local stack's floe.env: . \"$(deploy/local/env)\")", name).isNotBlank();
        return value;
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
