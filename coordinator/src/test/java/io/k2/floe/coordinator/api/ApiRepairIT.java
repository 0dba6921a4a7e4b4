package io.k2.floe.coordinator.api;

import io.k2.floe.coordinator.OwnLedger;
import io.k2.floe.coordinator.api.ApiTestSupport.Refusal;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.OffloadCommand;
import io.k2.floe.tiering.messages.OffloadKind;
import io.k2.floe.tiering.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.k2.floe.coordinator.api.ApiTestSupport.awaitCommand;
import static io.k2.floe.coordinator.api.ApiTestSupport.refusedChangingNothing;
import static io.k2.floe.coordinator.api.Callers.operator;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /api/tables/{table}/repair, on test tables with a committed marker (ColdFixture: two days offloaded, the older
 * one since dropped from the warm tier), one per time encoding of the warm tier (Int64 epoch micros, Int64 epoch
 * millis, DateTime): a partition the warm tier holds is repaired; one it no longer holds, one after the marker, one of
 * a table without marker and an invalid label are refused, changing nothing. Also the backfill rules that need a
 * marker.
 */
@QuarkusTest
@TestProfile(OwnLedger.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiRepairIT {

    @Inject
    ColdFixture fixture;

    @Inject
    TableCatalog catalog;

    private KafkaTestClient kafka;

    @BeforeAll
    void prepare() {
        kafka = ApiTestSupport.kafka();
        for (String table : List.of("it_api_micros", "it_api_millis", "it_api_datetime")) {
            fixture.offloaded(table);
        }
    }

    @AfterAll
    void disconnect() {
        kafka.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"it_api_micros", "it_api_millis", "it_api_datetime"})
    void aPartitionTheWarmTierStillHoldsIsRepairedUpToTheMarker(String table) {
        ColdFixture.Offloaded offloaded = fixture.offloaded(table);
        JsonPath state = operator().when().get("/api/tables/" + table).then().statusCode(200).extract().jsonPath();
        assertThat(state.getString("marker")).isEqualTo(offloaded.marker().toString());
        assertThat(state.getLong("lagSeconds")).isGreaterThanOrEqualTo(3600);

        try (KafkaTestClient.Tail commands = kafka.tail(ApiTestSupport.commandTopic())) {
            JsonPath run = operator().contentType(ContentType.JSON)
                    .body("{\"partition\": \"" + offloaded.keptDay() + "\"}")
                    .when().post("/api/tables/" + table + "/repair").then().statusCode(202).extract().jsonPath();
            assertThat(run.getString("kind")).isEqualTo("REPAIR");
            assertThat(run.getString("table")).isEqualTo(table);
            assertThat(run.getString("partition")).isEqualTo(offloaded.keptDay());
            assertThat(run.getString("cut")).isEqualTo(offloaded.marker().toString());

            OffloadCommand command = awaitCommand(commands, run.getString("runId"), table);
            assertThat(command.offloadKind()).isEqualTo(OffloadKind.REPAIR);
            assertThat(command.partition()).contains(offloaded.keptDay());
            assertThat(command.window().upper()).as("a repair reads up to the marker").isEqualTo(offloaded.marker());
            assertThat(command.window().lower()).as("from the partition's start")
                    .isEqualTo(catalog.get(table).partition().startOf(offloaded.keptDay()));

            List<Map<String, Object>> tasks = operator().when().get("/api/runs/" + run.getString("runId")).then()
                    .statusCode(200).extract().jsonPath().getList("tasks");
            assertThat(tasks).singleElement().satisfies(task -> assertThat(task)
                    .containsEntry("offloadKind", "REPAIR")
                    .containsEntry("partition", offloaded.keptDay())
                    .containsEntry("commandId", command.commandId()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"it_api_micros", "it_api_millis", "it_api_datetime"})
    void aPartitionTheWarmTierNoLongerHoldsIsRefused(String table) {
        ColdFixture.Offloaded offloaded = fixture.offloaded(table);
        refusedChangingNothing(kafka, () -> operator().contentType(ContentType.JSON)
                        .body("{\"partition\": \"" + offloaded.droppedDay() + "\"}")
                        .when().post("/api/tables/" + table + "/repair"), 409, "Conflict",
                "no longer holds any row of partition " + offloaded.droppedDay() + " of " + table,
                "a repair would empty the cold partition", catalog.get(table).warmTable());
    }

    @Test
    void theTableStatusCountsColdRowsAndOnRequestTheWarmRowsUpToTheMarker() {
        fixture.offloaded("it_api_millis");
        JsonPath plain = operator().when().get("/api/tables/it_api_millis").then().statusCode(200).extract().jsonPath();
        assertThat(plain.getLong("coldRows")).as("both offloaded days are cold").isEqualTo(2L * ColdFixture.ROWS_PER_DAY);
        assertThat(plain.get("warmRows") == null).as("warmRows only on request").isTrue();
        JsonPath counted = operator().when().get("/api/tables/it_api_millis?counts=true").then().statusCode(200)
                .extract().jsonPath();
        assertThat(counted.getLong("warmRows")).as("the warm tier dropped the older day").isEqualTo(ColdFixture.ROWS_PER_DAY);
        List<Map<String, Object>> all = operator().when().get("/api/tables?counts=true").then().statusCode(200)
                .extract().jsonPath().getList("");
        assertThat(all).anySatisfy(t -> assertThat(t).containsEntry("table", "it_api_millis")
                .containsEntry("warmRows", ColdFixture.ROWS_PER_DAY)
                // the same marker within the max age: the count made for the request above, not a second scan
                .containsEntry("warmRowsCountedAt", counted.getString("warmRowsCountedAt")));
        assertThat(counted.getString("warmRowsCountedAt")).as("when warmRows was counted").isNotNull();
        assertThat(counted.getLong("warmRowsAgeSeconds")).as("how long ago").isBetween(0L, 60L);
        assertThat(plain.get("warmRowsCountedAt") == null).as("only with counts").isTrue();
        refusedChangingNothing(kafka, () -> operator().when().get("/api/tables?counts=yes"), 400, "Bad Request",
                "'counts' must be true or false");
    }

    @Test
    void aRepairOfAPausedTableIsRefused() {
        ColdFixture.Offloaded offloaded = fixture.offloaded("it_api_datetime");
        operator().when().post("/api/tables/it_api_datetime/pause").then().statusCode(200);
        try {
            refusedChangingNothing(kafka, () -> operator().contentType(ContentType.JSON)
                            .body("{\"partition\": \"" + offloaded.keptDay() + "\"}")
                            .when().post("/api/tables/it_api_datetime/repair"), 409, "Conflict", "it_api_datetime",
                    "paused", "resume");
        } finally {
            operator().when().post("/api/tables/it_api_datetime/resume").then().statusCode(200);
        }
    }

    @Test
    void aPartitionAtOrAfterTheMarkerIsRefused() {
        ColdFixture.Offloaded offloaded = fixture.offloaded("it_api_micros");
        String next = catalog.get("it_api_micros").partition().labelOf(offloaded.marker().plus(1, ChronoUnit.DAYS));
        refusedChangingNothing(kafka, () -> operator().contentType(ContentType.JSON)
                        .body("{\"partition\": \"" + next + "\"}").when().post("/api/tables/it_api_micros/repair"),
                409, "Conflict", "partition " + next, "at or after the table's committed marker "
                        + offloaded.marker());
    }

    @Test
    void aPartitionOfATableWithoutMarkerIsRefused() {
        // month(bucket_start): a valid label, but nothing was offloaded to the table in this test's catalog
        refusedChangingNothing(kafka, () -> operator().contentType(ContentType.JSON).body("{\"partition\": \"2026-03\"}")
                        .when().post("/api/tables/gold_ohlcv_1h/repair"), 409, "Conflict", "gold_ohlcv_1h",
                "no committed marker");
    }

    /** Invalid repair request bodies, each with what its refusal must name after the {@code |}. */
    private static final List<String> INVALID = List.of(
            "{\"partition\": \"2026-02-30\"}|'2026-02-30' is not a day partition of trade_time_us",
            "{\"partition\": \"2026-03\"}|'2026-03' is not a day partition",
            "{\"partition\": \"03/01/2026\"}|'03/01/2026' is not a day partition",
            "{\"partition\": \"\"}|'partition' is missing",
            "{\"partition\": 20260301}|'partition' must be a string",
            "{\"partition\": \"-100000-01-01\"}|field 'partition': partition '-100000-01-01'",
            "{\"partition\": \"+100000-01-01\"}|partition '+100000-01-01' (+100000-01-01T00:00:00Z",
            "{\"partition\": \"1969-12-31\"}|partition '1969-12-31' (1969-12-31T00:00:00Z",
            "{\"partiton\": \"2026-03-01\"}|unknown field 'partiton'",
            "{}|'partition' is missing",
            "not json|not valid JSON");

    @Test
    void anInvalidRepairRequestIsRefusedNamingTheProblemAndChangesNothing() {
        refusedChangingNothing(kafka, INVALID.stream().map(line -> line.split("\\|", 2)).map(bodyAndName ->
                Refusal.of(bodyAndName[0], () -> operator().contentType(ContentType.JSON).body(bodyAndName[0])
                        .when().post("/api/tables/it_api_micros/repair"), 400, "Bad Request", bodyAndName[1])).toList());
    }

    @Test
    void aRepairWithoutBodyIsRefused() {
        refusedChangingNothing(kafka, () -> operator().when().post("/api/tables/it_api_micros/repair"), 400,
                "Bad Request", "body is missing", "partition");
    }

    @Test
    void aBackfillOfATableWithMarkerContinuesFromTheMarkerOnly() {
        ColdFixture.Offloaded offloaded = fixture.offloaded("it_api_micros");
        Instant before = offloaded.marker().minus(1, ChronoUnit.HOURS);
        refusedChangingNothing(kafka, () -> operator().contentType(ContentType.JSON)
                        .body("{\"from\": \"" + before + "\", \"to\": \"" + offloaded.marker().plusSeconds(60) + "\"}")
                        .when().post("/api/tables/it_api_micros/backfill"), 400, "Bad Request",
                "from only applies to a table nothing was offloaded to yet", offloaded.marker().toString());
        refusedChangingNothing(kafka, () -> operator().contentType(ContentType.JSON)
                        .body("{\"to\": \"" + before + "\"}").when().post("/api/tables/it_api_micros/backfill"),
                409, "Conflict", "already offloaded up to " + offloaded.marker(), before.toString());
    }
}
