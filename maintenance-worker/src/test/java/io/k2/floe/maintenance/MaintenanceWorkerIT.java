package io.k2.floe.maintenance;

import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.TaskKind;
import io.k2.floe.tiering.testing.HttpPoll;
import io.k2.floe.tiering.testing.PrometheusText;
import io.k2.floe.tiering.testing.WorkerContract;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The maintenance worker against the real local stack: readiness, metrics and answers to commands ({@link WorkerContract}). */
@QuarkusTest
@TestProfile(OwnColdCatalog.class)
class MaintenanceWorkerIT extends WorkerContract {

    @Override
    protected TaskKind kind() {
        return TaskKind.MAINTENANCE;
    }

    @Override
    protected Set<String> readinessChecks() {
        return Set.of("broker", "clickhouse", "iceberg-catalog", "object-store", "verdict-store");
    }

    @Test
    void theStepsCountersExistAtZeroForEveryTable() {
        String body = HttpPoll.get(HttpPoll.url("http://localhost:" + RestAssured.port + "/q/metrics"), "text/plain").body();
        for (String table : TableCatalog.load().ids()) {
            Map<String, String> t = Map.of("table", table);
            for (String counter : new String[] {"floe_maintenance_snapshots_expired_total",
                    "floe_maintenance_orphans_removed_total", "floe_maintenance_orphan_bytes_removed_total",
                    "floe_maintenance_manifests_rewritten_total"}) {
                assertThat(PrometheusText.require(body, counter, t)).as(counter + " of " + table).isGreaterThanOrEqualTo(0);
            }
            PrometheusText.require(body, "floe_maintenance_files_deleted_total", Map.of("table", table, "kind", "data"));
            PrometheusText.require(body, "floe_maintenance_commit_conflicts_total",
                    Map.of("table", table, "action", "rewrite_manifests"));
            PrometheusText.require(body, "floe_maintenance_tasks_total",
                    Map.of("table", table, "action", "expire_snapshots", "outcome", "completed"));
        }
    }

    /** The contract's command is a COMPACT, which the worker performs (on its own, empty catalog: nothing to do). */
    @Override
    protected boolean performsTasks() {
        return true;
    }
}
