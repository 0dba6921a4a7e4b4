package io.k2.floe.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.messages.AlertRaised;
import io.k2.floe.tiering.messages.AlertResolved;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MessageCodec;
import io.k2.floe.tiering.testing.HttpPoll;
import io.k2.floe.tiering.testing.KafkaTestClient;
import io.k2.floe.tiering.testing.PrometheusText;
import io.k2.floe.tiering.testing.LocalStack;
import io.k2.floe.tiering.testing.ServiceProcess;
import io.k2.floe.tiering.testing.ServiceProcess.Service;
import io.k2.floe.tiering.testing.WarmSql;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole cycle over the broker, as in production: the generator publishes trades continuously, ClickHouse's reference
 * DDL turns them into bronze, silver and gold, and the four services run as their own processes — the coordinator on a
 * 10-second schedule, two offload-worker replicas, the maintenance worker and the auditor. Each test then disturbs the
 * platform (a worker killed, the broker or PostgreSQL restarted, the ledger emptied, a warm table dropped) and checks
 * what a user would: runs complete, every cold table equals its warm table up to its marker with zero duplicates and
 * zero losses counted key by key, and the ledger shows the layers in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {

    private static final Duration RUN_WAIT = Duration.ofMinutes(6);
    /** The coordinator's gauge refresh (2 s) plus the local Prometheus's scrape and evaluation (5 s each), with room. */
    private static final Duration PROMETHEUS_WAIT = Duration.ofMinutes(1);

    private final MessageCodec codec = new MessageCodec();
    private final TableCatalog catalog = TableCatalog.load();
    private Platform platform;
    private ColdCatalogs cold;
    private ClickHouseHttp http;
    private WarmSql warm;
    private KafkaTestClient kafka;
    private KafkaTestClient.Tail events;
    private LocalPrometheus prometheus;
    private RunWaits runs;

    @BeforeAll
    void start() {
        platform = new Platform(Map.of(
                "FLOE_COORDINATOR_SCHEDULE", "0/10 * * * * ?",
                "FLOE_COORDINATOR_SETTLE_LAG", "5s",
                "FLOE_COORDINATOR_TASK_TIMEOUT", "3m",
                "FLOE_COORDINATOR_RETRY_BACKOFF", "2s",
                "FLOE_COORDINATOR_MAX_ATTEMPTS", "8",
                // the gauges Prometheus's rules read are refreshed from the ledger this often (default 15 s)
                "FLOE_COORDINATOR_WATCH_INTERVAL", "2s"));
        // The stack's Prometheus scrapes the coordinator at a fixed port: this test's coordinator takes it, so that the
        // production alert rules evaluate this platform's metrics (test 6).
        prometheus = LocalPrometheus.fromEnvironment();
        platform.port(Service.COORDINATOR, prometheus.scrapedPort("coordinator"));
        platform.create();
        runs = new RunWaits(platform, RUN_WAIT);
        kafka = new KafkaTestClient(Platform.env("FLOE_KAFKA_BOOTSTRAP"));
        events = kafka.tail(platform.eventTopic);
        http = new ClickHouseHttp(Platform.env("FLOE_CLICKHOUSE_URL"), Platform.env("FLOE_CLICKHOUSE_USER"),
                Optional.ofNullable(System.getenv("FLOE_CLICKHOUSE_PASSWORD")).orElse(""), platform.database,
                Duration.ofSeconds(5));
        warm = new WarmSql(http);
        // One catalog for the whole class, pooled like the services': it must survive the PostgreSQL restart too.
        cold = platform.cold();
        // 100 messages a second for up to an hour: a trickle like the live feed's, with its late and duplicate trades.
        // Market time starts three minutes before a midnight two days ago: a bar is offloaded once its bucket has closed
        // (plus grace) by the window's ingestion time, so bars of every interval are final at once, and passing
        // midnight adds a second day's bars while the test runs.
        Instant marketStart = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).atStartOfDay()
                .minusDays(1).minusMinutes(3).toInstant(java.time.ZoneOffset.UTC);
        platform.startGenerator(100, 360_000, marketStart);
        platform.start("worker-a", Service.OFFLOAD_WORKER);
        platform.start("worker-b", Service.OFFLOAD_WORKER);
        platform.start("auditor", Service.AUDITOR);
        platform.start("maintenance", Service.MAINTENANCE_WORKER);
        platform.start("coordinator", Service.COORDINATOR);
    }

    @AfterAll
    void stop() throws Exception {
        if (events != null) {
            events.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (cold != null) {
            cold.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void threeScheduledCyclesMakeEveryColdTableEqualItsWarmTable() throws Exception {
        List<String> runs = awaitCompletedRuns(3, "SCHEDULED", Instant.EPOCH);
        assertColdEqualsWarm("after three scheduled cycles");
        assertLayersInOrder(runs);
        try (Connection ledger = platform.ledger(); Statement sql = ledger.createStatement()) {
            ResultSet rows = sql.executeQuery("SELECT count(*) FROM tasks WHERE kind = 'OFFLOAD' AND rows_written > 0");
            rows.next();
            assertThat(rows.getLong(1)).as("offload tasks that moved rows").isPositive();
        }
        String metrics = HttpPoll.get(platform.service("coordinator").url("/q/metrics"), "text/plain").body();
        assertThat(PrometheusText.require(metrics, "floe_runs_completed_total", Map.of("outcome", "succeeded")))
                .as("floe_runs_completed_total{outcome=succeeded}").isGreaterThanOrEqualTo(3);
        for (CatalogTable table : catalog.tables()) {
            double marker = PrometheusText.require(metrics, "floe_committed_marker_seconds",
                    Map.of("table", table.id(), "layer", table.layer().name().toLowerCase(java.util.Locale.ROOT)));
            assertThat(marker).as("floe_committed_marker_seconds of %s", table.id())
                    .isGreaterThan(Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond());
        }
    }

    @Test
    @Order(2)
    void aWorkerKilledInTheMiddleOfARunIsReplacedWithoutDuplicatesOrLosses() throws Exception {
        Instant before = Instant.now();
        String run = awaitRunWithSentOffload(before);
        ServiceProcess victim = platform.service("worker-a");
        int status = victim.kill();
        assertThat(status).as("worker-a's exit status after SIGKILL").isEqualTo(ServiceProcess.SIGKILL_STATUS);
        awaitRunFinished(run);
        assertThat(runStatus(run)).as("run %s, during which worker-a was killed", run).isEqualTo("SUCCEEDED");
        // The run after it too: the survivor now holds every table's commands.
        awaitCompletedRuns(1, "SCHEDULED", Instant.now());
        assertColdEqualsWarm("after worker-a was killed during run " + run);
        platform.start("worker-a", Service.OFFLOAD_WORKER);
    }

    @Test
    @Order(3)
    void aBrokerRestartDuringARunDelaysItButDuplicatesNothing() throws Exception {
        String run = awaitRunWithSentOffload(Instant.now());
        LocalStack.down("kafka");
        try {
            Thread.sleep(5_000);
        } finally {
            LocalStack.up("kafka");
        }
        awaitRunFinished(run);
        awaitCompletedRuns(1, "SCHEDULED", Instant.now());
        assertColdEqualsWarm("after the broker restarted during run " + run);
    }

    @Test
    @Order(4)
    void aPostgresqlRestartDuringARunDelaysItButDuplicatesNothing() throws Exception {
        String run = awaitRunWithSentOffload(Instant.now());
        LocalStack.down("postgres");
        try {
            Thread.sleep(5_000);
        } finally {
            LocalStack.up("postgres");
        }
        awaitRunFinished(run);
        awaitCompletedRuns(1, "SCHEDULED", Instant.now());
        assertColdEqualsWarm("after PostgreSQL restarted during run " + run);
    }

    @Test
    @Order(5)
    void anEmptiedLedgerIsRebuiltFromIcebergAndTheNextCyclesNeitherRepeatNorSkip() throws Exception {
        try (Connection ledger = platform.ledger(); Statement sql = ledger.createStatement()) {
            sql.execute("TRUNCATE runs, tasks, table_states, alerts CASCADE");
        }
        Instant emptied = Instant.now();
        List<String> runs = awaitCompletedRuns(2, "SCHEDULED", emptied);
        try (Connection ledger = platform.ledger(); Statement sql = ledger.createStatement()) {
            ResultSet rows = sql.executeQuery("SELECT count(*) FROM table_states WHERE marker_upper IS NOT NULL");
            rows.next();
            assertThat(rows.getInt(1)).as("tables whose marker was rebuilt from Iceberg").isEqualTo(catalog.size());
        }
        assertColdEqualsWarm("after the ledger was emptied and runs " + runs + " ran");
    }

    @Test
    @Order(6)
    void aTableFailingThreeTimesInARowRaisesAnAlertThatIsResolvedWhenItRecovers() throws Exception {
        // The event alert and Prometheus's rule of the same name both fire, and both clear when the table recovers.
        String table = "gold_ohlcv_1d";
        String alertId = "OffloadFailing/" + table;
        warm.execute("DROP TABLE IF EXISTS `" + platform.database + "`.`" + table + "_bars`");
        try {
            ConsumerRecord<byte[], byte[]> raised = events.await(r -> isAlert(r, AlertRaised.class, alertId),
                    RUN_WAIT, "alert.raised " + alertId);
            AlertRaised alert = (AlertRaised) codec.decodeEvent(new String(raised.value(), StandardCharsets.UTF_8));
            assertThat(alert.message()).contains(table).contains("UNKNOWN_TABLE");
            // The stack's Prometheus, scraping this coordinator, fires the production rule OffloadFailing from the
            // coordinator's own floe_offload_failures_in_a_row (it has no "for": 3 failures in a row are the condition).
            JsonNode firing = prometheus.awaitFiring("OffloadFailing", Map.of("table", table), PROMETHEUS_WAIT);
            assertThat(firing.path("labels").path("severity").asText()).isEqualTo("critical");
            assertThat(firing.path("labels").path("layer").asText()).isEqualTo("gold");
            assertThat(firing.path("labels").path("service").asText()).isEqualTo("coordinator");
            assertThat(firing.path("labels").path("source").asText()).isEqualTo("prometheus");
            assertThat(firing.path("annotations").path("runbook_url").asText())
                    .isEqualTo("docs/runbooks/OffloadFailing.md");
            assertThat(Double.parseDouble(firing.path("value").asText())).isGreaterThanOrEqualTo(3);
            System.out.println("Prometheus fires OffloadFailing: " + firing);
        } finally {
            platform.applyWarmDdl();
        }
        ConsumerRecord<byte[], byte[]> resolved = events.await(r -> isAlert(r, AlertResolved.class, alertId),
                RUN_WAIT, "alert.resolved " + alertId);
        assertThat(codec.decodeEvent(new String(resolved.value(), StandardCharsets.UTF_8)))
                .isInstanceOf(AlertResolved.class);
        // ... and clears it once an offload of the table succeeded again
        prometheus.awaitCleared("OffloadFailing", Map.of("table", table), PROMETHEUS_WAIT);
        try (Connection ledger = platform.ledger(); Statement sql = ledger.createStatement()) {
            ResultSet rows = sql.executeQuery("SELECT count(*) FROM alerts WHERE alert_id = '" + alertId
                    + "' AND resolved_at IS NOT NULL");
            rows.next();
            assertThat(rows.getInt(1)).as("resolved alert %s in the ledger", alertId).isEqualTo(1);
        }
    }

    @Test
    @Order(7)
    void everyMetricTheDashboardAndTheAlertRulesReadExistsInTheServicesMetrics() {
        // After the cycles above every kind of work has happened once: the services' real scrapes must name every
        // metric the dashboard's panels and the alert rules read, or a panel stays empty and a rule never fires.
        Set<String> served = new TreeSet<>();
        // The HTTP panel counts API requests (Quarkus leaves /q/* out of them): make one, as an operator would.
        HttpPoll.get(platform.service("coordinator").url("/api/tables"), "application/json");
        Map<String, ServiceProcess> running = platform.running();
        assertThat(running.values()).extracting(ServiceProcess::service).contains(Service.values());
        for (ServiceProcess service : running.values()) {
            String text = HttpPoll.get(service.url("/q/metrics"), "text/plain").body();
            text.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("[{ ]", 2)[0]).forEach(served::add);
        }
        // Series Prometheus makes itself, not the services
        Set<String> prometheusOwn = Set.of("up");
        Map<String, Set<String>> missing = new TreeMap<>();
        Map<String, String> expressions = new LinkedHashMap<>();
        PromQlNames.dashboardExpressions(DashboardQueriesTest.DASHBOARD)
                .forEach((panel, expr) -> expressions.put("dashboard panel " + panel, expr));
        PromQlNames.ruleExpressions(LocalStack.repoRoot().resolve("deploy/prometheus/rules/floe-alerts.yml"))
                .forEach((alert, expr) -> expressions.put("alert rule " + alert, expr));
        expressions.forEach((where, expr) -> {
            for (String name : PromQlNames.metricNames(expr)) {
                if (!served.contains(name) && !prometheusOwn.contains(name)) {
                    missing.computeIfAbsent(where, w -> new TreeSet<>()).add(name);
                }
            }
        });
        assertThat(missing).as("metrics named by the dashboard and the rules but absent from the services' /q/metrics")
                .isEmpty();
        System.out.println(expressions.size() + " dashboard and rule expressions checked against " + served.size()
                + " metric names the services serve");
    }

    // ---------------------------------------------------------------------------------------------------------------

    private boolean isAlert(ConsumerRecord<byte[], byte[]> record, Class<? extends Event> type, String alertId) {
        try {
            Event event = codec.decodeEvent(new String(record.value(), StandardCharsets.UTF_8));
            return type.isInstance(event) && (event instanceof AlertRaised r ? r.alertId().equals(alertId)
                    : ((AlertResolved) event).alertId().equals(alertId));
        } catch (Exception e) {
            return false;
        }
    }

    /** Per run: silver sent only after every bronze task of the run finished, gold only after silver; windows nested. */
    private void assertLayersInOrder(List<String> runs) throws SQLException {
        try (Connection ledger = platform.ledger()) {
            for (String run : runs) {
                var statement = ledger.prepareStatement("SELECT table_id, first_sent_at, finished_at, window_upper, status"
                        + " FROM tasks WHERE run_id = ? AND kind = 'OFFLOAD'");
                statement.setString(1, run);
                ResultSet rows = statement.executeQuery();
                Instant bronzeDone = Instant.MIN;
                Instant silverSent = null;
                Instant silverDone = null;
                Instant bronzeUpper = Instant.MAX;
                Instant silverUpper = null;
                List<Instant> goldSent = new ArrayList<>();
                List<Instant> goldUpper = new ArrayList<>();
                while (rows.next()) {
                    String table = rows.getString(1);
                    Instant sent = instant(rows.getTimestamp(2));
                    Instant done = instant(rows.getTimestamp(3));
                    Instant upper = instant(rows.getTimestamp(4));
                    assertThat(rows.getString(5)).as("run %s table %s", run, table).isEqualTo("SUCCEEDED");
                    if (table.startsWith("bronze_")) {
                        bronzeDone = done.isAfter(bronzeDone) ? done : bronzeDone;
                        if (upper != null && upper.isBefore(bronzeUpper)) {
                            bronzeUpper = upper;
                        }
                    } else if (table.equals("silver_trades")) {
                        silverSent = sent;
                        silverDone = done;
                        silverUpper = upper;
                    } else if (sent != null) {
                        goldSent.add(sent);
                        goldUpper.add(upper);
                    }
                }
                if (silverSent != null) {
                    assertThat(silverSent).as("run %s: silver sent after every bronze table committed", run)
                            .isAfterOrEqualTo(bronzeDone);
                    if (bronzeUpper != Instant.MAX) {
                        assertThat(silverUpper).as("run %s: silver's window within bronze's", run)
                                .isBeforeOrEqualTo(bronzeUpper);
                    }
                }
                for (int i = 0; i < goldSent.size(); i++) {
                    assertThat(silverDone).as("run %s: silver finished", run).isNotNull();
                    assertThat(goldSent.get(i)).as("run %s: gold sent after silver committed", run)
                            .isAfterOrEqualTo(silverDone);
                    if (silverUpper != null) {
                        assertThat(goldUpper.get(i)).as("run %s: gold's window within silver's", run)
                                .isBeforeOrEqualTo(silverUpper);
                    }
                }
            }
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private void assertColdEqualsWarm(String when) {
        ColdEqualsWarm.assertEveryTable(catalog, cold.catalog(), http, warm, when);
    }

    private List<String> awaitCompletedRuns(int count, String kind, Instant since) throws Exception {
        return runs.awaitCompletedRuns(count, kind, since);
    }

    private String awaitRunWithSentOffload(Instant since) throws Exception {
        return runs.awaitRunWithSentOffload(since);
    }

    private void awaitRunFinished(String run) throws Exception {
        runs.awaitRunFinished(run);
    }

    private String runStatus(String run) throws SQLException {
        return runs.runStatus(run);
    }
}
