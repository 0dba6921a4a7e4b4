package io.k2.floe.audit;

import io.k2.floe.tiering.testing.DependencyOutage;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

/**
 * Readiness follows a real outage of the broker: the local stack's Kafka is stopped and started again
 * (other dependency kinds are covered by the offload worker's and the coordinator's tests).
 */
@QuarkusTest
@TestProfile(OwnAuditCorner.class)
class AuditorOutageIT {

    @Test
    void readinessNamesTheBrokerWhileItIsStopped() {
        DependencyOutage.assertReadinessFollows("http://localhost:" + RestAssured.port, "kafka", "broker");
    }
}
