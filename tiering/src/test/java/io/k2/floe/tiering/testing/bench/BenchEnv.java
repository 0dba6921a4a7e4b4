package io.k2.floe.tiering.testing.bench;

import io.k2.floe.tiering.cold.IcebergCatalogConfig;
import io.k2.floe.tiering.cold.IcebergCatalogType;
import io.k2.floe.tiering.cold.ObjectStoreConfig;
import io.k2.floe.tiering.warm.ClickHouseHttp;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The connection settings of the bench steps, from the same {@code FLOE_*} environment the worker reads (the script
 * sources floe.env and sets the bench's database, catalog name and warehouse), with the worker's defaults.
 */
public final class BenchEnv {

    private BenchEnv() {
    }

    public static String get(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    public static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new BenchException(name + " is not set (the bench script sets it)");
        }
        return value;
    }

    public static ClickHouseHttp clickHouse() {
        return new ClickHouseHttp(get("FLOE_CLICKHOUSE_URL", "http://127.0.0.1:18123"),
                get("FLOE_CLICKHOUSE_USER", "default"), get("FLOE_CLICKHOUSE_PASSWORD", ""),
                required("FLOE_CLICKHOUSE_DATABASE"), Duration.ofSeconds(10));
    }

    public static String kafkaBootstrap() {
        return get("FLOE_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
    }

    /** The catalog the worker commits to: same type, URI, credentials, name and warehouse as its own settings. */
    public static IcebergCatalogConfig catalog() {
        IcebergCatalogType type = IcebergCatalogType.valueOf(get("FLOE_CATALOG_TYPE", "jdbc").toUpperCase(Locale.ROOT));
        String uri = get("FLOE_CATALOG_URI", get("FLOE_JDBC_URL", "jdbc:postgresql://127.0.0.1:15432/floe"));
        String user = get("FLOE_PG_USER", "floe");
        Optional<String> password = Optional.ofNullable(System.getenv("FLOE_PG_PASSWORD")).filter(p -> !p.isEmpty());
        Optional<String> token = Optional.ofNullable(System.getenv("FLOE_CATALOG_TOKEN")).filter(t -> !t.isEmpty());
        String name = required("FLOE_CATALOG_NAME");
        String warehouse = get("FLOE_WAREHOUSE", "s3://floe-warehouse/warehouse");
        return new IcebergCatalogConfig() {
            public IcebergCatalogType catalogType() { return type; }
            public String catalogUri() { return uri; }
            public String catalogUser() { return user; }
            public Optional<String> catalogPassword() { return password; }
            public Optional<String> catalogToken() { return token; }
            public String catalogName() { return name; }
            public String warehouse() { return warehouse; }
        };
    }

    public static ObjectStoreConfig objectStore() {
        Optional<String> endpoint = Optional.of(get("FLOE_S3_ENDPOINT", "http://127.0.0.1:18090"));
        String region = get("FLOE_S3_REGION", "us-east-1");
        String bucket = get("FLOE_S3_BUCKET", "floe-warehouse");
        Optional<String> accessKey = Optional.ofNullable(System.getenv("FLOE_S3_ACCESS_KEY"));
        Optional<String> secretKey = Optional.ofNullable(System.getenv("FLOE_S3_SECRET_KEY"));
        boolean pathStyle = Boolean.parseBoolean(get("FLOE_S3_PATH_STYLE", "true"));
        return new ObjectStoreConfig() {
            public Optional<String> endpoint() { return endpoint; }
            public String region() { return region; }
            public String bucket() { return bucket; }
            public Optional<String> accessKey() { return accessKey; }
            public Optional<String> secretKey() { return secretKey; }
            public boolean pathStyle() { return pathStyle; }
        };
    }
}
