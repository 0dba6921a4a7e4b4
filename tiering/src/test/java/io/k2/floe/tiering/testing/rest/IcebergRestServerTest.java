package io.k2.floe.tiering.testing.rest;

import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IcebergRestServerTest {

    @Test
    void backingCatalogPropertiesSurviveTheTripThroughTheEnvironment() {
        Map<String, String> properties = Map.of("jdbc.user", "floe", "io-impl", "org.apache.iceberg.aws.s3.S3FileIO",
                "s3.secret-access-key", "x", "catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog");
        Map<String, String> environment = new java.util.HashMap<>();
        properties.forEach((name, value) -> environment.put(RestCatalogProcess.environmentName(name), value));
        environment.put("PATH", "/usr/bin");
        environment.put(IcebergRestServer.TOKEN, "secret");

        assertThat(environment).containsKeys("CATALOG_JDBC_USER", "CATALOG_IO__IMPL", "CATALOG_S3_SECRET__ACCESS__KEY");
        assertThat(IcebergRestServer.catalogProperties(environment)).isEqualTo(properties);
    }

    @Test
    void failuresGetTheStatusTheRestClientMapsBackToTheSameMeaning() {
        // 409 on a commit is "lost a race, retry"; 500 is "unknown, do not retry blindly": mixing them up would turn
        // a safe retry into a possible duplicate
        assertThat(IcebergRestServer.statusOf(new CommitFailedException("lost"))).isEqualTo(409);
        assertThat(IcebergRestServer.statusOf(new CommitStateUnknownException(new RuntimeException("?")))).isEqualTo(500);
        assertThat(IcebergRestServer.statusOf(new NoSuchTableException("none"))).isEqualTo(404);
        assertThat(IcebergRestServer.statusOf(new AlreadyExistsException("there"))).isEqualTo(409);
        assertThat(IcebergRestServer.statusOf(new IllegalArgumentException("bad"))).isEqualTo(400);
    }
}
