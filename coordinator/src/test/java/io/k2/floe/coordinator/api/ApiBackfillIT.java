package io.k2.floe.coordinator.api;

import io.k2.floe.coordinator.OwnLedger;
import io.k2.floe.coordinator.api.ApiTestSupport.Refusal;
import io.k2.floe.tiering.messages.OffloadCommand;
import io.k2.floe.tiering.messages.OffloadKind;
import io.k2.floe.tiering.messages.Window;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.testing.KafkaTestClient;
import io.k2.floe.tiering.testing.WarmSql;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.k2.floe.coordinator.api.ApiTestSupport.awaitCommand;
import static io.k2.floe.coordinator.api.ApiTestSupport.refusedChangingNothing;
import static io.k2.floe.coordinator.api.Callers.operator;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /api/tables/{table}/backfill: a backfill of a table nothing was offloaded to yet sends its range as one window;
 * every malformed or unreasonable request is refused with a message naming the problem, and changes nothing.
 * (Backfills of a table with a marker: ApiRepairIT, which has such tables.)
 */
@QuarkusTest
@TestProfile(OwnLedger.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiBackfillIT {

    /**
     * Accepted backfills go to this test table, whose warm table stays empty (a user's table may hold rows before any
     * from); refused ones to {@link #REFUSED}, so that nothing is in flight there.
     */
    private static final String ACCEPTED = "it_api_backfill";
    private static final String REFUSED = "bronze_trades_binance";
    /** A test table with warm rows from {@link #EARLIEST}, before the from of the backfills sent to it. */
    private static final String EARLY = "it_api_backfill_early";
    private static final Instant EARLIEST = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(5, ChronoUnit.HOURS);

    @Inject
    TableCatalog catalog;

    private KafkaTestClient kafka;

    @BeforeAll
    void connect() {
        kafka = ApiTestSupport.kafka();
        try (WarmSql warm = WarmSql.fromEnvironment()) {
            String table = "`" + warm.database() + "`.`" + catalog.get(EARLY).warmTable() + "`";
            long first = EARLIEST.getEpochSecond();
            long second = first + 600;
            warm.execute("INSERT INTO " + table + " (id, event_time, ingested_at) VALUES (1, toDateTime(" + first
                    + "), toDateTime(" + first + ")), (2, toDateTime(" + second + "), toDateTime(" + second + "))");
        }
    }

    @AfterAll
    void disconnect() {
        kafka.close();
    }

    @Test
    void aBackfillOfATableWithoutMarkerOffloadsTheRequestedRange() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant from = now.minus(3, ChronoUnit.HOURS);
        Instant to = now.minus(2, ChronoUnit.HOURS);
        try (KafkaTestClient.Tail commands = kafka.tail(ApiTestSupport.commandTopic())) {
            var answer = operator().contentType(ContentType.JSON)
                    .body("{\"from\": \"" + from + "\", \"to\": \"" + to + "\"}")
                    .when().post("/api/tables/" + ACCEPTED + "/backfill").then().statusCode(202).extract();
            JsonPath run = answer.jsonPath();
            assertThat(run.getString("kind")).isEqualTo("BACKFILL");
            assertThat(run.getString("status")).isEqualTo("RUNNING");
            assertThat(run.getString("table")).isEqualTo(ACCEPTED);
            assertThat(run.getString("rangeFrom")).isEqualTo(from.toString());
            assertThat(run.getString("rangeTo")).isEqualTo(to.toString());
            assertThat(run.getString("cut")).isEqualTo(to.toString());
            assertThat(answer.header("Location")).endsWith("/api/runs/" + run.getString("runId"));

            OffloadCommand command = awaitCommand(commands, run.getString("runId"), ACCEPTED);
            assertThat(command.offloadKind()).isEqualTo(OffloadKind.BACKFILL);
            assertThat(command.window()).isEqualTo(new Window(from, to));

            List<Map<String, Object>> tasks = operator().when().get("/api/runs/" + run.getString("runId")).then()
                    .statusCode(200).extract().jsonPath().getList("tasks");
            assertThat(tasks).singleElement().satisfies(task -> assertThat(task)
                    .containsEntry("table", ACCEPTED)
                    .containsEntry("offloadKind", "BACKFILL")
                    .containsEntry("status", "SENT")
                    .containsEntry("commandId", command.commandId()));
        }
    }

    /** Invalid backfill requests: what, content type, body (a query string after {@code ?}), status, names. */
    private static Stream<Refusal> refusals() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant hourAgo = now.minus(1, ChronoUnit.HOURS);
        Instant twoHoursAgo = now.minus(2, ChronoUnit.HOURS);
        return Stream.of(
                backfill("no body", null, null, 400, List.of("body is missing")),
                backfill("empty JSON body", ContentType.JSON, "", 400, List.of("body is missing")),
                backfill("malformed JSON", ContentType.JSON, "{\"to\": ", 400, List.of("not valid JSON")),
                backfill("not an object", ContentType.JSON, "[\"" + hourAgo + "\"]", 400,
                        List.of("must be a JSON object", "array")),
                backfill("to missing", ContentType.JSON, "{\"from\": \"" + twoHoursAgo + "\"}", 400,
                        List.of("'to' is missing")),
                backfill("to unparseable", ContentType.JSON, "{\"to\": \"yesterday\"}", 400,
                        List.of("'to'", "'yesterday'", "ISO-8601")),
                backfill("to a number", ContentType.JSON, "{\"to\": 1772323200}", 400,
                        List.of("'to'", "1772323200", "ISO-8601")),
                backfill("from unparseable", ContentType.JSON,
                        "{\"from\": \"2026-13-01T00:00:00Z\", \"to\": \"" + hourAgo + "\"}", 400,
                        List.of("'from'", "2026-13-01T00:00:00Z")),
                backfill("to in year +100000", ContentType.JSON, "{\"to\": \"+100000-01-01T00:00:00Z\"}", 400,
                        List.of("field 'to' is out of range", "'+100000-01-01T00:00:00Z'", "after the supported")),
                backfill("from in year -100000", ContentType.JSON,
                        "{\"from\": \"-100000-01-01T00:00:00Z\", \"to\": \"" + hourAgo + "\"}", 400,
                        List.of("field 'from' is out of range", "'-100000-01-01T00:00:00Z'", "before the supported")),
                backfill("from before 1970", ContentType.JSON,
                        "{\"from\": \"1969-12-31T23:59:59Z\", \"to\": \"1970-01-01T01:00:00Z\"}", 400,
                        List.of("field 'from' is out of range", "'1969-12-31T23:59:59Z'", "1970-01-01T00:00:00Z")),
                backfill("unknown field", ContentType.JSON,
                        "{\"form\": \"" + twoHoursAgo + "\", \"to\": \"" + hourAgo + "\"}", 400,
                        List.of("unknown field 'form'", "from, skipEarlierRows, to")),
                backfill("skipEarlierRows without from", ContentType.JSON,
                        "{\"to\": \"" + hourAgo + "\", \"skipEarlierRows\": true}", 400,
                        List.of("skipEarlierRows only applies together with from")),
                backfill("skipEarlierRows not a boolean", ContentType.JSON, "{\"from\": \"" + twoHoursAgo
                        + "\", \"to\": \"" + hourAgo + "\", \"skipEarlierRows\": \"yes\"}", 400,
                        List.of("'skipEarlierRows' must be true or false", "yes")),
                backfill("inverted range", ContentType.JSON,
                        "{\"from\": \"" + hourAgo + "\", \"to\": \"" + twoHoursAgo + "\"}", 400,
                        List.of("inverted", hourAgo.toString(), twoHoursAgo.toString())),
                backfill("empty range", ContentType.JSON,
                        "{\"from\": \"" + hourAgo + "\", \"to\": \"" + hourAgo + "\"}", 400,
                        List.of("inverted or empty")),
                backfill("absurd range", ContentType.JSON,
                        "{\"from\": \"2000-01-01T00:00:00Z\", \"to\": \"" + hourAgo + "\"}", 400,
                        List.of("2000-01-01T00:00:00Z", "days", "more than 366")),
                backfill("to in the future", ContentType.JSON,
                        "{\"to\": \"" + now.plus(1, ChronoUnit.HOURS) + "\"}", 400,
                        List.of("later than now minus the settle lag")),
                backfill("query parameter", ContentType.JSON, "{\"to\": \"" + hourAgo + "\"}?dryRun=true", 400,
                        List.of("dryRun")));
    }

    @Test
    void anInvalidBackfillIsRefusedNamingTheProblemAndChangesNothing() {
        refusedChangingNothing(kafka, refusals().toList());
    }

    private static Refusal backfill(String what, ContentType type, String body, int status, List<String> names) {
        String path = "/api/tables/" + REFUSED + "/backfill";
        String json = body;
        if (body != null && body.contains("?")) {
            path += body.substring(body.indexOf('?'));
            json = body.substring(0, body.indexOf('?'));
        }
        String target = path;
        String content = json;
        return new Refusal(what, () -> {
            var request = operator();
            if (type != null) {
                request.contentType(type);
            }
            if (content != null) {
                request.body(content);
            }
            return request.when().post(target);
        }, status, "Bad Request", names);
    }

    @Test
    void aBackfillOfAPausedTableIsRefused() {
        operator().when().post("/api/tables/" + REFUSED + "/pause").then().statusCode(200);
        try {
            String to = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
            refusedChangingNothing(kafka, () -> operator().contentType(ContentType.JSON).body("{\"to\": \"" + to + "\"}")
                    .when().post("/api/tables/" + REFUSED + "/backfill"), 409, "Conflict", REFUSED, "paused", "resume");
        } finally {
            operator().when().post("/api/tables/" + REFUSED + "/resume").then().statusCode(200);
        }
    }

    @Test
    void aFirstBackfillFromAfterTheEarliestWarmRowIsRefusedNamingItUnlessTheRowsAreSkippedOnPurpose() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant from = now.minus(3, ChronoUnit.HOURS);
        Instant to = now.minus(2, ChronoUnit.HOURS);
        String body = "{\"from\": \"" + from + "\", \"to\": \"" + to + "\"";
        refusedChangingNothing(kafka, () -> operator().contentType(ContentType.JSON).body(body + "}")
                        .when().post("/api/tables/" + EARLY + "/backfill"), 409, "Conflict", EARLY,
                "warm rows from " + EARLIEST, "not after from (" + from + ")", "skipEarlierRows");
        // windows are (from, to]: a from at the earliest row's time would leave that row behind too
        refusedChangingNothing(kafka, () -> operator().contentType(ContentType.JSON)
                .body("{\"from\": \"" + EARLIEST + "\", \"to\": \"" + to + "\"}")
                .when().post("/api/tables/" + EARLY + "/backfill"), 409, "Conflict", "warm rows from " + EARLIEST);

        try (KafkaTestClient.Tail commands = kafka.tail(ApiTestSupport.commandTopic())) {
            JsonPath run = operator().contentType(ContentType.JSON).body(body + ", \"skipEarlierRows\": true}")
                    .when().post("/api/tables/" + EARLY + "/backfill").then().statusCode(202).extract().jsonPath();
            OffloadCommand command = awaitCommand(commands, run.getString("runId"), EARLY);
            assertThat(command.window()).isEqualTo(new Window(from, to));
        }
    }
}
