package io.k2.floe.tiering.cold;

import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;

import java.io.Closeable;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Opens the cold tier's Iceberg catalog (R-CATALOG, docs/requirements.md): the JDBC catalog on PostgreSQL by default, the REST
 * catalog by configuration; data and metadata files through S3FileIO for an {@code s3://} warehouse, through
 * {@link LocalDiskFileIO} for a directory. Close it to release the connection pool and HTTP clients.
 *
 * <p>Native image: the catalog and FileIO classes are loaded by name ({@link #JDBC_CATALOG}, {@link #REST_CATALOG},
 * {@link #S3_FILE_IO}, {@link LocalDiskFileIO}) and need reflection registration (public no-arg constructors).
 */
public final class ColdCatalogs implements Closeable {

    /** Name the catalog is opened under unless configured; the JDBC catalog keys its rows by it. */
    public static final String DEFAULT_CATALOG_NAME = "floe";
    static final String JDBC_CATALOG = "org.apache.iceberg.jdbc.JdbcCatalog";
    static final String REST_CATALOG = "org.apache.iceberg.rest.RESTCatalog";
    static final String S3_FILE_IO = "org.apache.iceberg.aws.s3.S3FileIO";
    static final String LOCAL_FILE_IO = LocalDiskFileIO.class.getName();

    private final Catalog catalog;
    private final String description;

    private ColdCatalogs(Catalog catalog, String description) {
        this.catalog = catalog;
        this.description = description;
    }

    /**
     * Opens the configured catalog. Nothing is created: the JDBC catalog creates its own tables on first use.
     *
     * @throws IllegalArgumentException naming the setting when the warehouse location is unusable
     */
    public static ColdCatalogs open(IcebergCatalogConfig config, ObjectStoreConfig objectStore) {
        Map<String, String> properties = properties(config, objectStore);
        Catalog catalog = CatalogUtil.buildIcebergCatalog(config.catalogName(), properties, new Configuration());
        return new ColdCatalogs(catalog, config.catalogType().name().toLowerCase(java.util.Locale.ROOT)
                + " catalog '" + config.catalogName() + "' at " + Locations.redact(config.catalogUri()) + ", warehouse " + config.warehouse());
    }

    /** The catalog properties for {@code config}; they hold the secrets, so never log them (use {@link #toString()}). */
    static Map<String, String> properties(IcebergCatalogConfig config, ObjectStoreConfig objectStore) {
        Warehouse warehouse = Warehouse.parse(config.warehouse());
        Map<String, String> p = new HashMap<>();
        p.put(CatalogProperties.URI, config.catalogUri());
        switch (config.catalogType()) {
            case JDBC -> {
                p.put(CatalogProperties.CATALOG_IMPL, JDBC_CATALOG);
                p.put("jdbc.user", config.catalogUser());
                config.catalogPassword().ifPresent(password -> p.put("jdbc.password", password));
                // V1 knows views and is what current Iceberg creates; pinning it keeps old and new workers compatible.
                p.put("jdbc.schema-version", "V1");
                // A pooled connection of a PostgreSQL that restarted fails with 57P01 (terminated by the administrator)
                // or 57P02/57P03; Iceberg reconnects only on the states it knows (08xxx) unless told, and would keep
                // handing out the dead connection.
                p.put("retryable_status_codes", "57P01,57P02,57P03");
            }
            case REST -> {
                p.put(CatalogProperties.CATALOG_IMPL, REST_CATALOG);
                config.catalogToken().ifPresent(token -> p.put("token", token));
            }
        }
        if (warehouse.isObjectStore()) {
            p.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse.location().replaceFirst("^s3a://", "s3://"));
            p.put(CatalogProperties.FILE_IO_IMPL, S3_FILE_IO);
            p.put("client.region", objectStore.region());
            p.put("s3.path-style-access", Boolean.toString(objectStore.pathStyle()));
            objectStore.endpoint().filter(e -> !e.isBlank()).ifPresent(e -> p.put("s3.endpoint", e));
            if (objectStore.accessKey().isPresent() && objectStore.secretKey().isPresent()) {
                p.put("s3.access-key-id", objectStore.accessKey().get());
                p.put("s3.secret-access-key", objectStore.secretKey().get());
            }
            // The JDK-based client is the only AWS HTTP client on the class path (small, native-friendly).
            p.put("http-client.type", "urlconnection");
        } else {
            p.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse.directory().toUri().toString());
            p.put(CatalogProperties.FILE_IO_IMPL, LOCAL_FILE_IO);
        }
        return p;
    }

    /** The open catalog. */
    public Catalog catalog() {
        return catalog;
    }

    @Override
    public void close() throws IOException {
        if (catalog instanceof Closeable closeable) {
            closeable.close();
        }
    }

    /** Kind, redacted location and warehouse; no secrets. */
    @Override
    public String toString() {
        return description;
    }
}
