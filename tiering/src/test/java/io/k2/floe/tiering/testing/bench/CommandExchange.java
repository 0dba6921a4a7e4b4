package io.k2.floe.tiering.testing.bench;

import io.k2.floe.tiering.messages.Command;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MalformedMessageException;
import io.k2.floe.tiering.messages.MessageCodec;
import io.k2.floe.tiering.messages.TaskEvent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One command through a real worker process, timed from the outside: waits until the worker's consumer owns the
 * command topic (so a group rebalance is not counted), sends the command encoded with the shared contracts
 * ({@link MessageCodec}, as the coordinator does), and waits for the event that answers it. The end-to-end time runs
 * from just before the send to the moment the answer is read back from the broker. Used by the bench scripts'
 * Java steps (offload, audit), which print the answer's own figures.
 */
public final class CommandExchange {

    private static final String SOURCE = "/floe/bench";

    private CommandExchange() {
    }

    /**
     * Sends {@code command} on {@code commands}, waits for its answer on {@code events} and prints {@code sent_at},
     * {@code answered_at}, {@code e2e_ms} and the CPU seconds of the machine, the worker and ClickHouse during the
     * exchange ({@link CpuTimes}) as key=value lines.
     *
     * @param group     the worker's consumer group (its assignment is awaited before the send)
     * @param workerPid the worker's process (a worker that dies is reported at once); ClickHouse's may be 0
     * @param ticks     clock ticks per second (getconf CLK_TCK)
     */
    public static TaskEvent exchange(String commands, String events, String group, Command command, Duration timeout,
                                     long workerPid, long clickHousePid, double ticks) throws Exception {
        String bootstrap = BenchEnv.kafkaBootstrap();
        MessageCodec codec = new MessageCodec();
        String json = codec.encode(SOURCE, command);
        try (KafkaConsumer<byte[], byte[]> answers = tail(bootstrap, events);
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                     ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.CLIENT_ID_CONFIG, "floe-bench-producer"),
                     new StringSerializer(), new StringSerializer())) {
            awaitAssignment(bootstrap, group, commands, Duration.ofSeconds(120));
            // a warm producer: its metadata fetch is not part of the task
            producer.partitionsFor(commands);

            CpuTimes cpuBefore = CpuTimes.now(workerPid, clickHousePid);
            Instant sentAt = Instant.now();
            long begin = System.nanoTime();
            ProducerRecord<String, String> record = new ProducerRecord<>(commands, command.table(), json);
            record.headers().add("content-type", MessageCodec.KAFKA_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(30, TimeUnit.SECONDS);
            System.err.println("bench: " + command.kind() + " command " + command.commandId() + " sent at " + sentAt);

            TaskEvent answer = awaitAnswer(answers, codec, command.commandId(), begin + timeout.toNanos(), timeout,
                    workerPid);
            long elapsedNanos = System.nanoTime() - begin;
            CpuTimes cpuAfter = CpuTimes.now(workerPid, clickHousePid);
            System.out.println("sent_at=" + sentAt);
            System.out.println("answered_at=" + Instant.now());
            System.out.printf("e2e_ms=%.1f%n", elapsedNanos / 1e6);
            cpuAfter.printSince(cpuBefore, ticks);
            return answer;
        }
    }

    /** A consumer on every partition of {@code topic}, from its current end, with no group. */
    private static KafkaConsumer<byte[], byte[]> tail(String bootstrap, String topic) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "floe-bench-tail"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        if (partitions.isEmpty()) {
            consumer.close();
            throw new BenchException("topic " + topic + " does not exist at " + bootstrap);
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(30)));
        return consumer;
    }

    /** Waits until a member of the worker's group has been assigned a partition of the command topic. */
    private static void awaitAssignment(String bootstrap, String group, String topic, Duration timeout) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "floe-bench-admin");
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(config)) {
            while (true) {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                        .get(30, TimeUnit.SECONDS).get(group);
                boolean assigned = description != null && description.members().stream()
                        .anyMatch(m -> m.assignment().topicPartitions().stream().anyMatch(p -> p.topic().equals(topic)));
                if (assigned) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new BenchException("the worker's consumer group " + group + " has no partition of "
                            + topic + " after " + timeout.toSeconds() + " s (state " + (description == null ? "none"
                            : description.groupState()) + "); see the worker log");
                }
                Thread.sleep(200);
            }
        }
    }

    private static TaskEvent awaitAnswer(KafkaConsumer<byte[], byte[]> answers, MessageCodec codec, String commandId,
                                         long deadline, Duration timeout, long workerPid) {
        while (System.nanoTime() < deadline) {
            // a worker that died (e.g. out of memory) never answers: say so now rather than at the timeout
            if (workerPid > 0 && ProcessHandle.of(workerPid).map(p -> !p.isAlive()).orElse(true)) {
                throw new BenchException("the worker process " + workerPid + " exited before answering"
                        + " command " + commandId + "; see the worker log");
            }
            for (ConsumerRecord<byte[], byte[]> record : answers.poll(Duration.ofMillis(50))) {
                String text = new String(record.value(), StandardCharsets.UTF_8);
                try {
                    Event event = codec.decodeEvent(text);
                    if (event instanceof TaskEvent task && commandId.equals(task.commandId())) {
                        return task;
                    }
                } catch (MalformedMessageException e) {
                    System.err.println("bench: ignoring an event that does not decode: " + e.getMessage());
                }
            }
        }
        throw new BenchException("no answer to command " + commandId + " within " + timeout.toSeconds()
                + " s; see the worker log");
    }
}
