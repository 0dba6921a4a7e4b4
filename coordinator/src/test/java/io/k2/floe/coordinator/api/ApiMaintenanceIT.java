package io.k2.floe.coordinator.api;

import io.k2.floe.coordinator.OwnLedger;
import io.k2.floe.coordinator.api.ApiTestSupport.Refusal;
import io.k2.floe.coordinator.markers.ColdMarkers;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.AuditCommand;
import io.k2.floe.tiering.messages.AuditCompleted;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.MaintenanceCommand;
import io.k2.floe.tiering.messages.MaintenanceCompleted;
import io.k2.floe.tiering.messages.MessageCodec;
import io.k2.floe.tiering.testing.KafkaTestClient;
import io.k2.floe.tiering.testing.PrometheusText;
import io.k2.floe.tiering.testing.WarmSql;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.k2.floe.coordinator.api.ApiTestSupport.awaitAuditCommand;
import static io.k2.floe.coordinator.api.ApiTestSupport.awaitMaintenanceCommand;
import static io.k2.floe.coordinator.api.ApiTestSupport.firstWithin;
import static io.k2.floe.coordinator.api.ApiTestSupport.refusedChangingNothing;
import static io.k2.floe.coordinator.api.Callers.operator;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Maintenance through the API, against the real broker and ledger, with this test playing the maintenance worker and
 * the auditor on the coordinator's own topics: a run walks its steps in order (COMPACT, the audit of what it rewrote
 * at the snapshot it committed, REWRITE_MANIFESTS, EXPIRE_SNAPSHOTS, REMOVE_ORPHANS, the retention audit, the drop of
 * what it found equal) and keeps every step's results; a dry run sends dry-run commands only and audits nothing; a
 * drop the worker refuses raises RetentionBlocked for a partition past retention plus grace, and a later drop resolves
 * it; a request while the table's maintenance runs is refused (409), the other tables of a run of all still start;
 * bad requests change nothing; the tables' maintenance schedule is registered as one job firing daily at 03:30 UTC.
 * Each test has a table of its own (bronze: 7 days of retention, 1 day of grace), with
 * a warm partition {@value #OLD_DAYS} days old next to what ColdFixture offloaded.
 */
@QuarkusTest
@TestProfile(OwnLedger.Maintaining.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiMaintenanceIT {

    private static final int OLD_DAYS = 10;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final MessageCodec CODEC = new MessageCodec();

    @Inject
    ColdFixture fixture;

    @Inject
    TableCatalog catalog;

    @Inject
    ColdMarkers coldMarkers;

    private KafkaTestClient kafka;

    @Inject
    Scheduler scheduler;

    @BeforeAll
    void prepare() {
        // The profile registers the tables' maintenance schedules (all the catalog's default, daily at 03:30 UTC):
        // one job, paused before it could start a run among the tests' own.
        Trigger job = scheduler.getScheduledJob("floe-maintenance-1");
        assertThat(job).as("the maintenance job of the default schedule").isNotNull();
        scheduler.pause("floe-maintenance-1");
        assertThat(scheduler.getScheduledJob("floe-maintenance-2")).as("a second distinct schedule").isNull();
        Instant next = job.getNextFireTime();
        assertThat(next.atZone(ZoneOffset.UTC).toLocalTime()).isEqualTo(java.time.LocalTime.of(3, 30));
        assertThat(next).isBetween(Instant.now(), Instant.now().plus(Duration.ofDays(1)));
        kafka = ApiTestSupport.kafka();
        for (OwnLedger.TestTable table : OwnLedger.TEST_TABLES) {
            fixture.offloaded(table.id());
            addOldWarmPartition(catalog.get(table.id()));
        }
    }

    @AfterAll
    void disconnect() {
        kafka.close();
    }

    @Test
    @Order(1)
    void aRunNowWalksTheStepsInOrderAndRecordsTheirResults() {
        String table = "it_api_micros";
        ColdFixture.Offloaded offloaded = fixture.offloaded(table);
        String old = oldDay(table);
        long current = snapshotOf(table);
        try (KafkaTestClient.Tail commands = kafka.tail(ApiTestSupport.maintenanceTopic());
             KafkaTestClient.Tail audits = kafka.tail(ApiTestSupport.auditTopic())) {
            JsonPath run = operator().when().post("/api/tables/" + table + "/maintenance").then().statusCode(202)
                    .extract().jsonPath();
            String runId = run.getString("runId");
            assertThat(run.getString("kind")).isEqualTo("MAINTENANCE");
            assertThat(run.getString("trigger")).isEqualTo("MANUAL");
            assertThat(run.getList("actions")).containsExactly("COMPACT", "EXPIRE_SNAPSHOTS", "REMOVE_ORPHANS",
                    "REWRITE_MANIFESTS", "DROP_WARM_PARTITIONS");
            assertThat(run.getBoolean("dryRun")).isFalse();

            MaintenanceCommand compact = awaitMaintenanceCommand(commands, runId, table, MaintenanceAction.COMPACT);
            assertThat(compact.options()).isEmpty();
            assertThat(compact.partitions()).as("the worker chooses the closed partitions").isEmpty();
            assertThat(firstWithin(commands, r -> ApiTestSupport.decode(r) instanceof MaintenanceCommand c
                    && c.runId().equals(runId) && c.action() != MaintenanceAction.COMPACT, ApiTestSupport.QUIET))
                    .as("the next step before compaction answered").isEmpty();
            answer(compact, List.of(offloaded.keptDay()), Map.of("rewrittenDataFiles", 2L, "addedDataFiles", 1L),
                    Optional.of(current), Map.of());

            Set<String> seen = new HashSet<>();
            AuditCommand compacted = nextAudit(audits, runId, table, seen);
            assertThat(compacted.partitions()).containsExactly(offloaded.keptDay());
            assertThat(compacted.coldSnapshotId()).as("the snapshot compaction committed").contains(current);
            publish(new AuditCompleted(compacted.commandId(), runId, table, 1, Optional.of(current),
                    Optional.of(offloaded.marker()), 10, List.of(AuditVerdicts.equal(offloaded.keptDay(), 3))));

            answer(awaitMaintenanceCommand(commands, runId, table, MaintenanceAction.REWRITE_MANIFESTS), List.of(),
                    Map.of("rewrittenManifests", 4L, "addedManifests", 1L), Optional.of(current), Map.of());
            answer(awaitMaintenanceCommand(commands, runId, table, MaintenanceAction.EXPIRE_SNAPSHOTS), List.of(),
                    Map.of("expiredSnapshots", 3L), Optional.empty(), Map.of());
            answer(awaitMaintenanceCommand(commands, runId, table, MaintenanceAction.REMOVE_ORPHANS), List.of(),
                    Map.of("deletedOrphanFiles", 0L), Optional.empty(), Map.of());

            AuditCommand retention = nextAudit(audits, runId, table, seen);
            assertThat(retention.partitions()).as("warm partitions past 7 days, below the marker").containsExactly(old);
            assertThat(retention.coldSnapshotId()).as("the current snapshot").isEmpty();
            publish(new AuditCompleted(retention.commandId(), runId, table, 1, Optional.of(current),
                    Optional.of(offloaded.marker()), 10, List.of(AuditVerdicts.equal(old, 2))));

            MaintenanceCommand drop = awaitMaintenanceCommand(commands, runId, table,
                    MaintenanceAction.DROP_WARM_PARTITIONS);
            assertThat(drop.partitions()).containsExactly(old);
            answer(drop, List.of(old), Map.of("droppedPartitions", 1L), Optional.empty(), Map.of());

            awaitRun(runId, "SUCCEEDED");
            List<Map<String, Object>> history = operator().when().get("/api/tables/" + table + "/maintenance?limit=5")
                    .then().statusCode(200).extract().jsonPath().getList("$");
            assertThat(history).first().satisfies(latest -> {
                assertThat(((Map<?, ?>) latest.get("run")).get("runId")).isEqualTo(runId);
                assertThat((String) ((Map<?, ?>) latest.get("run")).get("note")).contains("dropped " + old)
                        .contains("expiredSnapshots=3");
            });
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> steps = (List<Map<String, Object>>) history.get(0).get("tasks");
            assertThat(steps).extracting(s -> s.get("step")).containsExactly("COMPACT", "AUDIT_COMPACTED",
                    "REWRITE_MANIFESTS", "EXPIRE_SNAPSHOTS", "REMOVE_ORPHANS", "AUDIT_RETENTION", "DROP_WARM_PARTITIONS");
            assertThat(steps).allSatisfy(step -> assertThat(step).containsEntry("status", "SUCCEEDED")
                    .containsEntry("dryRun", false));
            assertThat(steps.get(0)).containsEntry("partitions", List.of(offloaded.keptDay()))
                    .containsEntry("results", Map.of("addedDataFiles", 1, "rewrittenDataFiles", 2))
                    .containsEntry("coldSnapshot", Long.toString(current));
            assertThat(steps.get(3)).containsEntry("results", Map.of("expiredSnapshots", 3));
            assertThat(steps.get(6)).containsEntry("partitions", List.of(old)).containsEntry("refused", Map.of());
            awaitMetric("floe_retention_dropped_partitions_total", Map.of("table", table), 1.0);
            assertThat(metric("floe_maintenance_runs_started_total", Map.of("kind", "manual"))).isGreaterThanOrEqualTo(1.0);
        }
    }

    @Test
    @Order(2)
    void aDryRunSendsDryRunCommandsOnlyAndShowsWhatWouldBeDone() {
        String table = "it_api_millis";
        ColdFixture.Offloaded offloaded = fixture.offloaded(table);
        String old = oldDay(table);
        try (KafkaTestClient.Tail commands = kafka.tail(ApiTestSupport.maintenanceTopic());
             KafkaTestClient.Tail audits = kafka.tail(ApiTestSupport.auditTopic())) {
            String runId = operator().contentType(ContentType.JSON).body("{\"dryRun\": true}")
                    .when().post("/api/tables/" + table + "/maintenance").then().statusCode(202)
                    .extract().path("runId");
            for (MaintenanceAction action : List.of(MaintenanceAction.COMPACT, MaintenanceAction.REWRITE_MANIFESTS,
                    MaintenanceAction.EXPIRE_SNAPSHOTS, MaintenanceAction.REMOVE_ORPHANS,
                    MaintenanceAction.DROP_WARM_PARTITIONS)) {
                MaintenanceCommand command = awaitMaintenanceCommand(commands, runId, table, action);
                assertThat(command.options()).as(action + " options").containsEntry("dry-run", "true");
                List<String> would = switch (action) {
                    case COMPACT -> List.of(offloaded.keptDay());
                    case DROP_WARM_PARTITIONS -> {
                        assertThat(command.partitions()).as("every candidate, unaudited").containsExactly(old);
                        yield List.of(old);
                    }
                    default -> List.of();
                };
                publish(new MaintenanceCompleted(command.commandId(), runId, table, 1, action, 5, would,
                        Map.of("wouldRewrite", 7L), Optional.empty(), true, Map.of()));
            }
            JsonPath ended = awaitRun(runId, "SUCCEEDED");
            assertThat(ended.getString("run.note")).contains("COMPACT (dry run): would change " + offloaded.keptDay())
                    .contains("DROP_WARM_PARTITIONS (dry run): would drop " + old);
            assertThat(ended.<Map<String, Object>>getList("tasks")).allSatisfy(task -> assertThat(task)
                    .containsEntry("kind", "MAINTENANCE").containsEntry("dryRun", true));
            assertThat(firstWithin(audits, r -> ApiTestSupport.decode(r) instanceof AuditCommand c
                    && c.runId().equals(runId), Duration.ofSeconds(1))).as("an audit in a dry run").isEmpty();
        }
        assertThat(metric("floe_retention_dropped_partitions_total", Map.of("table", table))).isEqualTo(0.0);
    }

    @Test
    @Order(3)
    void aRefusedDropRaisesRetentionBlockedAndALaterDropResolvesIt() {
        String table = "it_api_lagging";
        ColdFixture.Offloaded offloaded = fixture.offloaded(table);
        String old = oldDay(table);
        String alertId = "RetentionBlocked/" + table + "/" + old;
        long current = snapshotOf(table);
        String body = "{\"actions\": [\"DROP_WARM_PARTITIONS\"]}";
        try (KafkaTestClient.Tail commands = kafka.tail(ApiTestSupport.maintenanceTopic());
             KafkaTestClient.Tail audits = kafka.tail(ApiTestSupport.auditTopic())) {
            String first = operator().contentType(ContentType.JSON).body(body)
                    .when().post("/api/tables/" + table + "/maintenance").then().statusCode(202).extract().path("runId");
            AuditCommand audit = awaitAuditCommand(audits, first, table);
            assertThat(audit.partitions()).containsExactly(old);
            publish(new AuditCompleted(audit.commandId(), first, table, 1, Optional.of(current),
                    Optional.of(offloaded.marker()), 10, List.of(AuditVerdicts.equal(old, 2))));
            MaintenanceCommand drop = awaitMaintenanceCommand(commands, first, table,
                    MaintenanceAction.DROP_WARM_PARTITIONS);
            String reason = "warm partition holds 3 rows, its verdict 2: audit again";
            answer(drop, List.of(), Map.of("droppedPartitions", 0L), Optional.empty(), Map.of(old, reason));
            awaitRun(first, "SUCCEEDED");
            Map<String, Object> alert = awaitAlert(alertId, true);
            assertThat(alert).containsEntry("severity", "WARNING").containsEntry("table", table);
            assertThat((String) alert.get("message")).contains(old).contains(reason).contains("past its retention");
            awaitMetric("floe_retention_blocked_partitions", Map.of("table", table, "layer", "bronze"), 1.0);

            // the verdict seen is equal at the current snapshot: the next run drops without auditing again
            String second = operator().contentType(ContentType.JSON).body(body)
                    .when().post("/api/tables/" + table + "/maintenance").then().statusCode(202).extract().path("runId");
            MaintenanceCommand again = awaitMaintenanceCommand(commands, second, table,
                    MaintenanceAction.DROP_WARM_PARTITIONS);
            assertThat(again.partitions()).containsExactly(old);
            answer(again, List.of(old), Map.of("droppedPartitions", 1L, "droppedRows", 2L), Optional.empty(), Map.of());
            JsonPath ended = awaitRun(second, "SUCCEEDED");
            // the table's counts say where the dropped rows went: still in cold, no longer in warm (the refused drop
            // of the first run counted nothing)
            assertThat(operator().when().get("/api/tables/" + table + "?counts=true").then().statusCode(200)
                    .extract().<Integer>path("warmRowsDropped")).isEqualTo(2);
            assertThat(ended.<Map<String, Object>>getList("tasks")).extracting(t -> t.get("step"), t -> t.get("note"))
                    .first().satisfies(step -> assertThat(step.toList()).containsExactly("AUDIT_RETENTION",
                            "nothing to audit: equal at the current snapshot already: " + old));
            assertThat(firstWithin(audits, r -> ApiTestSupport.decode(r) instanceof AuditCommand c
                    && c.runId().equals(second), Duration.ofSeconds(1))).as("an audit in the second run").isEmpty();
            awaitAlert(alertId, false);
            awaitMetric("floe_retention_blocked_partitions", Map.of("table", table, "layer", "bronze"), 0.0);
        }
    }

    @Test
    @Order(4)
    void aMismatchKeepsThePartitionAndItsAlertGoesOnceThePartitionIsGoneAnotherWay() {
        String table = "it_api_millis";
        ColdFixture.Offloaded offloaded = fixture.offloaded(table);
        String old = oldDay(table);
        String alertId = "RetentionBlocked/" + table + "/" + old;
        String body = "{\"actions\": [\"DROP_WARM_PARTITIONS\"]}";
        try (KafkaTestClient.Tail commands = kafka.tail(ApiTestSupport.maintenanceTopic());
             KafkaTestClient.Tail audits = kafka.tail(ApiTestSupport.auditTopic())) {
            String first = operator().contentType(ContentType.JSON).body(body)
                    .when().post("/api/tables/" + table + "/maintenance").then().statusCode(202).extract().path("runId");
            AuditCommand audit = awaitAuditCommand(audits, first, table);
            publish(new AuditCompleted(audit.commandId(), first, table, 1, Optional.of(snapshotOf(table)),
                    Optional.of(offloaded.marker()), 10, List.of(AuditVerdicts.mismatched(old, 2, 1))));
            JsonPath ended = awaitRun(first, "SUCCEEDED");
            assertThat(ended.<Map<String, Object>>getList("tasks")).singleElement().satisfies(task -> assertThat(task)
                    .containsEntry("step", "AUDIT_RETENTION").containsEntry("refused", Map.of(old,
                            "not verified: the audit at snapshot " + snapshotOf(table)
                                    + " found warm (2 rows) and cold (1 rows) different")));
            assertThat(firstWithin(commands, r -> ApiTestSupport.decode(r) instanceof MaintenanceCommand c
                    && c.runId().equals(first), ApiTestSupport.QUIET)).as("a drop of a mismatched partition").isEmpty();
            assertThat((String) awaitAlert(alertId, true).get("message")).contains("not verified");
        }
        CatalogTable catalogTable = catalog.get(table);
        try (WarmSql warm = WarmSql.fromEnvironment()) {
            warm.execute("ALTER TABLE `" + warm.database() + "`.`" + catalogTable.warmTable() + "` DROP PARTITION "
                    + old.replace("-", ""));
        }
        String second = operator().contentType(ContentType.JSON).body(body)
                .when().post("/api/tables/" + table + "/maintenance").then().statusCode(202).extract().path("runId");
        assertThat(awaitRun(second, "SUCCEEDED").getString("run.note")).contains("no warm partition past retention");
        assertThat((String) awaitAlert(alertId, false).get("message")).contains(old);
    }

    @Test
    @Order(5)
    void badRequestsChangeNothing() {
        String table = "it_api_datetime";
        List<Refusal> refusals = new ArrayList<>();
        for (String[] bad : new String[][]{
                {"{\"actions\": [\"SHRINK\"]}", "'actions' holds 'SHRINK'"},
                {"{\"actions\": []}", "'actions' is empty"},
                {"{\"actions\": [\"COMPACT\", \"COMPACT\"]}", "lists COMPACT twice"},
                {"{\"partitions\": [\"2026-13-01\"]}", "'2026-13-01' is not a day partition"},
                {"{\"partitions\": [\"+100000-01-01\"]}", "'partitions': partition '+100000-01-01'"},
                {"{\"partitions\": [\"1969-12-31\"]}", "partition '1969-12-31' (1969-12-31T00:00:00Z"},
                {"{\"dryRun\": \"yes\"}", "'dryRun' must be true or false"},
                {"{\"dryrun\": true}", "unknown field 'dryrun'"},
                {"[]", "must be a JSON object"},
                {"not json", "not valid JSON"}}) {
            refusals.add(Refusal.of(bad[0], () -> operator().contentType(ContentType.JSON).body(bad[0])
                    .when().post("/api/tables/" + table + "/maintenance"), 400, "Bad Request", bad[1]));
        }
        refusals.add(Refusal.of("partitions for all tables", () -> operator().contentType(ContentType.JSON)
                .body("{\"partitions\": [\"2026-03-01\"]}").when().post("/api/maintenance"), 400, "Bad Request",
                "unknown field 'partitions'"));
        refusals.add(Refusal.of("unknown table", () -> operator()
                        .when().post("/api/tables/bronze_trades_bitstamp/maintenance"),
                404, "Not Found", "unknown table 'bronze_trades_bitstamp'"));
        refusedChangingNothing(kafka, refusals);
        operator().when().get("/api/tables/bronze_trades_bitstamp/maintenance").then().statusCode(404);
        operator().when().get("/api/tables/" + table + "/maintenance?limit=0").then().statusCode(400);
    }

    @Test
    @Order(6)
    void aRequestWhileTheTablesMaintenanceRunsIsRefusedAndARunOfAllSkipsIt() {
        String table = "it_api_datetime";
        try (KafkaTestClient.Tail commands = kafka.tail(ApiTestSupport.maintenanceTopic())) {
            String runId = operator().contentType(ContentType.JSON).body("{\"actions\": [\"EXPIRE_SNAPSHOTS\"]}")
                    .when().post("/api/tables/" + table + "/maintenance").then().statusCode(202).extract().path("runId");
            awaitMaintenanceCommand(commands, runId, table, MaintenanceAction.EXPIRE_SNAPSHOTS); // left unanswered
            refusedChangingNothing(kafka, () -> operator().when().post("/api/tables/" + table + "/maintenance"), 409,
                    "Conflict", "maintenance run " + runId + " of " + table + " is still running");

            String all = operator().contentType(ContentType.JSON).body("{\"actions\": [\"REMOVE_ORPHANS\"]}")
                    .when().post("/api/maintenance").then().statusCode(202).extract().path("runId");
            JsonPath started = operator().when().get("/api/runs/" + all).then().statusCode(200).extract().jsonPath();
            assertThat(started.getString("run.table")).isNull();
            List<Map<String, Object>> tasks = started.getList("tasks");
            assertThat(tasks).anySatisfy(task -> assertThat(task).containsEntry("table", table)
                    .containsEntry("status", "SKIPPED")
                    .containsEntry("note", "maintenance run " + runId + " of " + table + " is still running"));
            for (String other : List.of("it_api_micros", "it_api_millis", "it_api_lagging")) {
                awaitMaintenanceCommand(commands, all, other, MaintenanceAction.REMOVE_ORPHANS);
            }
            assertThat(firstWithin(commands, r -> ApiTestSupport.decode(r) instanceof MaintenanceCommand c
                    && c.runId().equals(all) && c.table().equals(table), ApiTestSupport.QUIET))
                    .as("a command of the run of all for the busy table").isEmpty();
        }
    }

    /** A warm partition of the table {@value #OLD_DAYS} days old, below its marker: past retention plus grace. */
    private static void addOldWarmPartition(CatalogTable table) {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(OLD_DAYS);
        Instant ingested = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));
        StringBuilder rows = new StringBuilder();
        for (int hour = 1; hour <= 2; hour++) {
            long second = day.atTime(hour, 0).toEpochSecond(ZoneOffset.UTC);
            String time = switch (table.timeEncoding()) {
                case EPOCH_MICROS -> Long.toString(second * 1_000_000L);
                case EPOCH_MILLIS -> Long.toString(second * 1_000L);
                case DATETIME -> "toDateTime(" + second + ")";
            };
            rows.append(rows.isEmpty() ? "" : ", ").append('(').append(1000 + hour).append(", ").append(time)
                    .append(", toDateTime(").append(ingested.getEpochSecond()).append("))");
        }
        try (WarmSql warm = WarmSql.fromEnvironment()) {
            warm.execute("INSERT INTO `" + warm.database() + "`.`" + table.warmTable() + "` (id, " + table.timeColumn()
                    + ", ingested_at) VALUES " + rows);
        }
    }

    private String oldDay(String table) {
        return catalog.get(table).partition().labelOf(LocalDate.now(ZoneOffset.UTC).minusDays(OLD_DAYS)
                .atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private long snapshotOf(String table) {
        return coldMarkers.read(table).orElseThrow().at().snapshotId();
    }

    /** Answers a maintenance command as the maintenance worker does. */
    private void answer(MaintenanceCommand command, List<String> partitions, Map<String, Long> results,
                        Optional<Long> snapshot, Map<String, String> refused) {
        publish(new MaintenanceCompleted(command.commandId(), command.runId(), command.table(), command.attempt(),
                command.action(), 25, partitions, results, snapshot, false, refused));
    }

    private void publish(Event event) {
        String table = event instanceof AuditCompleted a ? a.table() : ((MaintenanceCompleted) event).table();
        String source = event instanceof AuditCompleted ? "/floe/auditor" : "/floe/maintenance-worker";
        kafka.send(ApiTestSupport.eventTopic(), table, CODEC.encode(source, event));
    }

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

    /** The alert once it is active (or resolved). */
    private static Map<String, Object> awaitAlert(String alertId, boolean active) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<Map<String, Object>> alerts = operator().when().get("/api/alerts?active=" + active).then()
                    .statusCode(200).extract().jsonPath().getList("$");
            Optional<Map<String, Object>> found = alerts.stream().filter(a -> alertId.equals(a.get("alertId")))
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("alert " + alertId + " is not " + (active ? "active" : "resolved")
                        + " within " + WAIT + ": " + alerts);
            }
            ApiTestSupport.sleep(Duration.ofMillis(300));
        }
    }

    /** Waits for the sample to show the value (alerts are visible in the ledger before the gauges are refreshed). */
    private static void awaitMetric(String name, Map<String, String> labels, double value) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (metric(name, labels) != value) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + labels + " is not " + value + " within " + WAIT + ": "
                        + metric(name, labels));
            }
            ApiTestSupport.sleep(Duration.ofMillis(300));
        }
    }

    /** A sample of the Prometheus scrape; 0 when absent. */
    private static double metric(String name, Map<String, String> labels) {
        String text = operator().accept("text/plain").when().get("/q/metrics").then().statusCode(200).extract().asString();
        return PrometheusText.value(text, name, labels).orElse(0);
    }

    /** The run's next audit command for the table, one not {@code seen} before (the tail keeps every record). */
    private static AuditCommand nextAudit(KafkaTestClient.Tail audits, String runId, String table, Set<String> seen) {
        ConsumerRecord<byte[], byte[]> record = audits.await(r -> ApiTestSupport.decode(r) instanceof AuditCommand c
                        && c.runId().equals(runId) && c.table().equals(table) && !seen.contains(c.commandId()),
                ApiTestSupport.COMMAND_TIMEOUT, "a further audit command of run " + runId + " for " + table);
        AuditCommand command = (AuditCommand) ApiTestSupport.decode(record);
        seen.add(command.commandId());
        return command;
    }
}
