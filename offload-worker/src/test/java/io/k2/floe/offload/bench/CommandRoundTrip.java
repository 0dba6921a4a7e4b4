package io.k2.floe.offload.bench;

import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MalformedMessageException;
import io.k2.floe.tiering.messages.MessageCodec;
import io.k2.floe.tiering.messages.OffloadCommand;
import io.k2.floe.tiering.messages.OffloadCompleted;
import io.k2.floe.tiering.messages.TaskEvent;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.messages.Window;
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
 * One offload through the real worker process, timed from the outside: waits until the worker's consumer owns the
 * command topic (so a group rebalance is not counted), sends one {@link OffloadCommand} built and encoded with the
 * shared contracts ({@link MessageCodec}, as the coordinator does), and waits for the event that answers it. The
 * end-to-end time runs from just before the send to the moment the answer is read back from the broker.
 *
 * <p>Arguments: {@code COMMANDS_TOPIC EVENTS_TOPIC GROUP LOWER UPPER COMMAND_ID TIMEOUT_S WORKER_PID CLICKHOUSE_PID
 * CLK_TCK}.
 */
final class CommandRoundTrip {

    private static final String SOURCE = "/floe/bench";

    private CommandRoundTrip() {
    }

    static void main(String[] args) throws Exception {
        if (args.length != 10) {
            throw new OffloadBench.BenchException("usage: offload COMMANDS EVENTS GROUP LOWER UPPER COMMAND_ID TIMEOUT_S"
                    + " WORKER_PID CLICKHOUSE_PID CLK_TCK");
        }
        String commands = args[0];
        String events = args[1];
        String group = args[2];
        Window window = new Window(Instant.parse(args[3]), Instant.parse(args[4]));
        String commandId = args[5];
        Duration timeout = Duration.ofSeconds(Long.parseLong(args[6]));
        long workerPid = Long.parseLong(args[7]);
        long clickHousePid = Long.parseLong(args[8]);
        double ticks = Double.parseDouble(args[9]);
        String bootstrap = BenchEnv.kafkaBootstrap();

        MessageCodec codec = new MessageCodec();
        OffloadCommand command = OffloadCommand.normal(commandId, "bench-" + commandId, BenchWindow.TABLE, 1, window,
                Instant.now());
        String json = codec.encode(SOURCE, command);

        try (KafkaConsumer<byte[], byte[]> answers = tail(bootstrap, events);
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                     ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.CLIENT_ID_CONFIG, "floe-bench-producer"),
                     new StringSerializer(), new StringSerializer())) {
            awaitAssignment(bootstrap, group, commands, Duration.ofSeconds(120));
            // a warm producer: its metadata fetch is not part of the offload
            producer.partitionsFor(commands);

            CpuTimes cpuBefore = CpuTimes.now(workerPid, clickHousePid);
            Instant sentAt = Instant.now();
            long begin = System.nanoTime();
            ProducerRecord<String, String> record = new ProducerRecord<>(commands, BenchWindow.TABLE, json);
            record.headers().add("content-type", MessageCodec.KAFKA_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(30, TimeUnit.SECONDS);
            System.err.println("bench: command " + commandId + " sent at " + sentAt + " for window " + window);

            TaskEvent answer = awaitAnswer(answers, codec, commandId, begin + timeout.toNanos(), timeout, workerPid);
            long elapsedNanos = System.nanoTime() - begin;
            CpuTimes cpuAfter = CpuTimes.now(workerPid, clickHousePid);
            System.out.println("sent_at=" + sentAt);
            System.out.println("answered_at=" + Instant.now());
            System.out.printf("e2e_ms=%.1f%n", elapsedNanos / 1e6);
            cpuAfter.printSince(cpuBefore, ticks);
            switch (answer) {
                case OffloadCompleted done -> {
                    System.out.println("outcome=completed");
                    System.out.println("rows=" + done.rows());
                    System.out.println("bytes=" + done.bytes());
                    System.out.println("data_files=" + done.dataFiles());
                    System.out.println("duration_ms=" + done.durationMs());
                    System.out.println("snapshot_id=" + done.snapshotId().map(String::valueOf).orElse(""));
                    System.out.println("repeat=" + done.repeat());
                }
                case TaskFailed failed -> {
                    System.out.println("outcome=failed");
                    System.out.println("error_type=" + failed.errorType());
                    System.out.println("error=" + failed.message().replace('\n', ' '));
                }
                default -> System.out.println("outcome=unexpected " + answer.getClass().getSimpleName());
            }
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
            throw new OffloadBench.BenchException("topic " + topic + " does not exist at " + bootstrap);
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
                    throw new OffloadBench.BenchException("the worker's consumer group " + group + " has no partition of "
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
                throw new OffloadBench.BenchException("the worker process " + workerPid + " exited before answering"
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
        throw new OffloadBench.BenchException("no answer to command " + commandId + " within " + timeout.toSeconds()
                + " s; see the worker log");
    }
}
