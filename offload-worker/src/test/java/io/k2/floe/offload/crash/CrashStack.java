package io.k2.floe.offload.crash;

import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.cold.ObjectStoreClients;
import io.k2.floe.tiering.testing.LocalColdTier;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The crash test's own corner of the shared local stack, so that killing and restarting workers disturbs nobody and
 * nobody disturbs it: command, event and dead-letter topics of its own (one partition each), a consumer group of its
 * own, an Iceberg catalog name and warehouse prefix of its own, and a ClickHouse database of its own holding a
 * {@code bronze_trades_binance} without a Kafka feed. {@link #remove()} takes it all away again.
 */
final class CrashStack {

    /** ClickHouse database holding the test's warm table (the worker reads it through FLOE_CLICKHOUSE_DATABASE). */
    static final String WARM_DATABASE = "floe_crash";

    final String runId;
    final String commandTopic;
    final String eventTopic;
    final String deadLetterTopic;
    final String consumerGroup;
    final String catalogName;
    final String warehouse;

    CrashStack() {
        this(UUID.randomUUID().toString().replace("-", "").substring(0, 10));
    }

    /** The resources of run {@code runId} (e.g. to remove what a run kept with -Dfloe.crash.keep=true). */
    CrashStack(String runId) {
        this.runId = runId;
        this.commandTopic = "floe.crash." + runId + ".commands";
        this.eventTopic = "floe.crash." + runId + ".events";
        this.deadLetterTopic = "floe.crash." + runId + ".dead-letter";
        this.consumerGroup = "floe-crash-" + runId;
        this.catalogName = "floe_crash_" + runId;
        this.warehouse = "s3://" + env("FLOE_S3_BUCKET") + "/crash-it/" + runId;
    }

    /** Creates the topics; the warm table is made by {@link CrashTrades}, the cold table by the worker. */
    void create() {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(
                    new NewTopic(commandTopic, 1, (short) 1),
                    new NewTopic(eventTopic, 1, (short) 1),
                    new NewTopic(deadLetterTopic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the crash test's topics at " + env("FLOE_KAFKA_BOOTSTRAP"), e);
        }
    }

    /**
     * What a worker process of this test gets on top of the inherited FLOE_* environment. The messaging channels
     * are set as system properties ({@link #workerSystemProperties()}) because their names are exact there.
     */
    Map<String, String> workerEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("FLOE_CLICKHOUSE_DATABASE", WARM_DATABASE);
        env.put("FLOE_CATALOG_NAME", catalogName);
        env.put("FLOE_WAREHOUSE", warehouse);
        // small files, so that a kill during the write finds some data files finished and one half written
        env.put("FLOE_COLD_TARGET_FILE_SIZE_BYTES", Long.toString(8L * 1024 * 1024));
        return env;
    }

    Map<String, String> workerSystemProperties() {
        Map<String, String> p = new HashMap<>();
        p.put("mp.messaging.incoming.commands.topic", commandTopic);
        p.put("mp.messaging.incoming.commands.group.id", consumerGroup);
        // A killed member holds its partition until its session expires; the broker's minimum keeps restarts quick.
        p.put("mp.messaging.incoming.commands.session.timeout.ms", "6000");
        p.put("mp.messaging.incoming.commands.heartbeat.interval.ms", "1000");
        p.put("mp.messaging.outgoing.events.topic", eventTopic);
        p.put("mp.messaging.outgoing.dead-letter.topic", deadLetterTopic);
        return p;
    }

    /** ClickHouse on the test's own database. */
    ClickHouseHttp warm() {
        return new ClickHouseHttp(env("FLOE_CLICKHOUSE_URL"), env("FLOE_CLICKHOUSE_USER"),
                Optional.ofNullable(System.getenv("FLOE_CLICKHOUSE_PASSWORD")).orElse(""), "default",
                Duration.ofSeconds(10));
    }

    /** The test's Iceberg catalog, the same one the worker opens. */
    ColdCatalogs catalogs() {
        return LocalColdTier.open(catalogName, warehouse);
    }

    /** Every object key under {@code location} ({@code s3://bucket/prefix}), as full {@code s3://} locations. */
    List<String> listObjects(String location) {
        String bucket = env("FLOE_S3_BUCKET");
        String prefix = location.replaceFirst("^s3a?://" + bucket + "/", "");
        List<String> keys = new ArrayList<>();
        try (S3Client s3 = s3()) {
            String token = null;
            do {
                ListObjectsV2Response page = s3.listObjectsV2(ListObjectsV2Request.builder()
                        .bucket(bucket).prefix(prefix).continuationToken(token).build());
                for (S3Object object : page.contents()) {
                    keys.add("s3://" + bucket + "/" + object.key());
                }
                token = page.isTruncated() ? page.nextContinuationToken() : null;
            } while (token != null);
        }
        return keys;
    }

    /** Deletes the topics and every object under the warehouse prefix (the catalog's table is dropped by the test). */
    void remove() {
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(commandTopic, eventTopic, deadLetterTopic)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("crash test: could not delete topics of run " + runId + ": " + e);
        }
        String bucket = env("FLOE_S3_BUCKET");
        try (S3Client s3 = s3()) {
            for (String location : listObjects(warehouse + "/")) {
                s3.deleteObject(b -> b.bucket(bucket).key(location.substring(("s3://" + bucket + "/").length())));
            }
        } catch (RuntimeException e) {
            System.err.println("crash test: could not delete " + warehouse + ": " + e);
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env("FLOE_KAFKA_BOOTSTRAP"),
                AdminClientConfig.CLIENT_ID_CONFIG, "floe-crash-admin-" + runId));
    }

    private S3Client s3() {
        return ObjectStoreClients.configure(S3Client.builder(), LocalColdTier.objectStore())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** A setting of the local stack's env file; fails naming it when unset. */
    static String env(String name) {
        return LocalColdTier.env(name);
    }
}
