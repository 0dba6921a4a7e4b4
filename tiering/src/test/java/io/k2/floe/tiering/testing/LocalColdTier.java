package io.k2.floe.tiering.testing;

import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.cold.IcebergCatalogConfig;
import io.k2.floe.tiering.cold.IcebergCatalogType;
import io.k2.floe.tiering.cold.ObjectStoreConfig;

import java.util.Optional;

/**
 * The local stack's cold tier for tests that open it themselves rather than through a service: the JDBC catalog on
 * its PostgreSQL under a catalog name and warehouse of the test's own, and its S3 server — settings from the
 * environment the stack's env file sets (FLOE_JDBC_URL, FLOE_PG_*, FLOE_S3_*).
 */
public final class LocalColdTier {

    private LocalColdTier() {
    }

    /** Opens the catalog {@code catalogName} with its tables under {@code warehouse}; the caller closes it. */
    public static ColdCatalogs open(String catalogName, String warehouse) {
        return ColdCatalogs.open(catalog(catalogName, warehouse), objectStore());
    }

    public static IcebergCatalogConfig catalog(String catalogName, String warehouse) {
        return new IcebergCatalogConfig() {
            public IcebergCatalogType catalogType() { return IcebergCatalogType.JDBC; }
            public String catalogUri() { return env("FLOE_JDBC_URL"); }
            public String catalogUser() { return env("FLOE_PG_USER"); }
            public Optional<String> catalogPassword() { return Optional.ofNullable(System.getenv("FLOE_PG_PASSWORD")); }
            public Optional<String> catalogToken() { return Optional.empty(); }
            public String catalogName() { return catalogName; }
            public String warehouse() { return warehouse; }
        };
    }

    public static ObjectStoreConfig objectStore() {
        return new ObjectStoreConfig() {
            public Optional<String> endpoint() { return Optional.of(env("FLOE_S3_ENDPOINT")); }
            public String region() { return env("FLOE_S3_REGION"); }
            public String bucket() { return env("FLOE_S3_BUCKET"); }
            public Optional<String> accessKey() { return Optional.ofNullable(System.getenv("FLOE_S3_ACCESS_KEY")); }
            public Optional<String> secretKey() { return Optional.ofNullable(System.getenv("FLOE_S3_SECRET_KEY")); }
            public boolean pathStyle() { return true; }
        };
    }

    /** A setting of the local stack's env file; fails naming it when unset. */
    public static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: start the local stack (deploy/local/up) and source"
                    + " its env file (. \"$(deploy/local/env)\") before running this test");
        }
        return value;
    }
}
