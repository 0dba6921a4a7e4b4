package io.k2.floe.tiering.broker;

import io.k2.floe.tiering.health.DependencyProbe;
import io.k2.floe.tiering.health.ProbeResult;
import io.k2.floe.tiering.health.ProbeRunner;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Readiness probe for the Kafka-API broker (Kafka locally, Redpanda in production): {@code describeCluster}
 * through one long-lived admin client, created on first use with the application's {@code kafka.*} settings
 * (bootstrap servers, security) and closed at shutdown.
 */
@Singleton
public class BrokerProbe implements DependencyProbe {

    private final Map<String, Object> kafkaConfig;
    private final Duration timeout;
    private Admin admin;

    public BrokerProbe(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, ProbeRunner runner) {
        this.kafkaConfig = kafkaConfig;
        this.timeout = runner.timeout();
    }

    @Override
    public String dependency() {
        return "broker";
    }

    @Override
    public ProbeResult probe() throws Exception {
        // The admin call's own timeout stays under the runner's deadline so that it, not the runner, reports.
        int millis = (int) Math.max(200, timeout.toMillis() - 200);
        DescribeClusterResult cluster = admin().describeCluster(new DescribeClusterOptions().timeoutMs(millis));
        int nodes;
        String clusterId;
        try {
            nodes = cluster.nodes().get(millis, TimeUnit.MILLISECONDS).size();
            clusterId = cluster.clusterId().get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // The client's own exception says only "timed out": say which broker did not answer.
            throw new IOException("no broker answered at " + bootstrap() + " within " + millis + " ms", e);
        }
        return ProbeResult.up(nodes + " broker(s) answered",
                ProbeResult.data("bootstrap", bootstrap(), "nodes", Integer.toString(nodes), "cluster", clusterId));
    }

    private String bootstrap() {
        return String.valueOf(kafkaConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> config = new HashMap<>();
            kafkaConfig.forEach((key, value) -> {
                if (AdminClientConfig.configNames().contains(key)) {
                    config.put(key, value);
                }
            });
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "floe-readiness");
            // Fail fast while the broker is away and reconnect quickly once it is back.
            config.putIfAbsent(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
            config.putIfAbsent(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            config.putIfAbsent(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, (int) timeout.toMillis());
            admin = Admin.create(config);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
            admin = null;
        }
    }
}
