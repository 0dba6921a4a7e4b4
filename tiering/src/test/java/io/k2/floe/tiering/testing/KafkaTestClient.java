package io.k2.floe.tiering.testing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A plain Kafka producer and "tail" consumers for tests: what a test publishes goes to the real broker, and
 * a tail sees only records published after it was opened (assigned to every partition at the end, no
 * consumer group, so it takes nothing away from the services' groups).
 */
public final class KafkaTestClient implements AutoCloseable {

    private final String bootstrap;
    private final Map<String, Object> security;
    private final KafkaProducer<byte[], byte[]> producer;

    public KafkaTestClient(String bootstrap) {
        this(bootstrap, Map.of());
    }

    /** A client that connects with {@code security} settings too (security.protocol, sasl.*, ssl.*). */
    public KafkaTestClient(String bootstrap, Map<String, Object> security) {
        this.bootstrap = bootstrap;
        this.security = Map.copyOf(security);
        this.producer = withKafkaClassLoader(() -> new KafkaProducer<>(with(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.CLIENT_ID_CONFIG, "floe-test-producer")),
                new ByteArraySerializer(), new ByteArraySerializer()));
    }

    private Map<String, Object> with(Map<String, Object> config) {
        Map<String, Object> all = new java.util.HashMap<>(config);
        all.putAll(security);
        return all;
    }

    /**
     * Kafka loads its plugins (e.g. the JMX metrics reporter) through the thread's context class loader; inside a
     * Quarkus test that can be another loader than the one that loaded the client, and the plugin then fails its cast.
     */
    private static <T> T withKafkaClassLoader(java.util.function.Supplier<T> create) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(KafkaProducer.class.getClassLoader());
        try {
            return create.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Publishes and waits for the broker's acknowledgement. */
    public RecordMetadata send(String topic, String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic + " at " + bootstrap, e);
        }
    }

    public RecordMetadata send(String topic, String key, String value) {
        return send(topic, key, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Starts following {@code topics} from their current end, in one consumer: a test that waits for silence on
     * several topics waits once.
     */
    public Tail tail(String... topics) {
        if (topics.length == 0) {
            throw new IllegalArgumentException("a tail needs at least one topic");
        }
        String name = String.join(",", topics);
        KafkaConsumer<byte[], byte[]> consumer = withKafkaClassLoader(() -> new KafkaConsumer<>(with(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "floe-test-tail-" + name)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer()));
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            if (consumer.partitionsFor(topic, Duration.ofSeconds(30)).isEmpty()) {
                // a test's own topic that nothing has used yet: create it, as the broker would on first use
                createTopic(topic);
            }
            List<TopicPartition> ofTopic = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            if (ofTopic.isEmpty()) {
                consumer.close();
                throw new IllegalStateException("topic " + topic + " does not exist at " + bootstrap);
            }
            partitions.addAll(ofTopic);
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // seekToEnd is lazy: resolve the positions now, before the test publishes anything.
        partitions.forEach(partition -> consumer.position(partition, Duration.ofSeconds(30)));
        return new Tail(name, consumer);
    }

    /** Creates {@code topic} (4 partitions, like the local stack's topics); nothing when it exists already. */
    public void createTopic(String topic) {
        try (org.apache.kafka.clients.admin.Admin admin = withKafkaClassLoader(() -> org.apache.kafka.clients.admin.Admin
                .create(with(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 4, (short) 1))).all()
                    .get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic + " at " + bootstrap, e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + topic + " at " + bootstrap, e);
        }
    }

    /**
     * Waits until consumer group {@code group} is stable with {@code members} members holding {@code partitions}
     * partitions between them. A test that publishes to topics a freshly made ClickHouse Kafka table consumes must
     * wait for this: the table's consumers join one after the other, and a rebalance while the first batches are in
     * flight re-delivers them (the engine is at least once), which a test counting rows exactly sees as duplicates.
     */
    public void awaitStableGroup(String group, int members, int partitions, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "not described yet";
        try (org.apache.kafka.clients.admin.Admin admin = withKafkaClassLoader(() -> org.apache.kafka.clients.admin.Admin
                .create(with(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))))) {
            while (System.nanoTime() < deadline) {
                var description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                        .get(30, TimeUnit.SECONDS);
                int assigned = description.members().stream()
                        .mapToInt(m -> m.assignment().topicPartitions().size()).sum();
                last = description.groupState() + ", " + description.members().size() + " members, " + assigned
                        + " partitions";
                if (description.groupState() == org.apache.kafka.common.GroupState.STABLE
                        && description.members().size() == members && assigned == partitions) {
                    return;
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for group " + group, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot describe consumer group " + group + " at " + bootstrap, e);
        }
        throw new IllegalStateException("consumer group " + group + " not stable with " + members + " members and "
                + partitions + " partitions within " + timeout + " (last seen: " + last + ")");
    }

    /** Deletes {@code topics}; those that do not exist are no error. */
    public void deleteTopics(List<String> topics) {
        try (org.apache.kafka.clients.admin.Admin admin = withKafkaClassLoader(() -> org.apache.kafka.clients.admin.Admin
                .create(with(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))))) {
            for (var result : admin.deleteTopics(topics).topicNameValues().entrySet()) {
                try {
                    result.getValue().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                        throw new IllegalStateException("cannot delete topic " + result.getKey() + " at " + bootstrap,
                                e.getCause());
                    }
                }
            }
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot delete topics " + topics + " at " + bootstrap, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** Records of the tail's topics published after it was opened. */
    public static final class Tail implements AutoCloseable {

        private final String topic;
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();

        private Tail(String topic, KafkaConsumer<byte[], byte[]> consumer) {
            this.topic = topic;
            this.consumer = consumer;
        }

        /** The first record (seen before or arriving within {@code timeout}) that matches; fails the test otherwise. */
        public ConsumerRecord<byte[], byte[]> await(Predicate<ConsumerRecord<byte[], byte[]>> match, Duration timeout,
                                                    String what) {
            long deadline = System.nanoTime() + timeout.toNanos();
            int checked = 0;
            while (true) {
                for (; checked < seen.size(); checked++) {
                    if (match.test(seen.get(checked))) {
                        return seen.get(checked);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no record on " + topic + " matching " + what + " within " + timeout
                            + "; saw " + seen.size() + " other record(s): " + preview());
                }
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
        }

        /** Every record seen so far, after reading what arrives within {@code wait}. */
        public List<ConsumerRecord<byte[], byte[]>> readFor(Duration wait) {
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
            return List.copyOf(seen);
        }

        /** Whether any record seen so far (by earlier awaits) matches. */
        public boolean sawAny(Predicate<ConsumerRecord<byte[], byte[]>> match) {
            return seen.stream().anyMatch(match);
        }

        private String preview() {
            return seen.stream().limit(5).map(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .map(text -> text.length() > 300 ? text.substring(0, 300) + "..." : text)
                    .toList().toString();
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
