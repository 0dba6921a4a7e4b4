package io.k2.floe.maintenance.retention;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Runs the maintenance worker in corners of its own on the local stack: command and event topics and a consumer group
 * (never the default group on {@code floe.commands.maintenance}), a ClickHouse database, an Iceberg catalog name and
 * warehouse prefix, and a verdict-store schema; plus a test-only bronze table {@value #TABLE} in that database.
 */
public class OwnRetentionCorner implements QuarkusTestProfile {

    /** Catalog id and warm table of the test-only table. */
    public static final String TABLE = "it_retention";
    /**
     * The run's own names: database, catalog, schema and topic prefix. Tests read them back from the configuration
     * (the class may be loaded by more than one class loader, each drawing its own).
     */
    public static final String RUN = "floe_retention_qit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("floe.clickhouse.database", RUN);
        config.put("floe.iceberg.catalog-name", RUN);
        config.put("floe.iceberg.warehouse", "s3://" + env("FLOE_S3_BUCKET", "floe-warehouse") + "/it-" + RUN);
        config.put("quarkus.flyway.schemas", RUN);
        config.put("quarkus.flyway.default-schema", RUN);
        config.put("mp.messaging.incoming.commands.topic", "floe.it-" + RUN + ".commands.maintenance");
        config.put("mp.messaging.incoming.commands.group.id", "floe-maintenance-worker-" + RUN);
        config.put("mp.messaging.outgoing.events.topic", "floe.it-" + RUN + ".events");
        String t = "floe.catalog.tables." + TABLE + ".";
        config.put(t + "layer", "bronze");
        config.put(t + "warm-table", TABLE);
        config.put(t + "cold-table", "cold." + TABLE);
        config.put(t + "partition", "day(trade_time_us)");
        config.put(t + "cluster-by", "id");
        config.put(t + "ordering-column", "ingested_at");
        config.put(t + "time-column", "trade_time_us");
        config.put(t + "time-encoding", "epoch-micros");
        config.put(t + "key-columns", "id");
        return config;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
