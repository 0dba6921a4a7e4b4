package io.k2.floe.audit;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Runs the auditor in a corner of the local stack of its own: a fresh Iceberg catalog name, command and event topics,
 * consumer group and verdict-store schema, so that no audit, verdict or command of another test, run or service is
 * seen; plus a test-only catalog table {@value #TABLE} whose warm table ({@code it_audit_<run>}) the tests create.
 */
public class OwnAuditCorner implements QuarkusTestProfile {

    /** Catalog id (and cold name) of the test-only table. */
    public static final String TABLE = "it_audit";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        String run = UUID.randomUUID().toString().substring(0, 8);
        config.put("floe.iceberg.catalog-name", "floe_audit_it_" + run);
        // and a warehouse prefix of its own: the test table's files stay out of the user's warehouse
        config.put("floe.iceberg.warehouse", "s3://${floe.s3.bucket}/it-auditor-" + run);
        config.put("mp.messaging.incoming.commands.topic", "floe.it-" + run + ".commands.audit");
        config.put("mp.messaging.incoming.commands.group.id", "floe-auditor-it-" + run);
        config.put("mp.messaging.outgoing.events.topic", "floe.it-" + run + ".events");
        config.put("mp.messaging.outgoing.dead-letter.topic", "floe.it-" + run + ".dead-letter");
        config.put("quarkus.flyway.schemas", "floe_audit_it_" + run);
        config.put("quarkus.flyway.default-schema", "floe_audit_it_" + run);
        String t = "floe.catalog.tables." + TABLE + ".";
        config.put(t + "layer", "bronze");
        config.put(t + "warm-table", TABLE + "_" + run);
        config.put(t + "cold-table", "cold." + TABLE);
        config.put(t + "partition", "day(trade_time_us)");
        config.put(t + "cluster-by", "symbol,trade_time_us");
        config.put(t + "ordering-column", "ingested_at");
        config.put(t + "time-column", "trade_time_us");
        config.put(t + "time-encoding", "epoch-micros");
        config.put(t + "key-columns", "symbol,trade_id");
        return config;
    }
}
