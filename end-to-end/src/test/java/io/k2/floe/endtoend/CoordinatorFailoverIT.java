package io.k2.floe.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.messages.Command;
import io.k2.floe.tiering.messages.MessageCodec;
import io.k2.floe.tiering.messages.OffloadCommand;
import io.k2.floe.tiering.security.ApiTokens;
import io.k2.floe.tiering.testing.HttpPoll;
import io.k2.floe.tiering.testing.KafkaTestClient;
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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two coordinators on one ledger, as production runs them: exactly one leads (readiness says which), the standby
 * refuses changes, and when the leader is SIGKILLed or SIGSTOPped in the middle of a run the standby takes over within
 * seconds, the run completes, no window is sent under two command ids, and every cold table equals its warm table row
 * by row. The paused former leader, woken after the take-over, stands by and changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CoordinatorFailoverIT {

    private static final Duration RUN_WAIT = Duration.ofMinutes(5);
    private static final Duration LEASE = Duration.ofSeconds(6);
    /** Lease expiry plus the standby's next renewal, the broker's group session timeout and a tick, with room. */
    private static final Duration TAKE_OVER = Duration.ofSeconds(30);

    private final MessageCodec codec = new MessageCodec();
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final TableCatalog catalog = TableCatalog.load();
    private Platform platform;
    private RunWaits runs;
    private ColdCatalogs cold;
    private ClickHouseHttp clickhouse;
    private KafkaTestClient kafka;
    private KafkaTestClient.Tail offloadCommands;

    @BeforeAll
    void start() {
        platform = new Platform(Map.of(
                "FLOE_COORDINATOR_SCHEDULE", "0/15 * * * * ?",
                "FLOE_COORDINATOR_SETTLE_LAG", "5s",
                "FLOE_COORDINATOR_TASK_TIMEOUT", "3m",
                "FLOE_COORDINATOR_RETRY_BACKOFF", "2s",
                "FLOE_COORDINATOR_LEADERSHIP_LEASE_DURATION", LEASE.toSeconds() + "s",
                "FLOE_COORDINATOR_LEADERSHIP_RENEW_INTERVAL", "1s",
                "FLOE_COORDINATOR_EVENTS_SESSION_TIMEOUT", "6s"));
        platform.create();
        runs = new RunWaits(platform, RUN_WAIT);
        cold = platform.cold();
        clickhouse = new ClickHouseHttp(Platform.env("FLOE_CLICKHOUSE_URL"), Platform.env("FLOE_CLICKHOUSE_USER"),
                Optional.ofNullable(System.getenv("FLOE_CLICKHOUSE_PASSWORD")).orElse(""), platform.database,
                Duration.ofSeconds(5));
        kafka = new KafkaTestClient(Platform.env("FLOE_KAFKA_BOOTSTRAP"));
        offloadCommands = kafka.tail(platform.offloadTopic);
        Instant marketStart = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).atStartOfDay()
                .minusMinutes(3).toInstant(java.time.ZoneOffset.UTC);
        platform.startGenerator(100, 360_000, marketStart);
        platform.start("worker", Service.OFFLOAD_WORKER);
        platform.start("auditor", Service.AUDITOR);
        platform.start("coordinator-a", Service.COORDINATOR);
        platform.start("coordinator-b", Service.COORDINATOR);
    }

    @AfterAll
    void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {offloadCommands, kafka, cold, platform}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // keep closing the others
            }
        }
    }

    @Test
    @Order(1)
    void exactlyOneLeadsAndTheStandbyRefusesChanges() throws Exception {
        String leader = awaitOneLeader(TAKE_OVER, Set.of());
        String standby = other(leader);
        JsonNode standbyView = leadership(standby);
        assertThat(standbyView.path("role").asText()).as("%s's readiness", standby).isEqualTo("standby");
        assertThat(standbyView.path("leader").asText()).as("the leader %s names", standby)
                .isEqualTo(leadership(leader).path("instance").asText());

        // manual runs only: the leader's schedule may start a run meanwhile, which is not the standby's doing
        long runsBefore = countManualRuns();
        HttpResponse<String> refused = post(standby, "/api/runs");
        assertThat(refused.statusCode()).as("POST /api/runs to the standby: %s", refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).as("Retry-After").isPresent();
        assertThat(refused.body()).contains("stands by").contains(leadership(leader).path("instance").asText());
        assertThat(countManualRuns()).as("manual runs after the standby refused").isEqualTo(runsBefore);

        HttpResponse<String> accepted = post(leader, "/api/runs");
        assertThat(accepted.statusCode()).as("POST /api/runs to the leader: %s", accepted.body()).isIn(202, 409);
        // reads are served by both
        assertThat(HttpPoll.get(platform.service(standby).url("/api/runs"), "application/json",
                platform.apiToken(ApiTokens.READER)).status()).as("GET /api/runs on the standby").isEqualTo(200);
    }

    @Test
    @Order(2)
    void aKilledLeaderIsReplacedWithinSecondsAndItsRunCompletes() throws Exception {
        String leader = awaitOneLeader(TAKE_OVER, Set.of());
        String run = runs.awaitRunWithSentOffload(Instant.now());
        assertThat(platform.service(leader).kill()).as("%s's exit status after SIGKILL", leader)
                .isEqualTo(ServiceProcess.SIGKILL_STATUS);
        long killed = System.nanoTime();
        String successor = awaitOneLeader(TAKE_OVER, Set.of(leader));
        System.out.printf("%s took over %.1f s after %s was killed during run %s%n", successor,
                (System.nanoTime() - killed) / 1e9, leader, run);
        runs.awaitRunFinished(run);
        assertThat(runs.runStatus(run)).as("run %s, whose leader was killed", run).isEqualTo("SUCCEEDED");
        runs.awaitCompletedRuns(1, "SCHEDULED", Instant.now());
        assertNoWindowSentTwice();
        ColdEqualsWarm.assertEveryTable(catalog, cold.catalog(), clickhouse, warm(),
                "after the leading coordinator was killed during run " + run);
        platform.start(leader, Service.COORDINATOR);
        assertThat(leadership(leader).path("role").asText()).as("the restarted %s", leader).isEqualTo("standby");
    }

    @Test
    @Order(3)
    void aPausedLeaderIsReplacedAndOnceWokenChangesNothing() throws Exception {
        String leader = awaitOneLeader(TAKE_OVER, Set.of());
        ServiceProcess paused = platform.service(leader);
        String run = runs.awaitRunWithSentOffload(Instant.now());
        paused.pause();
        try {
            String successor = awaitOneLeader(TAKE_OVER, Set.of(leader));
            runs.awaitRunFinished(run);
            assertThat(runs.runStatus(run)).as("run %s, whose leader was paused", run).isEqualTo("SUCCEEDED");
            System.out.printf("%s took over from the paused %s; run %s succeeded%n", successor, leader, run);
        } finally {
            paused.resume();
        }
        // Woken, the former leader finds its lease gone: it stands by, and a run later completes under the new leader.
        long deadline = System.nanoTime() + TAKE_OVER.toNanos();
        while (!leadership(leader).path("role").asText().equals("standby")) {
            assertThat(System.nanoTime()).as("%s stands by after waking", leader).isLessThan(deadline);
            Thread.sleep(500);
        }
        runs.awaitCompletedRuns(1, "SCHEDULED", Instant.now());
        assertThat(leadership(leader).path("role").asText()).as("%s after a further run", leader).isEqualTo("standby");
        assertNoWindowSentTwice();
        ColdEqualsWarm.assertEveryTable(catalog, cold.catalog(), clickhouse, warm(),
                "after the leading coordinator was paused during run " + run);
        try (Connection ledger = platform.ledger(); Statement sql = ledger.createStatement()) {
            ResultSet rows = sql.executeQuery("SELECT count(*) FROM runs WHERE status = 'RUNNING'"
                    + " AND started_at < now() - interval '5 minutes'");
            rows.next();
            assertThat(rows.getLong(1)).as("runs stuck for more than 5 minutes").isZero();
        }
    }

    /**
     * Every offload window on the command topic was sent under one command id only: a take-over may send a command
     * again (the same id: its predecessor may have died before publishing it), never the same window as a new task.
     */
    private void assertNoWindowSentTwice() throws Exception {
        Map<String, Set<String>> idsByWindow = new LinkedHashMap<>();
        Map<String, Integer> copies = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : offloadCommands.readFor(Duration.ofSeconds(2))) {
            Command command = codec.decodeCommand(new String(record.value(), StandardCharsets.UTF_8));
            if (command instanceof OffloadCommand offload) {
                String window = offload.table() + " " + offload.window();
                idsByWindow.computeIfAbsent(window, w -> new TreeSet<>()).add(offload.commandId());
                copies.merge(offload.commandId(), 1, Integer::sum);
            }
        }
        assertThat(idsByWindow).as("offload windows sent").isNotEmpty();
        idsByWindow.forEach((window, ids) -> assertThat(ids).as("command ids of window %s", window).hasSize(1));
        long resent = copies.values().stream().filter(n -> n > 1).count();
        System.out.printf("%d offload windows, each under one command id; %d commands sent more than once%n",
                idsByWindow.size(), resent);
    }

    /** Waits until exactly one of the running coordinators, none of {@code excluded}, says it leads; its name. */
    private String awaitOneLeader(Duration timeout, Set<String> excluded) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> leaders = platform.running().entrySet().stream()
                    .filter(e -> e.getValue().service() == Service.COORDINATOR && !excluded.contains(e.getKey()))
                    .map(Map.Entry::getKey)
                    .filter(name -> leadership(name).path("role").asText().equals("leader"))
                    .toList();
            if (leaders.size() == 1) {
                return leaders.getFirst();
            }
            assertThat(leaders).as("coordinators that say they lead").hasSizeLessThanOrEqualTo(1);
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no coordinator leads within " + timeout + "; logs in " + platform.dir());
            }
            Thread.sleep(250);
        }
    }

    private String other(String coordinator) {
        return coordinator.equals("coordinator-a") ? "coordinator-b" : "coordinator-a";
    }

    /** The data of a coordinator's readiness check "leadership" (empty while it does not answer). */
    private JsonNode leadership(String coordinator) {
        try {
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
                    URI.create(platform.service(coordinator).baseUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode check : json.readTree(ready.body()).path("checks")) {
                if (check.path("name").asText().equals("leadership")) {
                    return check.path("data");
                }
            }
        } catch (Exception e) {
            // paused, killed or starting: no answer
        }
        return json.createObjectNode();
    }

    private HttpResponse<String> post(String coordinator, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(platform.service(coordinator).baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + platform.apiToken(ApiTokens.OPERATOR))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long countManualRuns() throws Exception {
        try (Connection ledger = platform.ledger(); Statement sql = ledger.createStatement()) {
            ResultSet rows = sql.executeQuery("SELECT count(*) FROM runs WHERE kind = 'MANUAL'");
            rows.next();
            return rows.getLong(1);
        }
    }

    private WarmSql warm() {
        return new WarmSql(clickhouse);
    }
}
