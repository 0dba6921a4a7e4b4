package io.k2.floe.audit;

import io.k2.floe.tiering.messages.TaskKind;
import io.k2.floe.tiering.testing.WorkerContract;
import io.quarkus.test.junit.QuarkusTest;

import java.util.Set;

/** The auditor against the real local stack: readiness, metrics and answers to commands ({@link WorkerContract}). */
@QuarkusTest
class AuditorIT extends WorkerContract {

    @Override
    protected TaskKind kind() {
        return TaskKind.AUDIT;
    }

    @Override
    protected Set<String> readinessChecks() {
        return Set.of("broker", "clickhouse", "iceberg-catalog", "object-store");
    }
}
