package io.k2.floe.offload;

import io.k2.floe.tiering.messages.TaskKind;
import io.k2.floe.tiering.testing.WorkerContract;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import java.util.Set;

/** The offload worker against the real local stack: readiness, metrics and answers to commands ({@link WorkerContract}). */
@QuarkusTest
@TestProfile(OwnColdCatalog.Another.class)
class OffloadWorkerIT extends WorkerContract {

    @Override
    protected TaskKind kind() {
        return TaskKind.OFFLOAD;
    }

    @Override
    protected Set<String> readinessChecks() {
        return Set.of("broker", "clickhouse", "iceberg-catalog", "object-store");
    }

    @Override
    protected boolean performsTasks() {
        return true;
    }
}
