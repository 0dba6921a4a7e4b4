package io.k2.floe.tiering.testing.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates (one partition each: one command, one answer) or deletes the bench run's own topics, so the bench worker
 * never sees another worker's commands and no other consumer sees the bench's events.
 */
public final class BenchTopics {

    private BenchTopics() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !(args[0].equals("create") || args[0].equals("delete"))) {
            throw new BenchException("usage: topics create|delete TOPIC...");
        }
        List<String> topics = Arrays.asList(args).subList(1, args.length);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BenchEnv.kafkaBootstrap(),
                AdminClientConfig.CLIENT_ID_CONFIG, "floe-bench-admin"))) {
            if (args[0].equals("create")) {
                for (String topic : topics) {
                    try {
                        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw new BenchException("cannot create topic " + topic + " at "
                                    + BenchEnv.kafkaBootstrap() + ": " + e.getCause().getMessage());
                        }
                    }
                }
                System.out.println("topics_created=" + String.join(",", topics));
            } else {
                try {
                    admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw new BenchException("cannot delete topics " + topics + ": " + e.getCause().getMessage());
                    }
                }
                System.out.println("topics_deleted=" + String.join(",", topics));
            }
        }
    }
}
