package io.k2.floe.coordinator.api;

import io.k2.floe.coordinator.OwnLedger;
import io.k2.floe.coordinator.markers.ColdMarkers;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.AuditCompleted;
import io.k2.floe.tiering.messages.MessageCodec;
import io.k2.floe.tiering.messages.OffloadCommand;
import io.k2.floe.tiering.messages.OffloadKind;
import io.k2.floe.tiering.messages.PartitionVerdict;
import io.k2.floe.tiering.testing.KafkaTestClient;
import io.k2.floe.tiering.testing.PrometheusText;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.k2.floe.coordinator.api.ApiTestSupport.decode;
import static io.k2.floe.coordinator.api.ApiTestSupport.firstWithin;
import static io.k2.floe.coordinator.api.ApiTestSupport.key;
import static io.k2.floe.coordinator.api.Callers.operator;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * floe.coordinator.audit.auto-repair all (profile OwnLedger.AutoRepairing): an audit verdict published on the event
 * topic as the auditor publishes it, naming a mismatched partition of a test table with a real committed marker
 * (ColdFixture), raises AuditMismatch and starts a repair run of that partition, whose REPAIR command goes out like
 * one of POST /repair. A partition that must not be repaired now — the warm tier no longer holds it, it lies after the
 * marker, the table is paused, a repair of it is already running, or the verdict is the one after a repair of it — is
 * skipped, counted by why, and its alert stays raised.
 */
@QuarkusTest
@TestProfile(OwnLedger.AutoRepairing.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiAuditAutoRepairIT {

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
        for (String table : List.of("it_api_micros", "it_api_millis", "it_api_datetime")) {
            fixture.offloaded(table);
        }
    }

    @AfterAll
    void disconnect() {
        kafka.close();
    }

    @Test
    void aMismatchedPartitionIsRepairedOnceAndNotAgainAfterItsRepair() {
        String table = "it_api_micros";
        ColdFixture.Offloaded offloaded = fixture.offloaded(table);
        String partition = offloaded.keptDay();
        try (KafkaTestClient.Tail offloads = kafka.tail(ApiTestSupport.commandTopic())) {
            publishVerdicts(table, "auditor-it-" + UUID.randomUUID(), AuditVerdicts.mismatched(partition, 3, 2),
                    AuditVerdicts.equal(offloaded.droppedDay(), 3));

            ConsumerRecord<byte[], byte[]> record = offloads.await(r -> table.equals(key(r))
                            && decode(r) instanceof OffloadCommand c && c.offloadKind() == OffloadKind.REPAIR,
                    WAIT, "a REPAIR command for " + table);
            OffloadCommand repair = (OffloadCommand) decode(record);
            assertThat(repair.partition()).as("only the mismatched partition is repaired").contains(partition);
            assertThat(repair.window().upper()).as("up to the marker").isEqualTo(offloaded.marker());
            JsonPath run = operator().when().get("/api/runs/" + repair.runId()).then().statusCode(200).extract().jsonPath();
            assertThat(run.getString("run.kind")).isEqualTo("REPAIR");
            assertThat(run.getString("run.table")).isEqualTo(table);
            assertThat(run.getString("run.partition")).isEqualTo(partition);
            assertThat(activeAlerts()).contains("AuditMismatch/" + table + "/" + partition)
                    .doesNotContain("AuditMismatch/" + table + "/" + offloaded.droppedDay());
            awaitAutoRepairs(table, "started", 1);

            // the same finding again while the repair runs: no second repair
            publishVerdicts(table, "auditor-it-" + UUID.randomUUID(), AuditVerdicts.mismatched(partition, 3, 2));
            awaitAutoRepairs(table, "repair-running", 1);
            // the audit that follows the repair still finds it mismatched: the repair did not help, a person decides
            publishVerdicts(table, repair.runId(), AuditVerdicts.mismatched(partition, 3, 2));
            awaitAutoRepairs(table, "after-repair", 1);

            assertThat(firstWithin(offloads, r -> table.equals(key(r)) && decode(r) instanceof OffloadCommand c
                    && !c.commandId().equals(repair.commandId()), ApiTestSupport.QUIET))
                    .as("a second repair command").isEmpty();
            assertThat(repairRuns(table, partition)).as("repair runs of the partition").isEqualTo(1);
            assertThat(autoRepairs(table, "started")).isEqualTo(1);
        }
    }

    @Test
    void aPartitionTheWarmTierNoLongerHoldsOrAfterTheMarkerIsNotRepaired() {
        String table = "it_api_millis";
        ColdFixture.Offloaded offloaded = fixture.offloaded(table);
        String afterMarker = catalog.get(table).partition().labelOf(offloaded.marker().plus(Duration.ofDays(1)));
        try (KafkaTestClient.Tail offloads = kafka.tail(ApiTestSupport.commandTopic())) {
            publishVerdicts(table, "auditor-it-" + UUID.randomUUID(), AuditVerdicts.mismatched(offloaded.droppedDay(), 0, 3),
                    AuditVerdicts.mismatched(afterMarker, 1, 0));
            awaitAutoRepairs(table, "warm-empty", 1);
            awaitAutoRepairs(table, "after-marker", 1);
            assertThat(firstWithin(offloads, r -> table.equals(key(r)), ApiTestSupport.QUIET))
                    .as("a command for " + table).isEmpty();
            assertThat(repairRuns(table, offloaded.droppedDay())).isZero();
            assertThat(activeAlerts()).as("the mismatches wait for an operator")
                    .contains("AuditMismatch/" + table + "/" + offloaded.droppedDay());
        }
    }

    @Test
    void aPausedTableIsNotRepaired() {
        String table = "it_api_datetime";
        ColdFixture.Offloaded offloaded = fixture.offloaded(table);
        operator().when().post("/api/tables/" + table + "/pause").then().statusCode(200);
        try (KafkaTestClient.Tail offloads = kafka.tail(ApiTestSupport.commandTopic())) {
            publishVerdicts(table, "auditor-it-" + UUID.randomUUID(), AuditVerdicts.mismatched(offloaded.keptDay(), 3, 2));
            awaitAutoRepairs(table, "paused", 1);
            assertThat(firstWithin(offloads, r -> table.equals(key(r)), ApiTestSupport.QUIET))
                    .as("a command for " + table).isEmpty();
            assertThat(repairRuns(table, offloaded.keptDay())).isZero();
            assertThat(activeAlerts()).contains("AuditMismatch/" + table + "/" + offloaded.keptDay());
        } finally {
            operator().when().post("/api/tables/" + table + "/resume").then().statusCode(200);
        }
    }

    /** An audit.completed event as the auditor publishes it: its own source, keyed by table, on the event topic. */
    private void publishVerdicts(String table, String runId, PartitionVerdict... verdicts) {
        long snapshot = coldMarkers.read(table).orElseThrow().at().snapshotId();
        AuditCompleted audit = new AuditCompleted(UUID.randomUUID().toString(), runId, table, 1, Optional.of(snapshot),
                Optional.of(fixture.offloaded(table).marker()), 25, List.of(verdicts));
        kafka.send(ApiTestSupport.eventTopic(), table, CODEC.encode("/floe/auditor", audit));
    }

    private static List<String> activeAlerts() {
        List<Map<String, Object>> alerts = operator().when().get("/api/alerts?active=true").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return alerts.stream().map(a -> (String) a.get("alertId")).toList();
    }

    private static long repairRuns(String table, String partition) {
        List<Map<String, Object>> runs = operator().when().get("/api/runs?limit=500").then().statusCode(200).extract()
                .jsonPath().getList("$");
        return runs.stream().filter(r -> "REPAIR".equals(r.get("kind")) && table.equals(r.get("table"))
                && partition.equals(r.get("partition"))).count();
    }

    private static double autoRepairs(String table, String outcome) {
        String metrics = operator().accept("text/plain").when().get("/q/metrics").then().statusCode(200).extract().asString();
        return PrometheusText.value(metrics, "floe_audit_auto_repairs_total", Map.of("outcome", outcome, "table", table))
                .orElse(0);
    }

    /** Waits until the coordinator has decided on as many mismatches with this outcome (it has seen the event). */
    private static void awaitAutoRepairs(String table, String outcome, double count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (autoRepairs(table, outcome) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("floe_audit_auto_repairs_total{table=\"" + table + "\",outcome=\"" + outcome
                        + "\"} did not reach " + count + " within " + WAIT);
            }
            ApiTestSupport.sleep(Duration.ofMillis(300));
        }
    }
}
