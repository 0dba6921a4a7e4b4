package io.k2.floe.maintenance;

import io.k2.floe.tiering.messages.TaskKind;
import io.k2.floe.tiering.testing.WorkerContract;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import java.util.Set;

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
        return Set.of("broker", "clickhouse", "iceberg-catalog", "object-store");
    }

    /** The contract's command is a COMPACT, which the worker performs (on its own, empty catalog: nothing to do). */
    @Override
    protected boolean performsTasks() {
        return true;
    }
}
