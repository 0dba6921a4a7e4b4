package io.k2.floe.offload;

import io.k2.floe.tiering.testing.LocalColdTier;
import io.k2.floe.tiering.testing.OwnWarmTier;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs the worker against an Iceberg catalog of its own (a fresh catalog name on the local stack's PostgreSQL, a
 * fresh warehouse prefix on its S3 server) and
 * command and event topics of its own (fresh names, created on first use), so that a test's windows never meet
 * markers or commands left by another test, an earlier or interrupted run, the services or a suite running beside
 * it; plus a test-only catalog table {@value #ALL_TYPES} (a warm table the tests create) to show that the table set
 * is configuration.
 */
public class OwnColdCatalog implements QuarkusTestProfile {

    /** Catalog id and cold name of the test-only table (its warm table is {@code it_all_types_<run>}). */
    public static final String ALL_TYPES = "it_all_types";
    /** A test-only bronze table whose warm table the test sorts by time, not by the cold cluster-by columns. */
    public static final String TIME_SORTED = "it_time_sorted";
    /** The test-only tables, which the tests of the default tables leave out. */
    public static final java.util.Set<String> TEST_ONLY = java.util.Set.of(ALL_TYPES, TIME_SORTED);

    /** The run's own names come from {@link ColdCorner}, which also forgets its catalog once the worker stopped. */
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(ColdCorner.class));
    }

    /** The names of the run's corner: catalog, warehouse prefix, topics, consumer group, the test-only table. */
    static Map<String, String> corner(String run) {
        Map<String, String> config = new HashMap<>();
        config.put("floe.iceberg.catalog-name", "floe_it_" + run);
        // and a warehouse prefix of its own: under the default one, the tables' files would lie in the directories of
        // the user's tables of the same names (warehouse/cold/<table>), among the files their orphan removal judges
        config.put("floe.iceberg.warehouse", "s3://${floe.s3.bucket}/it-offload-worker-" + run);
        config.put("mp.messaging.incoming.commands.topic", "floe.it-" + run + ".commands.offload");
        config.put("mp.messaging.incoming.commands.group.id", "floe-offload-worker-it-" + run);
        config.put("mp.messaging.outgoing.events.topic", "floe.it-" + run + ".events");
        config.put("mp.messaging.outgoing.dead-letter.topic", "floe.it-" + run + ".dead-letter");
        for (String id : TEST_ONLY) {
            // both test-only tables have the same shape: id, symbol, event_time (DateTime), ingested_at
            String t = "floe.catalog.tables." + id + ".";
            config.put(t + "layer", "bronze");
            // a warm table of the run's own, so that suites beside each other never share it
            config.put(t + "warm-table", id + "_" + run);
            config.put(t + "cold-table", "cold." + id);
            config.put(t + "partition", "day(event_time)");
            config.put(t + "cluster-by", "symbol,event_time");
            config.put(t + "ordering-column", "ingested_at");
            config.put(t + "time-column", "event_time");
            config.put(t + "time-encoding", "datetime");
            config.put(t + "key-columns", "id");
        }
        return config;
    }

    /**
     * Hands the worker a fresh corner before it starts, and removes its catalog's rows from the catalog database once
     * it stopped: no test catalog stays beside the user's.
     */
    public static class ColdCorner implements QuarkusTestResourceLifecycleManager {

        private final String run = UUID.randomUUID().toString().substring(0, 8);

        @Override
        public Map<String, String> start() {
            return corner(run);
        }

        @Override
        public void stop() {
            LocalColdTier.forget("floe_it_" + run);
        }
    }

    /** A second profile class, hence a second catalog: Quarkus restarts the worker for it. */
    public static class Another extends OwnColdCatalog {
    }

    /**
     * A catalog of its own and a warm tier of its own too ({@link OwnWarmTier}: the reference DDL in a fresh
     * ClickHouse database fed from fresh trade topics), for tests that publish trades through the Kafka engine: they
     * never reach the user's {@code k2} database or its {@code k2.trades.*} topics. The worker reads that database
     * ({@code floe.clickhouse.database}); the test publishes to {@link OwnWarmTier#topicPrefixOf} it.
     */
    public static class WithOwnWarmTier extends OwnColdCatalog {

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ColdCorner.class), new TestResourceEntry(WarmCorner.class));
        }
    }

    /** Creates the warm corner before the worker starts and hands it its database; drops it once the worker stopped. */
    public static class WarmCorner implements QuarkusTestResourceLifecycleManager {

        private OwnWarmTier warm;

        @Override
        public Map<String, String> start() {
            warm = OwnWarmTier.create("floe_it_offload");
            return Map.of("floe.clickhouse.database", warm.database());
        }

        @Override
        public void stop() {
            if (warm != null) {
                warm.close();
            }
        }
    }
}
