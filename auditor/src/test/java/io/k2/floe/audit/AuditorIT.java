package io.k2.floe.audit;

import io.k2.floe.tiering.messages.TaskKind;
import io.k2.floe.tiering.testing.WorkerContract;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import java.util.Set;

/**
 * The auditor against the real local stack: readiness, metrics and answers to commands ({@link WorkerContract}); the
 * contract's valid command audits a table its own catalog has no cold table for, so it is answered NOTHING_TO_AUDIT.
 */
@QuarkusTest
@TestProfile(OwnAuditCorner.class)
class AuditorIT extends WorkerContract {

    @Override
    protected TaskKind kind() {
        return TaskKind.AUDIT;
    }

    @Override
    protected Set<String> readinessChecks() {
        return Set.of("broker", "clickhouse", "iceberg-catalog", "object-store", "verdict-store");
    }

    @Override
    protected boolean performsTasks() {
        return true;
    }
}
