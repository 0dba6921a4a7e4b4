package io.k2.floe.tiering.cold;

import java.util.Optional;
import java.util.UUID;

/** Cold-tier settings for tests, without a config source. */
final class ColdSettings {

    private ColdSettings() {
    }

    static IcebergCatalogConfig catalog(IcebergCatalogType type, String uri, String user, String password, String warehouse) {
        return catalog(ColdCatalogs.DEFAULT_CATALOG_NAME, type, uri, user, password, warehouse);
    }

    static IcebergCatalogConfig catalog(String catalogName, IcebergCatalogType type, String uri, String user,
                                        String password, String warehouse) {
        return new IcebergCatalogConfig() {
            public IcebergCatalogType catalogType() { return type; }
            public String catalogUri() { return uri; }
            public String catalogUser() { return user; }
            public Optional<String> catalogPassword() { return Optional.ofNullable(password); }
            public Optional<String> catalogToken() { return Optional.empty(); }
            public String catalogName() { return catalogName; }
            public String warehouse() { return warehouse; }
        };
    }

    static ObjectStoreConfig objectStore(String endpoint, String region, String bucket, String accessKey, String secretKey) {
        return new ObjectStoreConfig() {
            public Optional<String> endpoint() { return Optional.ofNullable(endpoint); }
            public String region() { return region; }
            public String bucket() { return bucket; }
            public Optional<String> accessKey() { return Optional.ofNullable(accessKey); }
            public Optional<String> secretKey() { return Optional.ofNullable(secretKey); }
            public boolean pathStyle() { return true; }
        };
    }

    /** A variable of the local stack's env file; fails naming it when unset. */
    static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: start the local stack (deploy/local/up postgres s3) and source its env file");
        }
        return value;
    }

    /**
     * The catalog name of this test run's tables on the local stack's PostgreSQL: never {@link
     * ColdCatalogs#DEFAULT_CATALOG_NAME}, the user's catalog, where they would show among the user's cold tables.
     */
    static final String RUN_CATALOG_NAME = "it_cold_" + UUID.randomUUID().toString().replace("-", "");

    /** The local stack's JDBC catalog, under this run's own catalog name, with its tables under {@code warehouse}. */
    static IcebergCatalogConfig jdbcCatalog(String warehouse) {
        return catalog(RUN_CATALOG_NAME, IcebergCatalogType.JDBC, env("FLOE_JDBC_URL"), env("FLOE_PG_USER"),
                env("FLOE_PG_PASSWORD"), warehouse);
    }

    static ObjectStoreConfig localObjectStore() {
        return objectStore(env("FLOE_S3_ENDPOINT"), env("FLOE_S3_REGION"), env("FLOE_S3_BUCKET"),
                env("FLOE_S3_ACCESS_KEY"), env("FLOE_S3_SECRET_KEY"));
    }
}
