package io.k2.floe.tiering.testing;

import io.k2.floe.tiering.warm.ClickHouseHttp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The reference warm tier (deploy/clickhouse/apply: bronze, silver, gold) in a corner of a test's own on the local
 * stack: a fresh ClickHouse database fed through the Kafka engine from fresh trade topics ({@link #topicPrefix()}
 * {@code binance} and {@code kraken}) by consumer groups of its own. Trades a test publishes there (the generator's
 * {@code --topic-prefix}) never reach the user's {@code k2} database or its topics; {@link #close()} drops the
 * database and deletes the topics.
 */
public final class OwnWarmTier implements AutoCloseable {

    /** The exchanges of the reference DDL (deploy/clickhouse/1NN_exchange_*.sql). */
    public static final List<String> EXCHANGES = List.of("binance", "kraken");

    private final String database;
    private final String topicPrefix;

    private OwnWarmTier(String database) {
        this.database = database;
        this.topicPrefix = topicPrefixOf(database);
    }

    /** A fresh corner named {@code <prefix>_<run>} (prefix: a plain identifier, e.g. {@code floe_it_window}). */
    public static OwnWarmTier create(String prefix) {
        OwnWarmTier tier = new OwnWarmTier(prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8));
        try {
            tier.createTopicsAndTables();
        } catch (RuntimeException e) {
            tier.close();
            throw e;
        }
        return tier;
    }

    /** The trade topic prefix feeding {@code database} (what {@link #create} made it), e.g. for the generator. */
    public static String topicPrefixOf(String database) {
        return "floe.it-" + database.replace('_', '-') + ".trades.";
    }

    public String database() {
        return database;
    }

    public String topicPrefix() {
        return topicPrefix;
    }

    /** Plain SQL on the corner's database. */
    public WarmSql sql() {
        return new WarmSql(http());
    }

    public ClickHouseHttp http() {
        return WarmSql.httpFor(database);
    }

    private void createTopicsAndTables() {
        try (KafkaTestClient kafka = new KafkaTestClient(LocalColdTier.env("FLOE_KAFKA_BOOTSTRAP"))) {
            EXCHANGES.forEach(exchange -> kafka.createTopic(topicPrefix + exchange));
        }
        Path root = LocalStack.repoRoot();
        List<String> command = new ArrayList<>(List.of(root.resolve("deploy/clickhouse/apply").toString()));
        try {
            Path log = Files.createTempFile("floe-apply-" + database, ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().putAll(Map.of(
                        "FLOE_CLICKHOUSE_DATABASE", database,
                        "FLOE_WARM_TOPIC_PREFIX", topicPrefix,
                        "FLOE_WARM_KAFKA_GROUP_PREFIX", database + "_bronze_"));
                Process process = builder.start();
                if (!process.waitFor(3, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("deploy/clickhouse/apply into " + database
                            + " did not finish within 3 minutes");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("deploy/clickhouse/apply into " + database + " failed (exit "
                            + process.exitValue() + "):\n" + Files.readString(log, StandardCharsets.UTF_8));
                }
            } finally {
                Files.deleteIfExists(log);
            }
            // Publishing before the Kafka tables' consumers have settled would have the settling re-deliver trades.
            int consumers = Integer.parseInt(System.getenv().getOrDefault("FLOE_WARM_KAFKA_CONSUMERS", "2"));
            try (KafkaTestClient kafka = new KafkaTestClient(LocalColdTier.env("FLOE_KAFKA_BOOTSTRAP"))) {
                for (String exchange : EXCHANGES) {
                    kafka.awaitStableGroup(database + "_bronze_" + exchange, consumers, 4, java.time.Duration.ofSeconds(90));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run deploy/clickhouse/apply", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while applying the warm DDL into " + database, e);
        }
    }

    /** Drops the database (its Kafka tables stop consuming with it) and deletes the trade topics. */
    @Override
    public void close() {
        RuntimeException failure = null;
        try (WarmSql sql = new WarmSql(WarmSql.httpFor(null))) {
            sql.execute("DROP DATABASE IF EXISTS `" + database + "`");
        } catch (RuntimeException e) {
            failure = e;
        }
        try (KafkaTestClient kafka = new KafkaTestClient(LocalColdTier.env("FLOE_KAFKA_BOOTSTRAP"))) {
            kafka.deleteTopics(EXCHANGES.stream().map(exchange -> topicPrefix + exchange).toList());
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
