package io.k2.floe.coordinator;

import io.k2.floe.tiering.testing.KafkaTestClient;
import io.k2.floe.tiering.testing.LocalColdTier;
import io.k2.floe.tiering.testing.WarmSql;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs the coordinator on a corner of the local stack of its own, fresh for every start: its own ledger schema, its
 * own command, event and dead-letter topics and consumer group, its own Iceberg catalog name, no schedule — so that
 * its runs never meet the ledger, commands, markers or events of the services, another suite or an earlier run; plus
 * test-only bronze tables ({@link #TEST_TABLES}) whose warm tables (in the warm database, named for the start) are
 * created before the coordinator starts and dropped when it stops, with the ledger schema, the topics and the
 * Iceberg catalog's rows ({@link Scratch}).
 */
public class OwnLedger implements QuarkusTestProfile {

    /** Test-only catalog tables, one per way the catalog lets a warm table encode time (and one for alerts). */
    public static final List<TestTable> TEST_TABLES = List.of(
            new TestTable("it_api_micros", "trade_time_us", "Int64", "epoch-micros",
                    "toYYYYMMDD(toDateTime(intDiv(trade_time_us, 1000000)))"),
            new TestTable("it_api_millis", "event_time_ms", "Int64", "epoch-millis",
                    "toYYYYMMDD(toDateTime(intDiv(event_time_ms, 1000)))"),
            new TestTable("it_api_datetime", "event_time", "DateTime", "datetime", "toYYYYMMDD(event_time)"),
            new TestTable("it_api_lagging", "trade_time_us", "Int64", "epoch-micros",
                    "toYYYYMMDD(toDateTime(intDiv(trade_time_us, 1000000)))"),
            // backfills: one table that stays empty, one with rows before the backfill's from
            new TestTable("it_api_backfill", "event_time", "DateTime", "datetime", "toYYYYMMDD(event_time)"),
            new TestTable("it_api_backfill_early", "event_time", "DateTime", "datetime", "toYYYYMMDD(event_time)"));

    /**
     * A bronze table of the test catalog: {@code id UInt64, <timeColumn> <timeType>, ingested_at DateTime}, day
     * partitions in both tiers (so that retention's DROP PARTITION can be played in the warm tier).
     */
    public record TestTable(String id, String timeColumn, String timeType, String encoding, String warmPartitionKey) {

        String warmTable(String run) {
            return id + "_" + run;
        }

        String ddl(String database, String run) {
            return "CREATE TABLE IF NOT EXISTS `" + database + "`.`" + warmTable(run) + "` (id UInt64, " + timeColumn
                    + " " + timeType + ", ingested_at DateTime) ENGINE = MergeTree PARTITION BY " + warmPartitionKey
                    + " ORDER BY (" + timeColumn + ", id)";
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("floe.coordinator.schedule", "off");
        config.put("floe.coordinator.maintenance.schedule", "off");
        // quick ticks and watches, so that tests see what the coordinator does within seconds
        config.put("floe.coordinator.tick", "1s");
        config.put("floe.coordinator.watch-interval", "1s");
        return config;
    }

    /** The run's own names come from {@link Scratch}, which creates what they name: one set per start. */
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Scratch.class));
    }

    /** A second profile class, hence a second start of the coordinator on a corner of its own. */
    public static class Another extends OwnLedger {
    }

    /**
     * A coordinator of its own for the maintenance tests, which add old warm partitions to the test tables; with the
     * tables' maintenance schedules registered (the test pauses them at once, and checks when they would fire).
     */
    public static class Maintaining extends OwnLedger {

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("floe.coordinator.maintenance.schedule", "per-table");
            return config;
        }
    }

    /** A coordinator of its own that answers audit mismatches with repairs ({@code floe.coordinator.audit.auto-repair}). */
    public static class AutoRepairing extends OwnLedger {

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("floe.coordinator.audit.auto-repair", "all");
            return config;
        }
    }

    /**
     * A coordinator whose every connection carries credentials the way production's do: the broker over SASL_SSL with
     * SCRAM (the local broker's second listener), the ledger's password inside its JDBC URL, a ClickHouse URL with
     * {@code user:password@} (a wrong password: the warm tier refuses it, so the refusal's path is what is checked), and
     * the log written to a file the test reads.
     */
    public static class SecuredConnections extends OwnLedger {

        /** The made-up ClickHouse password in the URL; nothing may ever show it (the test reads it from the config). */
        private static final String CLICKHOUSE_SECRET = "ch-" + UUID.randomUUID();
        private static final String LOG_FILE = "target/secured-connections-" + UUID.randomUUID() + ".log";

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("kafka.bootstrap.servers", Scratch.env("FLOE_KAFKA_SASL_BOOTSTRAP", "127.0.0.1:19094"));
            config.put("kafka.security.protocol", "SASL_SSL");
            String jdbc = Scratch.env("FLOE_JDBC_URL", "jdbc:postgresql://127.0.0.1:15432/floe");
            String withPassword = jdbc + (jdbc.contains("?") ? "&" : "?") + "password="
                    + Scratch.env("FLOE_PG_PASSWORD", "");
            config.put("quarkus.datasource.jdbc.url", withPassword);
            config.put("floe.iceberg.catalog-uri", withPassword);
            String clickhouse = Scratch.env("FLOE_CLICKHOUSE_URL", "http://127.0.0.1:18123");
            config.put("floe.clickhouse.url", clickhouse.replace("://", "://default:" + CLICKHOUSE_SECRET + "@"));
            config.put("quarkus.log.file.enabled", "true");
            config.put("quarkus.log.file.path", LOG_FILE);
            return config;
        }
    }

    /**
     * Creates the run's topics and warm tables before the coordinator starts and hands it their names; drops them,
     * and the ledger schema, once it has stopped.
     */
    public static class Scratch implements QuarkusTestResourceLifecycleManager {

        private static final List<String> TOPICS = List.of("commands.offload", "commands.audit",
                "commands.maintenance", "events", "dead-letter");
        private final String run = UUID.randomUUID().toString().substring(0, 8);

        @Override
        public Map<String, String> start() {
            try (KafkaTestClient kafka = new KafkaTestClient(kafkaBootstrap())) {
                TOPICS.forEach(topic -> kafka.createTopic(topicPrefix() + topic));
            }
            try (WarmSql warm = WarmSql.fromEnvironment()) {
                for (TestTable table : TEST_TABLES) {
                    warm.execute(table.ddl(warm.database(), run));
                }
            }
            return config();
        }

        /** The names of the run's corner: ledger schema, topics, consumer group, Iceberg catalog, test tables. */
        private Map<String, String> config() {
            Map<String, String> config = new HashMap<>();
            config.put("floe.iceberg.catalog-name", catalogName());
            // and a warehouse prefix of its own: the test tables' files stay out of the user's warehouse
            config.put("floe.iceberg.warehouse", "s3://${floe.s3.bucket}/it-coordinator-" + run);
            config.put("quarkus.flyway.schemas", schema());
            config.put("quarkus.flyway.default-schema", schema());
            config.put("quarkus.hibernate-orm.database.default-schema", schema());
            config.put("mp.messaging.outgoing.offload-commands.topic", topicPrefix() + "commands.offload");
            config.put("mp.messaging.outgoing.audit-commands.topic", topicPrefix() + "commands.audit");
            config.put("mp.messaging.outgoing.maintenance-commands.topic", topicPrefix() + "commands.maintenance");
            config.put("mp.messaging.outgoing.events-out.topic", topicPrefix() + "events");
            config.put("floe.coordinator.events.topic", topicPrefix() + "events");
            config.put("mp.messaging.outgoing.dead-letter.topic", topicPrefix() + "dead-letter");
            config.put("floe.coordinator.events.group", "floe-coordinator-it-" + run);
            // the alert forwarder reads the events too: the run's, never the user's topic
            config.put("mp.messaging.incoming.alerting.topic", topicPrefix() + "events");
            config.put("mp.messaging.incoming.alerting.group.id", "floe-alerting-it-" + run);
            for (TestTable table : TEST_TABLES) {
                String t = "floe.catalog.tables." + table.id() + ".";
                config.put(t + "layer", "bronze");
                config.put(t + "warm-table", table.warmTable(run));
                config.put(t + "cold-table", "cold." + table.id());
                config.put(t + "partition", "day(" + table.timeColumn() + ")");
                config.put(t + "cluster-by", table.timeColumn() + ",id");
                config.put(t + "ordering-column", "ingested_at");
                config.put(t + "time-column", table.timeColumn());
                config.put(t + "time-encoding", table.encoding());
                config.put(t + "key-columns", "id");
            }
            return config;
        }

        @Override
        public void stop() {
            try (WarmSql warm = WarmSql.fromEnvironment()) {
                for (TestTable table : TEST_TABLES) {
                    warm.execute("DROP TABLE IF EXISTS `" + warm.database() + "`.`" + table.warmTable(run) + "`");
                }
            }
            try (Connection db = DriverManager.getConnection(env("FLOE_JDBC_URL",
                    "jdbc:postgresql://127.0.0.1:15432/floe"), env("FLOE_PG_USER", "floe"), env("FLOE_PG_PASSWORD", ""));
                 Statement sql = db.createStatement()) {
                sql.execute("DROP SCHEMA IF EXISTS " + schema() + " CASCADE");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot drop the test ledger schema " + schema(), e);
            }
            LocalColdTier.forget(catalogName());
            // Kafka loads its plugins through the context class loader (see KafkaTestClient)
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(Admin.class.getClassLoader());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap()))) {
                admin.deleteTopics(TOPICS.stream().map(t -> topicPrefix() + t).toList()).all()
                        .get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("cannot delete the test topics " + topicPrefix() + "*", e);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }

        private String catalogName() {
            return "floe_it_" + run;
        }

        private String schema() {
            return "floe_it_" + run;
        }

        private String topicPrefix() {
            return "floe.it-" + run + ".";
        }

        static String kafkaBootstrap() {
            return env("FLOE_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
        }

        static String env(String name, String fallback) {
            String value = System.getenv(name);
            return value == null || value.isEmpty() ? fallback : value;
        }
    }
}
