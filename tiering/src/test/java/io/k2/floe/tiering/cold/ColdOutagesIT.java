package io.k2.floe.tiering.cold;

import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What the real cold-tier servers answer, classified: the local PostgreSQL and S3 server refusing wrong credentials
 * must be {@link ColdOutages.Kind#REFUSED} (final: a retry only delays the operator's fix), while nobody listening
 * must be an {@link ColdOutages.Kind#OUTAGE} (retried). The failures are produced by Iceberg's own catalog and FileIO,
 * wrapped the way a task sees them.
 */
class ColdOutagesIT {

    private final String warehouse = "s3://" + ColdSettings.env("FLOE_S3_BUCKET") + "/it-outages-" + UUID.randomUUID();
    /** A catalog name of the test's own: nothing it creates shows in the user's catalog ("floe"). */
    private final String catalogName = "it_outages_" + UUID.randomUUID().toString().replace("-", "");
    private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

    @Test
    void theObjectStoreRefusingAWrongSecretKeyIsARefusal() {
        ObjectStoreConfig wrongKey = ColdSettings.objectStore(ColdSettings.env("FLOE_S3_ENDPOINT"),
                ColdSettings.env("FLOE_S3_REGION"), ColdSettings.env("FLOE_S3_BUCKET"),
                ColdSettings.env("FLOE_S3_ACCESS_KEY"), "not-the-secret-" + UUID.randomUUID());
        Throwable failure = createTable(catalog(ColdSettings.env("FLOE_JDBC_URL"), ColdSettings.env("FLOE_PG_PASSWORD")),
                wrongKey);

        assertThat(ColdOutages.classify(failure)).as("%s", failure).isEqualTo(ColdOutages.Kind.REFUSED);
    }

    @Test
    void anObjectStoreNobodyListensOnIsAnOutage() throws IOException {
        ObjectStoreConfig closed = ColdSettings.objectStore("http://127.0.0.1:" + closedPort(),
                ColdSettings.env("FLOE_S3_REGION"), ColdSettings.env("FLOE_S3_BUCKET"),
                ColdSettings.env("FLOE_S3_ACCESS_KEY"), ColdSettings.env("FLOE_S3_SECRET_KEY"));
        Throwable failure = createTable(catalog(ColdSettings.env("FLOE_JDBC_URL"), ColdSettings.env("FLOE_PG_PASSWORD")),
                closed);

        assertThat(ColdOutages.classify(failure)).as("%s", failure).isEqualTo(ColdOutages.Kind.OUTAGE);
    }

    @Test
    void theCatalogDatabaseRefusingAWrongPasswordIsARefusal() {
        IcebergCatalogConfig wrongPassword = catalog(ColdSettings.env("FLOE_JDBC_URL"),
                "not-the-password-" + UUID.randomUUID());
        Throwable failure = createTable(wrongPassword, ColdSettings.localObjectStore());

        assertThat(ColdOutages.classify(failure)).as("%s", failure).isEqualTo(ColdOutages.Kind.REFUSED);
    }

    @Test
    void aCatalogDatabaseNobodyListensOnIsAnOutage() throws IOException {
        IcebergCatalogConfig closed = catalog("jdbc:postgresql://127.0.0.1:" + closedPort() + "/floe?connectTimeout=2",
                ColdSettings.env("FLOE_PG_PASSWORD"));
        Throwable failure = createTable(closed, ColdSettings.localObjectStore());

        assertThat(ColdOutages.classify(failure)).as("%s", failure).isEqualTo(ColdOutages.Kind.OUTAGE);
    }

    private IcebergCatalogConfig catalog(String jdbcUrl, String password) {
        return new IcebergCatalogConfig() {
            public IcebergCatalogType catalogType() { return IcebergCatalogType.JDBC; }
            public String catalogUri() { return jdbcUrl; }
            public String catalogUser() { return ColdSettings.env("FLOE_PG_USER"); }
            public Optional<String> catalogPassword() { return Optional.of(password); }
            public Optional<String> catalogToken() { return Optional.empty(); }
            public String catalogName() { return catalogName; }
            public String warehouse() { return warehouse; }
        };
    }

    /** Opens the catalog and creates a table (catalog rows and a metadata file in S3); returns what failed. */
    private Throwable createTable(IcebergCatalogConfig catalog, ObjectStoreConfig objectStore) {
        Throwable failure = catchThrowable(() -> {
            try (ColdCatalogs catalogs = ColdCatalogs.open(catalog, objectStore)) {
                Namespace namespace = Namespace.of("outages_" + UUID.randomUUID().toString().replace("-", ""));
                if (catalogs.catalog() instanceof SupportsNamespaces namespaces) {
                    namespaces.createNamespace(namespace);
                }
                catalogs.catalog().createTable(TableIdentifier.of(namespace, "t"), SCHEMA);
            }
        });
        assertThat(failure).as("the cold tier was expected to fail").isNotNull();
        return failure;
    }

    /** A loopback port nothing listens on (bound, then released). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
