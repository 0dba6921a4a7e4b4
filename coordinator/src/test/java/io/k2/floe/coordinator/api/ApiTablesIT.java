package io.k2.floe.coordinator.api;

import io.k2.floe.coordinator.OwnLedger;
import io.k2.floe.coordinator.api.ApiTestSupport.Refusal;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.k2.floe.coordinator.api.ApiTestSupport.assertError;
import static io.k2.floe.coordinator.api.ApiTestSupport.refusedChangingNothing;
import static io.k2.floe.coordinator.api.Callers.operator;
import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/tables, one table, pause and resume, and every table endpoint's answer to a table the catalog lacks. */
@QuarkusTest
@TestProfile(OwnLedger.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiTablesIT {

    private static final String UNKNOWN = "bronze_trades_bitstamp";

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
    void everyCatalogTableIsListedInDependencyOrderWithItsState() {
        List<Map<String, Object>> tables = operator().when().get("/api/tables").then().statusCode(200)
                .contentType(ContentType.JSON).extract().jsonPath().getList("$");
        assertThat(tables).extracting(t -> t.get("table")).containsExactlyElementsOf(catalog.ids());
        for (Map<String, Object> table : tables) {
            var catalogTable = catalog.get((String) table.get("table"));
            assertThat(table).as((String) table.get("table"))
                    .containsEntry("layer", catalogTable.layer().name())
                    .containsEntry("dependsOn", catalogTable.dependsOn())
                    .containsEntry("warmTable", catalogTable.warmTable())
                    .containsEntry("coldTable", catalogTable.coldTable())
                    .containsEntry("partition", catalogTable.partition().toString())
                    .containsKeys("marker", "lagSeconds", "paused", "pausedAt", "consecutiveFailures",
                            "lastErrorType", "lastRun", "alerts");
            if (table.get("marker") == null) {
                assertThat(table.get("lagSeconds")).as("lag without a marker").isNull();
            } else {
                long lag = Instant.now().getEpochSecond() - Instant.parse((String) table.get("marker")).getEpochSecond();
                assertThat(((Number) table.get("lagSeconds")).longValue()).isBetween(lag - 5, lag + 5);
            }
        }
    }

    @Test
    void oneTableIsShownByItsId() {
        JsonPath silver = operator().when().get("/api/tables/silver_trades").then().statusCode(200).extract().jsonPath();
        assertThat(silver.getString("table")).isEqualTo("silver_trades");
        assertThat(silver.getString("layer")).isEqualTo("SILVER");
        assertThat(silver.getList("dependsOn")).containsExactly("bronze_trades_binance", "bronze_trades_kraken");
        assertThat(silver.getString("partition")).isEqualTo("day(trade_time_us)");
    }

    @Test
    void aTableTheCatalogLacksIsNotFoundAndTheKnownOnesAreListed() {
        List<Refusal> refusals = new ArrayList<>();
        for (String endpoint : List.of("GET /api/tables/%s", "POST /api/tables/%s/pause", "POST /api/tables/%s/resume",
                "POST /api/tables/%s/backfill", "POST /api/tables/%s/repair")) {
            String[] parts = endpoint.split(" ");
            String path = parts[1].formatted(UNKNOWN);
            Supplier<Response> request = switch (parts[0]) {
                case "GET" -> () -> operator().when().get(path);
                default -> path.endsWith("/backfill")
                        ? () -> operator().contentType(ContentType.JSON).body("{\"to\": \"2026-03-01T00:00:00Z\"}")
                                .post(path)
                        : path.endsWith("/repair")
                        ? () -> operator().contentType(ContentType.JSON).body("{\"partition\": \"2026-03-01\"}")
                                .post(path)
                        : () -> operator().when().post(path);
            };
            refusals.add(Refusal.of(endpoint.formatted(UNKNOWN), request, 404, "Not Found", "'" + UNKNOWN + "'",
                    "bronze_trades_binance", "silver_trades", "gold_ohlcv_1d"));
        }
        refusedChangingNothing(kafka, refusals);
    }

    @Test
    void pauseAndResumeAreIdempotentAndShowInTheTablesState() {
        String table = "gold_ohlcv_1d";
        try {
            JsonPath paused = operator().when().post("/api/tables/" + table + "/pause").then().statusCode(200).extract()
                    .jsonPath();
            assertThat(paused.getBoolean("paused")).isTrue();
            String pausedAt = paused.getString("pausedAt");
            assertThat(Instant.parse(pausedAt)).isBetween(Instant.now().minusSeconds(30), Instant.now());

            JsonPath again = operator().when().post("/api/tables/" + table + "/pause").then().statusCode(200).extract()
                    .jsonPath();
            assertThat(again.getBoolean("paused")).isTrue();
            assertThat(again.getString("pausedAt")).as("pausing a paused table keeps when it was paused")
                    .isEqualTo(pausedAt);
            JsonPath shown = operator().when().get("/api/tables/" + table).then().statusCode(200).extract().jsonPath();
            assertThat(shown.getBoolean("paused")).isTrue();
            assertThat(shown.getString("pausedAt")).isEqualTo(pausedAt);
        } finally {
            JsonPath resumed = operator().when().post("/api/tables/" + table + "/resume").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(resumed.getBoolean("paused")).isFalse();
            assertThat(resumed.getString("pausedAt")).isNull();
        }
        JsonPath again = operator().when().post("/api/tables/" + table + "/resume").then().statusCode(200).extract()
                .jsonPath();
        assertThat(again.getBoolean("paused")).isFalse();
        List<Map<String, Object>> all = operator().when().get("/api/tables").then().statusCode(200).extract().jsonPath()
                .getList("$");
        assertThat(all).filteredOn(t -> table.equals(t.get("table"))).singleElement()
                .satisfies(t -> assertThat(t).containsEntry("paused", false));
    }

    @Test
    void theApiAnswersHttpErrorsInItsOwnShape() {
        assertError(operator().when().get("/api/tables/silver_trades/pause"), 405, "Method Not Allowed");
        assertError(operator().when().get("/api/tables?layer=gold"), 400, "Bad Request", "layer");
        assertError(operator().when().get("/api/tables/silver_trades/partitions"), 404, "Not Found");
        assertError(operator().when().get("/api/nothing"), 404, "Not Found");
    }
}
