package io.k2.floe.tiering.cold;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ColdCatalogsTest {

    @Test
    void anS3WarehouseUsesS3FileIOWithEndpointPathStyleRegionAndKeys() {
        Map<String, String> p = ColdCatalogs.properties(
                ColdSettings.catalog(IcebergCatalogType.JDBC, "jdbc:postgresql://h:5432/floe", "floe", "pw", "s3://bucket/wh"),
                ColdSettings.objectStore("http://127.0.0.1:18090", "eu-west-1", "bucket", "ak", "sk"));
        assertThat(p).containsEntry("catalog-impl", ColdCatalogs.JDBC_CATALOG)
                .containsEntry("jdbc.user", "floe").containsEntry("jdbc.password", "pw")
                .containsEntry("jdbc.schema-version", "V1")
                .containsEntry("retryable_status_codes", "57P01,57P02,57P03")
                .containsEntry("io-impl", ColdCatalogs.S3_FILE_IO)
                .containsEntry("warehouse", "s3://bucket/wh")
                .containsEntry("s3.endpoint", "http://127.0.0.1:18090")
                .containsEntry("s3.path-style-access", "true")
                .containsEntry("client.region", "eu-west-1")
                .containsEntry("s3.access-key-id", "ak").containsEntry("s3.secret-access-key", "sk");
    }

    @Test
    void aDirectoryWarehouseUsesTheLocalFileSystem() {
        Map<String, String> p = ColdCatalogs.properties(
                ColdSettings.catalog(IcebergCatalogType.REST, "http://catalog:8181", "floe", null, "/var/floe/wh"),
                ColdSettings.objectStore(null, "us-east-1", "b", null, null));
        assertThat(p).containsEntry("catalog-impl", ColdCatalogs.REST_CATALOG)
                .containsEntry("io-impl", ColdCatalogs.LOCAL_FILE_IO)
                .containsEntry("warehouse", "file:///var/floe/wh")
                .doesNotContainKeys("s3.endpoint", "jdbc.password");
    }

    @Test
    void aBadWarehouseIsRefusedNamingIt() {
        assertThatThrownBy(() -> ColdCatalogs.properties(
                ColdSettings.catalog(IcebergCatalogType.JDBC, "jdbc:postgresql://h/floe", "floe", null, "hdfs://x/y"),
                ColdSettings.objectStore(null, "us-east-1", "b", null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hdfs://x/y");
    }

    @Test
    void theDescriptionCarriesNoSecret() throws Exception {
        try (ColdCatalogs catalogs = ColdCatalogs.open(
                ColdSettings.catalog(IcebergCatalogType.JDBC, "jdbc:postgresql://u:secret1@127.0.0.1:1/floe?password=secret2",
                        "floe", "secret3", "/tmp/floe-unit-wh"),
                ColdSettings.objectStore(null, "us-east-1", "b", null, null))) {
            assertThat(catalogs.toString()).contains("jdbc", "127.0.0.1:1/floe")
                    .doesNotContain("secret1", "secret2", "secret3");
        } catch (RuntimeException unreachableDatabase) {
            // opening may already try the (absent) database; the message must not carry the secrets either
            assertThat(String.valueOf(unreachableDatabase.getMessage())).doesNotContain("secret3");
        }
    }
}
