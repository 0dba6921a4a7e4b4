package io.k2.floe.coordinator;

import io.k2.floe.tiering.testing.DependencyOutage;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

/**
 * Readiness follows a real outage of the ledger database: the local stack's PostgreSQL is stopped and
 * started again (other dependency kinds are covered by the offload worker's and the auditor's tests).
 */
@QuarkusTest
// its own ledger schema, topics and catalog: never the user's command topics, events or ledger
@TestProfile(OwnLedger.class)
class CoordinatorOutageIT {

    @Test
    void readinessNamesPostgresqlWhileItIsStopped() {
        DependencyOutage.assertReadinessFollows("http://localhost:" + RestAssured.port, "postgres", "postgresql");
    }
}
