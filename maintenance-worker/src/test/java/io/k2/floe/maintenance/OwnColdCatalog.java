package io.k2.floe.maintenance;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;
import java.util.UUID;

/**
 * Runs the worker against an Iceberg catalog and warehouse prefix of its own (a fresh catalog name on the local
 * stack's PostgreSQL) and command and event topics and a consumer group of its own, so that the maintenance commands
 * of the contract test never act on the stack's own cold tables, nor meet commands of another run.
 */
public class OwnColdCatalog implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        return Map.of(
                "floe.iceberg.catalog-name", "floe_maintenance_it_" + run,
                "floe.iceberg.warehouse", "s3://${floe.s3.bucket}/it-maintenance-worker-" + run,
                "mp.messaging.incoming.commands.topic", "floe.it-" + run + ".commands.maintenance",
                "mp.messaging.incoming.commands.group.id", "floe-maintenance-worker-it-" + run,
                "mp.messaging.outgoing.events.topic", "floe.it-" + run + ".events",
                "mp.messaging.outgoing.dead-letter.topic", "floe.it-" + run + ".dead-letter");
    }
}
