package io.k2.floe.offload;

import io.k2.floe.tiering.testing.DependencyOutage;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

/**
 * Readiness follows real outages of the warm tier and the object store: the local stack's ClickHouse and
 * S3 server are stopped and started again (other dependency kinds are covered by the coordinator's and the
 * auditor's tests).
 */
@QuarkusTest
// its own catalog and command topic: never the user's commands
@TestProfile(OwnColdCatalog.class)
class OffloadWorkerOutageIT {

    @Test
    void readinessNamesClickHouseWhileItIsStopped() {
        DependencyOutage.assertReadinessFollows(baseUrl(), "clickhouse", "clickhouse");
    }

    @Test
    void readinessNamesTheObjectStoreWhileItIsStopped() {
        DependencyOutage.assertReadinessFollows(baseUrl(), "s3", "object-store");
    }

    private static String baseUrl() {
        return "http://localhost:" + RestAssured.port;
    }
}
