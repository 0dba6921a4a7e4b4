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

    /**
     * Removes a test catalog from the local stack's JDBC catalog database: the rows of {@code catalogName} in Iceberg's
     * {@code iceberg_tables} and {@code iceberg_namespace_properties} (the catalog is nothing but those rows), so that
     * tests leave no catalog behind beside the user's. Refuses the default catalog name. The tables' files stay under
     * the test's own warehouse prefix.
     */
    public static void forget(String catalogName) {
        if (catalogName == null || catalogName.isBlank() || catalogName.equals("floe")) {
            throw new IllegalArgumentException("only a test catalog can be forgotten, not '" + catalogName + "'");
        }
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(env("FLOE_JDBC_URL"), env("FLOE_PG_USER"),
                System.getenv("FLOE_PG_PASSWORD"))) {
            for (String table : java.util.List.of("iceberg_tables", "iceberg_namespace_properties")) {
                boolean exists;
                try (java.sql.PreparedStatement find = db.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
                    find.setString(1, table);
                    try (java.sql.ResultSet found = find.executeQuery()) {
                        exists = found.next() && found.getBoolean(1);
                    }
                }
                if (exists) {
                    try (java.sql.PreparedStatement delete = db.prepareStatement("DELETE FROM " + table
                            + " WHERE catalog_name = ?")) {
                        delete.setString(1, catalogName);
                        delete.executeUpdate();
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot remove the test catalog " + catalogName + " from the catalog"
                    + " database", e);
        }
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
