package io.k2.floe.coordinator.api;

import io.k2.floe.coordinator.OwnLedger;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.Layer;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.OffloadCommand;
import io.k2.floe.tiering.messages.OffloadKind;
import io.k2.floe.tiering.testing.KafkaTestClient;
import io.k2.floe.tiering.testing.WarmSql;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.k2.floe.coordinator.api.ApiTestSupport.QUIET;
import static io.k2.floe.coordinator.api.ApiTestSupport.assertError;
import static io.k2.floe.coordinator.api.ApiTestSupport.awaitCommand;
import static io.k2.floe.coordinator.api.ApiTestSupport.firstWithin;
import static io.k2.floe.coordinator.api.ApiTestSupport.key;
import static io.k2.floe.coordinator.api.ApiTestSupport.refusedChangingNothing;
import static io.k2.floe.coordinator.api.ApiTestSupport.runCount;
import static io.k2.floe.coordinator.api.Callers.operator;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /api/runs and reading runs back, on a coordinator of its own (a fresh ledger, topics and Iceberg catalog, so
 * no table has a marker and nothing else runs): a manual run sends every bronze table its first window, keyed by the
 * table, while silver and gold wait for bronze (no worker answers here); a second run is refused while it runs.
 */
@QuarkusTest
@TestProfile(OwnLedger.Another.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiRunsIT {

    /** floe.coordinator.settle-lag and max-window at their defaults. */
    private static final Duration SETTLE_LAG = Duration.ofSeconds(30);
    private static final Duration MAX_WINDOW = Duration.ofDays(7);

    @Inject
    TableCatalog catalog;

    private KafkaTestClient kafka;

    @BeforeAll
    void connect() {
        kafka = ApiTestSupport.kafka();
    }

    @AfterAll
    void disconnect() {
        kafka.close();
    }

    @Test
    void aManualRunSendsEveryBronzeTableItsWindowAndASecondIsRefusedWhileItRuns() {
        int runsBefore = runCount();
        List<CatalogTable> bronze = catalog.byLayer(Layer.BRONZE);
        Map<String, OffloadCommand> commands = new HashMap<>();
        JsonPath run;
        try (KafkaTestClient.Tail topic = kafka.tail(ApiTestSupport.commandTopic())) {
            var answer = operator().when().post("/api/runs").then().statusCode(202).extract();
            run = answer.jsonPath();
            assertThat(run.getString("kind")).isEqualTo("MANUAL");
            assertThat(run.getString("status")).isEqualTo("RUNNING");
            assertThat(answer.header("Location")).endsWith("/api/runs/" + run.getString("runId"));
            Instant startedAt = Instant.parse(run.getString("startedAt"));
            Instant cut = Instant.parse(run.getString("cut"));
            assertThat(cut).as("cut: now minus the settle lag").isEqualTo(
                    startedAt.minus(SETTLE_LAG).truncatedTo(ChronoUnit.SECONDS));

            for (CatalogTable table : bronze) {
                OffloadCommand command = awaitCommand(topic, run.getString("runId"), table.id());
                Instant lower = firstLower(table, cut);
                Instant upper = lower.plus(MAX_WINDOW).isBefore(cut) ? lower.plus(MAX_WINDOW) : cut;
                assertThat(command.offloadKind()).isEqualTo(OffloadKind.NORMAL);
                assertThat(command.attempt()).isEqualTo(1);
                assertThat(command.window().lower()).as("first lower bound of " + table.id()).isEqualTo(lower);
                assertThat(command.window().upper()).as("upper bound of " + table.id()).isEqualTo(upper);
                commands.put(table.id(), command);
            }
            List<String> bronzeIds = bronze.stream().map(CatalogTable::id).toList();
            assertThat(firstWithin(topic, r -> !bronzeIds.contains(key(r)), QUIET))
                    .as("a command for a silver or gold table while bronze has not committed").isEmpty();
        }

        String runId = run.getString("runId");
        JsonPath detail = operator().when().get("/api/runs/" + runId).then().statusCode(200).extract().jsonPath();
        assertThat(detail.getString("run.runId")).isEqualTo(runId);
        List<Map<String, Object>> tasks = detail.getList("tasks");
        assertThat(tasks).extracting(t -> t.get("table")).containsExactlyInAnyOrderElementsOf(catalog.ids());
        for (Map<String, Object> task : tasks) {
            String table = (String) task.get("table");
            assertThat(task.get("kind")).isEqualTo("OFFLOAD");
            assertThat(task.get("offloadKind")).isEqualTo("NORMAL");
            OffloadCommand command = commands.get(table);
            if (command != null) {
                assertThat(task).as("task of " + table)
                        .containsEntry("status", "SENT")
                        .containsEntry("attempts", 1)
                        .containsEntry("commandId", command.commandId())
                        .containsEntry("windowLower", command.window().lower().toString())
                        .containsEntry("windowUpper", command.window().upper().toString());
                assertThat(task.get("firstSentAt")).isNotNull();
            } else {
                assertThat(task).as("task of " + table + " (waits for its upstreams)")
                        .containsEntry("status", "WAITING")
                        .containsEntry("attempts", 0)
                        .containsEntry("windowLower", null)
                        .containsEntry("firstSentAt", null);
            }
        }

        JsonPath latest = operator().when().get("/api/runs?limit=1").then().statusCode(200).extract().jsonPath();
        assertThat(latest.getList("$")).hasSize(1);
        assertThat(latest.getString("[0].runId")).isEqualTo(runId);
        assertThat(latest.getInt("[0].taskCounts.SENT")).isEqualTo(bronze.size());
        assertThat(latest.getInt("[0].taskCounts.WAITING")).isEqualTo(catalog.size() - bronze.size());
        assertThat(runCount()).isEqualTo(runsBefore + 1);

        JsonPath table = operator().when().get("/api/tables/" + bronze.get(0).id()).then().statusCode(200).extract()
                .jsonPath();
        assertThat(table.getString("lastRun.runId")).isEqualTo(runId);
        assertThat(table.getString("lastRun.outcome")).isEqualTo("RUNNING");

        refusedChangingNothing(kafka, () -> operator().when().post("/api/runs"), 409, "Conflict", runId,
                "still running");
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=501", "limit=-3", "limit=abc", "limit=", "limt=5", "limit=1&limit=2"})
    void listingRunsRefusesALimitOutside1To500AndUnknownParameters(String query) {
        String named = query.startsWith("limt") ? "limt" : "limit";
        assertError(operator().when().get("/api/runs?" + query), 400, "Bad Request", named);
    }

    @Test
    void runsAreListedNewestFirstUpToTheLimit() {
        List<Map<String, Object>> runs = operator().when().get("/api/runs?limit=500").then().statusCode(200).extract()
                .jsonPath().getList("$");
        List<Instant> started = runs.stream().map(r -> Instant.parse((String) r.get("startedAt"))).toList();
        assertThat(started).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(operator().when().get("/api/runs").then().statusCode(200).extract().jsonPath().getList("$").size())
                .isLessThanOrEqualTo(RunsResource.DEFAULT_LIMIT);
    }

    @Test
    void anUnknownRunIsNotFound() {
        assertError(operator().when().get("/api/runs/run-19700101T000000Z-dead"), 404,
                "Not Found", "run-19700101T000000Z-dead");
        assertError(operator().when().get("/api/runs/x?verbose=true"), 400, "Bad Request", "verbose");
    }

    /**
     * Where a table's first window starts, stated independently of the coordinator: a second before its earliest warm
     * row (by ingestion time), or a second before the cut when the warm table is empty.
     */
    private static Instant firstLower(CatalogTable table, Instant cut) {
        try (WarmSql warm = WarmSql.fromEnvironment()) {
            String[] row = warm.rows("SELECT count(), toUnixTimestamp(min(`" + table.orderingColumn() + "`)) FROM `"
                    + warm.database() + "`.`" + table.warmTable() + "`").get(0);
            Instant fallback = cut.minusSeconds(1);
            if (Long.parseLong(row[0]) == 0) {
                return fallback;
            }
            Instant first = Instant.ofEpochSecond(Long.parseLong(row[1])).minusSeconds(1);
            return first.isBefore(fallback) ? first : fallback;
        }
    }
}
