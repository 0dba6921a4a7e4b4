package io.k2.floe.coordinator.api;

import io.k2.floe.coordinator.OwnLedger;
import io.k2.floe.coordinator.api.ApiTestSupport.Refusal;
import io.k2.floe.coordinator.markers.ColdMarkers;
import io.k2.floe.tiering.catalog.PartitionTransform;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.AuditCommand;
import io.k2.floe.tiering.messages.AuditCompleted;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MessageCodec;
import io.k2.floe.tiering.messages.RunCompleted;
import io.k2.floe.tiering.messages.TableOutcome;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.messages.TaskKind;
import io.k2.floe.tiering.messages.TimeRange;
import io.k2.floe.tiering.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.k2.floe.coordinator.api.ApiTestSupport.awaitAuditCommand;
import static io.k2.floe.coordinator.api.ApiTestSupport.firstWithin;
import static io.k2.floe.coordinator.api.ApiTestSupport.refusedChangingNothing;
import static io.k2.floe.coordinator.api.Callers.operator;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /api/tables/{table}/audit on test tables with a real committed marker (ColdFixture): partitions, or an
 * event-time range at a given cold snapshot, become an audit run whose one AuditCommand goes to the audit topic; the
 * run ends when the auditor answers (the verdict is its note; a mismatch raises AuditMismatch, and with
 * floe.coordinator.audit.auto-repair gold, as here, starts no repair of these bronze-like tables) or fails the audit; every malformed or pointless
 * request is refused, changing nothing.
 */
@QuarkusTest
@TestProfile(OwnLedger.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiAuditIT {

    /** Audits whose runs stay open (no auditor answers) go to this table, answered ones to {@link #ANSWERED}. */
    private static final String TABLE = "it_api_micros";
    private static final String ANSWERED = "it_api_millis";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final MessageCodec CODEC = new MessageCodec();

    @Inject
    ColdFixture fixture;

    @Inject
    TableCatalog catalog;

    @Inject
    ColdMarkers coldMarkers;

    private KafkaTestClient kafka;

    @BeforeAll
    void prepare() {
        kafka = ApiTestSupport.kafka();
        fixture.offloaded(TABLE);
        fixture.offloaded(ANSWERED);
    }

    @AfterAll
    void disconnect() {
        kafka.close();
    }

    @Test
    void partitionsAreAuditedByARunOfTheirOwn() {
        ColdFixture.Offloaded offloaded = fixture.offloaded(TABLE);
        try (KafkaTestClient.Tail audits = kafka.tail(ApiTestSupport.auditTopic())) {
            var answer = operator().contentType(ContentType.JSON)
                    .body("{\"partitions\": [\"" + offloaded.keptDay() + "\", \"" + offloaded.droppedDay() + "\"]}")
                    .when().post("/api/tables/" + TABLE + "/audit").then().statusCode(202).extract();
            JsonPath run = answer.jsonPath();
            String runId = run.getString("runId");
            assertThat(run.getString("kind")).isEqualTo("AUDIT");
            assertThat(run.getString("status")).isEqualTo("RUNNING");
            assertThat(run.getString("table")).isEqualTo(TABLE);
            assertThat(run.getList("partitions")).containsExactly(offloaded.keptDay(), offloaded.droppedDay());
            assertThat(run.getString("cut")).as("the marker the audit is bounded by").isEqualTo(offloaded.marker().toString());
            assertThat(run.getString("rangeFrom")).isNull();
            assertThat(run.getString("coldSnapshot")).isNull();
            assertThat(answer.header("Location")).endsWith("/api/runs/" + runId);

            AuditCommand command = awaitAuditCommand(audits, runId, TABLE);
            assertThat(command.partitions()).containsExactly(offloaded.keptDay(), offloaded.droppedDay());
            assertThat(command.range()).isEmpty();
            assertThat(command.coldSnapshotId()).as("the current snapshot").isEmpty();
            assertThat(command.attempt()).isEqualTo(1);

            List<Map<String, Object>> runs = operator().when().get("/api/runs?limit=500").then().statusCode(200)
                    .extract().jsonPath().getList("$");
            assertThat(runs).anySatisfy(listed -> assertThat(listed).containsEntry("runId", runId)
                    .containsEntry("kind", "AUDIT").containsEntry("table", TABLE));
            List<Map<String, Object>> tasks = operator().when().get("/api/runs/" + runId).then().statusCode(200)
                    .extract().jsonPath().getList("tasks");
            assertThat(tasks).singleElement().satisfies(task -> assertThat(task)
                    .containsEntry("kind", "AUDIT")
                    .containsEntry("status", "SENT")
                    .containsEntry("commandId", command.commandId())
                    .containsEntry("partitions", List.of(offloaded.keptDay(), offloaded.droppedDay())));
        }
    }

    /** The earliest instant and day the API accepts (TimeBounds.EARLIEST) still start an audit. */
    @Test
    void theFirstDaySinceTheEpochIsStillAccepted() {
        try (KafkaTestClient.Tail audits = kafka.tail(ApiTestSupport.auditTopic())) {
            String byLabel = operator().contentType(ContentType.JSON).body("{\"partitions\": [\"1970-01-01\"]}")
                    .when().post("/api/tables/" + TABLE + "/audit").then().statusCode(202).extract().path("runId");
            assertThat(awaitAuditCommand(audits, byLabel, TABLE).partitions()).containsExactly("1970-01-01");
            String byRange = operator().contentType(ContentType.JSON)
                    .body("{\"from\": \"1970-01-01T00:00:00Z\", \"to\": \"1970-01-02T00:00:00Z\"}")
                    .when().post("/api/tables/" + TABLE + "/audit").then().statusCode(202).extract().path("runId");
            // the worker's codec decodes it too: the command is within the bounds it checks
            assertThat(awaitAuditCommand(audits, byRange, TABLE).range()).contains(
                    new TimeRange(Instant.parse("1970-01-01T00:00:00Z"), Instant.parse("1970-01-02T00:00:00Z")));
        }
    }

    @Test
    void aRangeIsAuditedAtTheSnapshotAskedFor() {
        ColdFixture.Offloaded offloaded = fixture.offloaded(TABLE);
        PartitionTransform partitions = catalog.get(TABLE).partition();
        Instant from = partitions.startOf(offloaded.droppedDay());
        Instant to = partitions.endOf(offloaded.keptDay());
        long snapshot = snapshotOf(TABLE);
        try (KafkaTestClient.Tail audits = kafka.tail(ApiTestSupport.auditTopic())) {
            JsonPath run = operator().contentType(ContentType.JSON)
                    .body("{\"from\": \"" + from + "\", \"to\": \"" + to + "\", \"coldSnapshot\": " + snapshot + "}")
                    .when().post("/api/tables/" + TABLE + "/audit").then().statusCode(202).extract().jsonPath();
            assertThat(run.getString("kind")).isEqualTo("AUDIT");
            assertThat(run.getString("rangeFrom")).isEqualTo(from.toString());
            assertThat(run.getString("rangeTo")).isEqualTo(to.toString());
            assertThat(run.getString("coldSnapshot")).isEqualTo(Long.toString(snapshot));
            assertThat(run.getString("partitions")).isNull();

            AuditCommand command = awaitAuditCommand(audits, run.getString("runId"), TABLE);
            assertThat(command.range()).contains(new TimeRange(from, to));
            assertThat(command.partitions()).isEmpty();
            assertThat(command.coldSnapshotId()).contains(snapshot);
        }
    }

    @Test
    void theRunEndsWithTheAuditorsVerdictAndAMismatchRaisesAnAlertButStartsNoRepair() {
        ColdFixture.Offloaded offloaded = fixture.offloaded(ANSWERED);
        long snapshot = snapshotOf(ANSWERED);
        String alertId = "AuditMismatch/" + ANSWERED + "/" + offloaded.keptDay();
        try (KafkaTestClient.Tail audits = kafka.tail(ApiTestSupport.auditTopic());
             KafkaTestClient.Tail events = kafka.tail(ApiTestSupport.eventTopic());
             KafkaTestClient.Tail offloads = kafka.tail(ApiTestSupport.commandTopic())) {
            // the snapshot as the API writes ids: a string
            String runId = operator().contentType(ContentType.JSON)
                    .body("{\"partitions\": [\"" + offloaded.keptDay() + "\"], \"coldSnapshot\": \"" + snapshot + "\"}")
                    .when().post("/api/tables/" + ANSWERED + "/audit").then().statusCode(202).extract().path("runId");
            AuditCommand command = awaitAuditCommand(audits, runId, ANSWERED);
            assertThat(command.coldSnapshotId()).contains(snapshot);

            Instant answered = Instant.now();
            publish(new AuditCompleted(command.commandId(), runId, ANSWERED, 1, Optional.of(snapshot),
                    Optional.of(offloaded.marker()), 1234, List.of(AuditVerdicts.mismatched(offloaded.keptDay(), 3, 2))));

            JsonPath ended = awaitRun(runId, "SUCCEEDED");
            String verdict = "mismatched: " + offloaded.keptDay() + " (warm 3 rows, cold 2)";
            assertThat(ended.getString("run.note")).isEqualTo(verdict);
            assertThat(ended.getString("run.finishedAt")).isNotNull();
            assertThat(ended.<Map<String, Object>>getList("tasks")).singleElement().satisfies(task -> assertThat(task)
                    .containsEntry("status", "SUCCEEDED").containsEntry("note", verdict)
                    .containsEntry("durationMs", 1234).containsEntry("coldSnapshot", Long.toString(snapshot)));
            RunCompleted summary = awaitSummary(events, runId);
            assertThat(summary.tables()).singleElement().satisfies(table -> {
                assertThat(table.table()).isEqualTo(ANSWERED);
                assertThat(table.outcome()).isEqualTo(TableOutcome.SUCCEEDED);
            });

            List<Map<String, Object>> active = operator().when().get("/api/alerts?active=true").then().statusCode(200)
                    .extract().jsonPath().getList("$");
            assertThat(active).anySatisfy(alert -> assertThat(alert).containsEntry("alertId", alertId)
                    .containsEntry("severity", "CRITICAL").containsEntry("table", ANSWERED));

            // auto-repair repairs gold only: the alert waits for an operator, no repair run or command appears
            assertThat(firstWithin(offloads, r -> true, ApiTestSupport.QUIET)).as("an offload command").isEmpty();
            List<Map<String, Object>> runs = operator().when().get("/api/runs?limit=500").then().statusCode(200)
                    .extract().jsonPath().getList("$");
            assertThat(runs).as("repair runs started after the verdict").noneSatisfy(r -> {
                assertThat(r).containsEntry("kind", "REPAIR").containsEntry("table", ANSWERED);
                assertThat(Instant.parse((String) r.get("startedAt"))).isAfter(answered);
            });
        }
    }

    @Test
    void anAuditTheAuditorCannotDoEndsTheRunFailed() {
        ColdFixture.Offloaded offloaded = fixture.offloaded(ANSWERED);
        try (KafkaTestClient.Tail audits = kafka.tail(ApiTestSupport.auditTopic())) {
            String runId = operator().contentType(ContentType.JSON)
                    .body("{\"partitions\": [\"" + offloaded.droppedDay() + "\"]}")
                    .when().post("/api/tables/" + ANSWERED + "/audit").then().statusCode(202).extract().path("runId");
            AuditCommand command = awaitAuditCommand(audits, runId, ANSWERED);
            publish(new TaskFailed(command.commandId(), runId, ANSWERED, TaskKind.AUDIT, 1, ErrorTypes.UNKNOWN_TABLE,
                    "the auditor's catalog holds no table " + ANSWERED, List.of()));

            JsonPath ended = awaitRun(runId, "FAILED");
            assertThat(ended.getString("run.note")).isEqualTo("audit failed: UNKNOWN_TABLE: the auditor's catalog holds"
                    + " no table " + ANSWERED);
            assertThat(ended.<Map<String, Object>>getList("tasks")).singleElement().satisfies(task -> assertThat(task)
                    .containsEntry("status", "FAILED").containsEntry("errorType", "UNKNOWN_TABLE"));
        }
    }

    @Test
    void aPausedTableCanBeAuditedSinceAnAuditOnlyReads() {
        ColdFixture.Offloaded offloaded = fixture.offloaded(TABLE);
        operator().when().post("/api/tables/" + TABLE + "/pause").then().statusCode(200);
        try (KafkaTestClient.Tail audits = kafka.tail(ApiTestSupport.auditTopic())) {
            String runId = operator().contentType(ContentType.JSON)
                    .body("{\"partitions\": [\"" + offloaded.keptDay() + "\"]}")
                    .when().post("/api/tables/" + TABLE + "/audit").then().statusCode(202).extract().path("runId");
            assertThat(awaitAuditCommand(audits, runId, TABLE).partitions()).containsExactly(offloaded.keptDay());
        } finally {
            operator().when().post("/api/tables/" + TABLE + "/resume").then().statusCode(200);
        }
    }

    /** Malformed audit request bodies, each with what its refusal must name after the {@code |}. */
    private static final List<String> MALFORMED = List.of(
            "{\"partitions\": [\"2026-02-30\"]}|'2026-02-30' is not a day partition of trade_time_us",
            "{\"partitions\": [\"2026-03\"]}|'2026-03' is not a day partition",
            "{\"partitions\": [\"2026-03-01\", \"2026-03-01\"]}|lists partition 2026-03-01 twice",
            "{\"partitions\": []}|'partitions' is empty",
            "{\"partitions\": \"2026-03-01\"}|'partitions' must be an array of strings",
            "{\"partitions\": [20260301]}|'partitions' must hold non-blank strings",
            "{\"partitions\": [\" \"]}|'partitions' must hold non-blank strings",
            "{\"partitions\": [\"2026-03-01\"], \"from\": \"2026-03-01T00:00:00Z\", \"to\": \"2026-03-02T00:00:00Z\"}"
                    + "|not both",
            "{}|give either 'partitions'",
            "{\"coldSnapshot\": 1}|give either 'partitions'",
            "{\"from\": \"2026-03-01T00:00:00Z\"}|'to' is missing",
            "{\"to\": \"2026-03-01T00:00:00Z\"}|'from' is missing",
            "{\"from\": \"2026-03-02T00:00:00Z\", \"to\": \"2026-03-01T00:00:00Z\"}|inverted or empty",
            "{\"from\": \"2026-03-01T00:00:00Z\", \"to\": \"2026-03-01T00:00:00Z\"}|inverted or empty",
            "{\"from\": \"2024-01-01T00:00:00Z\", \"to\": \"2026-03-01T00:00:00Z\"}|more than 366",
            "{\"from\": \"yesterday\", \"to\": \"2026-03-01T00:00:00Z\"}|'from' is not an ISO-8601 instant",
            "{\"partitions\": [\"2026-03-01\"], \"coldSnapshot\": \"latest\"}|'coldSnapshot' must be a whole number",
            "{\"partitions\": [\"2026-03-01\"], \"coldSnapshot\": 1.5}|'coldSnapshot' must be a whole number",
            "{\"partitions\": [\"2026-03-01\"], \"coldSnapshot\": 99999999999999999999}|'coldSnapshot' must be a whole",
            "{\"partitions\": [\"-100000-01-01\"]}|'partitions': partition '-100000-01-01'",
            "{\"partitions\": [\"+100000-01-01\"]}|outside the supported time span",
            "{\"partitions\": [\"1969-12-31\"]}|partition '1969-12-31' (1969-12-31T00:00:00Z",
            "{\"from\": \"-100000-01-01T00:00:00Z\", \"to\": \"2026-03-01T00:00:00Z\"}"
                    + "|field 'from' is out of range: '-100000-01-01T00:00:00Z' is before",
            "{\"from\": \"2026-03-01T00:00:00Z\", \"to\": \"+100000-01-01T00:00:00Z\"}"
                    + "|field 'to' is out of range: '+100000-01-01T00:00:00Z' is after",
            "{\"from\": \"1969-12-31T23:59:59Z\", \"to\": \"1970-01-02T00:00:00Z\"}"
                    + "|field 'from' is out of range: '1969-12-31T23:59:59Z'",
            "{\"partiton\": [\"2026-03-01\"]}|unknown field 'partiton'",
            "[\"2026-03-01\"]|must be a JSON object",
            "not json|not valid JSON");

    @Test
    void aMalformedAuditRequestIsRefusedNamingTheProblemAndChangesNothing() {
        refusedChangingNothing(kafka, MALFORMED.stream().map(line -> line.split("\\|", 2)).map(bodyAndName ->
                Refusal.of(bodyAndName[0], () -> operator().contentType(ContentType.JSON).body(bodyAndName[0])
                        .when().post("/api/tables/" + TABLE + "/audit"), 400, "Bad Request", bodyAndName[1])).toList());
    }

    @Test
    void anAuditWithoutBodyIsRefused() {
        refusedChangingNothing(kafka, () -> operator().when().post("/api/tables/" + TABLE + "/audit"), 400,
                "Bad Request", "body is missing", "partitions");
    }

    @Test
    void anAuditWithAQueryParameterIsRefused() {
        refusedChangingNothing(kafka, () -> operator().contentType(ContentType.JSON)
                        .body("{\"partitions\": [\"" + fixture.offloaded(TABLE).keptDay() + "\"]}")
                        .when().post("/api/tables/" + TABLE + "/audit?dryRun=true"), 400, "Bad Request",
                "unknown query parameter 'dryRun'");
    }

    @Test
    void anAuditOfAnUnknownTableIsRefused() {
        refusedChangingNothing(kafka, () -> operator().contentType(ContentType.JSON)
                        .body("{\"partitions\": [\"2026-03-01\"]}").when().post("/api/tables/bronze_trades_bitstamp/audit"),
                404, "Not Found", "unknown table 'bronze_trades_bitstamp'", TABLE);
    }

    @Test
    void anAuditOfATableWithoutMarkerIsRefused() {
        // month(bucket_start): a valid label, but nothing was offloaded to the table in this test's catalog
        refusedChangingNothing(kafka, () -> operator().contentType(ContentType.JSON).body("{\"partitions\": [\"2026-03\"]}")
                        .when().post("/api/tables/gold_ohlcv_1h/audit"), 409, "Conflict", "gold_ohlcv_1h",
                "no committed marker", "nothing to audit");
    }

    @Test
    void partitionsOrARangeAfterTheMarkerAreRefused() {
        ColdFixture.Offloaded offloaded = fixture.offloaded(TABLE);
        PartitionTransform partitions = catalog.get(TABLE).partition();
        String next = partitions.labelOf(offloaded.marker().plus(Duration.ofDays(1)));
        refusedChangingNothing(kafka, () -> operator().contentType(ContentType.JSON)
                        .body("{\"partitions\": [\"" + offloaded.keptDay() + "\", \"" + next + "\"]}")
                        .when().post("/api/tables/" + TABLE + "/audit"), 409, "Conflict",
                "partition " + next + " of " + TABLE, "at or after the table's committed marker " + offloaded.marker());
        Instant from = offloaded.marker().plusSeconds(1);
        refusedChangingNothing(kafka, () -> operator().contentType(ContentType.JSON)
                        .body("{\"from\": \"" + from + "\", \"to\": \"" + from.plus(Duration.ofDays(1)) + "\"}")
                        .when().post("/api/tables/" + TABLE + "/audit"), 409, "Conflict",
                "starts at or after the committed marker " + offloaded.marker());
    }

    @Test
    void aSnapshotTheColdTableDoesNotHaveIsRefused() {
        ColdFixture.Offloaded offloaded = fixture.offloaded(TABLE);
        long unknown = snapshotOf(TABLE) ^ 0x5a5a5a5aL;
        refusedChangingNothing(kafka, () -> operator().contentType(ContentType.JSON)
                        .body("{\"partitions\": [\"" + offloaded.keptDay() + "\"], \"coldSnapshot\": " + unknown + "}")
                        .when().post("/api/tables/" + TABLE + "/audit"), 409, "Conflict",
                "has no snapshot " + unknown, "cold." + TABLE);
    }

    private long snapshotOf(String table) {
        return coldMarkers.read(table).orElseThrow().at().snapshotId();
    }

    /** Publishes on the coordinator's event topic as the auditor does (its own source, keyed by table). */
    private void publish(Event event) {
        String table = event instanceof AuditCompleted a ? a.table() : ((TaskFailed) event).table();
        kafka.send(ApiTestSupport.eventTopic(), table, CODEC.encode("/floe/auditor", event));
    }

    /** GET /api/runs/{runId} once the run has the status. */
    private static JsonPath awaitRun(String runId, String status) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonPath run = operator().when().get("/api/runs/" + runId).then().statusCode(200).extract().jsonPath();
            if (status.equals(run.getString("run.status"))) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + runId + " is not " + status + " within " + WAIT + ": "
                        + run.prettify());
            }
            ApiTestSupport.sleep(Duration.ofMillis(300));
        }
    }

    private static RunCompleted awaitSummary(KafkaTestClient.Tail events, String runId) {
        ConsumerRecord<byte[], byte[]> record = events.await(r -> decodeEvent(r) instanceof RunCompleted c
                && c.runId().equals(runId), WAIT, "the run.completed event of " + runId);
        return (RunCompleted) decodeEvent(record);
    }

    private static Event decodeEvent(ConsumerRecord<byte[], byte[]> record) {
        try {
            return CODEC.decodeEvent(new String(record.value(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            return null;
        }
    }
}
