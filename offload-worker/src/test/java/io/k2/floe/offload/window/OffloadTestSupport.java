package io.k2.floe.offload.window;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.cold.ColdTables;
import io.k2.floe.tiering.cold.MarkerAt;
import io.k2.floe.tiering.cold.MarkerHistory;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.FloeTopics;
import io.k2.floe.tiering.messages.MessageCodec;
import io.k2.floe.tiering.messages.OffloadCommand;
import io.k2.floe.tiering.messages.OffloadCompleted;
import io.k2.floe.tiering.messages.TaskEvent;
import io.k2.floe.tiering.messages.TaskFailed;
import io.k2.floe.tiering.messages.Window;
import io.k2.floe.tiering.testing.KafkaTestClient;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** Sending offload commands, waiting for their answers, and counting what a cold table holds. */
final class OffloadTestSupport {

    static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(3);
    private static final MessageCodec CODEC = new MessageCodec();

    private OffloadTestSupport() {
    }

    static OffloadCommand command(String table, Instant lower, Instant upper) {
        String id = "it-" + UUID.randomUUID();
        return OffloadCommand.normal(id, "run-" + id, table, 1, new Window(lower, upper), Instant.now());
    }

    /** Sends to the topic the worker under test consumes (a test profile gives it one of its own). */
    static void send(KafkaTestClient kafka, OffloadCommand command) {
        String topic = ConfigProvider.getConfig().getOptionalValue("mp.messaging.incoming.commands.topic", String.class)
                .orElse(FloeTopics.commandTopic(command.kind()));
        kafka.send(topic, command.table(), CODEC.encode("/floe/it", command));
    }

    /** Follows the topic the worker under test answers on. */
    static KafkaTestClient.Tail events(KafkaTestClient kafka) {
        return kafka.tail(ConfigProvider.getConfig().getOptionalValue("mp.messaging.outgoing.events.topic", String.class)
                .orElse(FloeTopics.EVENTS));
    }

    /** The answer to this attempt of {@code command}, completed or failed. */
    static TaskEvent awaitAnswer(KafkaTestClient.Tail events, OffloadCommand command) {
        Predicate<ConsumerRecord<byte[], byte[]>> answers = r -> decode(r) instanceof TaskEvent t
                && t.commandId().equals(command.commandId()) && t.attempt() == command.attempt();
        return (TaskEvent) decode(events.await(answers, ANSWER_TIMEOUT,
                "an answer to " + command.commandId() + " attempt " + command.attempt()));
    }

    static OffloadCompleted awaitCompleted(KafkaTestClient.Tail events, OffloadCommand command) {
        TaskEvent answer = awaitAnswer(events, command);
        if (answer instanceof TaskFailed failed) {
            throw new AssertionError("command " + command.commandId() + " failed: " + failed.errorType() + " "
                    + failed.message());
        }
        return (OffloadCompleted) answer;
    }

    static TaskFailed awaitFailed(KafkaTestClient.Tail events, OffloadCommand command) {
        TaskEvent answer = awaitAnswer(events, command);
        assertThat(answer).as("answer to " + command.commandId()).isInstanceOf(TaskFailed.class);
        return (TaskFailed) answer;
    }

    private static Event decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return CODEC.decodeEvent(new String(record.value(), StandardCharsets.UTF_8));
        } catch (RuntimeException | io.k2.floe.tiering.messages.MalformedMessageException e) {
            return null;
        }
    }

    static Table cold(Catalog catalog, CatalogTable table) {
        return catalog.loadTable(ColdTables.identifier(table));
    }

    /** The upper bound of the table's latest marker, if it has one. */
    static Optional<Instant> markerUpper(Catalog catalog, CatalogTable table) {
        if (!catalog.tableExists(ColdTables.identifier(table))) {
            return Optional.empty();
        }
        return MarkerHistory.latest(cold(catalog, table)).map(MarkerAt::marker).map(m -> m.windowUpper());
    }

    /** What a cold table holds, read with Iceberg's generic reader: rows, and how often each key occurs. */
    record ColdContent(long rows, Map<List<Object>, Integer> keys) {

        long duplicates() {
            return keys.values().stream().mapToLong(n -> n - 1L).sum();
        }

        static ColdContent of(Table table, List<String> keyColumns) {
            table.refresh();
            long rows = 0;
            Map<List<Object>, Integer> keys = new HashMap<>();
            try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
                for (Record record : records) {
                    rows++;
                    List<Object> key = keyColumns.stream().map(record::getField).map(ColdContent::plain).toList();
                    keys.merge(key, 1, Integer::sum);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new ColdContent(rows, keys);
        }

        /** Key values as the warm side's TabSeparated text spells them (timestamps as epoch microseconds). */
        static Object plain(Object value) {
            if (value instanceof java.time.OffsetDateTime t) {
                return Long.toString(org.apache.iceberg.util.DateTimeUtil.microsFromTimestamptz(t));
            }
            return String.valueOf(value);
        }

        /**
         * Compares with the warm side's key counts: a duplicate is a copy the cold side holds beyond the warm side's
         * (bronze keeps the exchanges' duplicate messages, so a key may rightly occur twice), a loss one it lacks.
         */
        Comparison against(Map<List<Object>, Integer> warm) {
            long duplicates = 0;
            long losses = 0;
            for (Map.Entry<List<Object>, Integer> e : warm.entrySet()) {
                int cold = keys.getOrDefault(e.getKey(), 0);
                duplicates += Math.max(0, cold - e.getValue());
                losses += Math.max(0, e.getValue() - cold);
            }
            for (Map.Entry<List<Object>, Integer> e : keys.entrySet()) {
                if (!warm.containsKey(e.getKey())) {
                    duplicates += e.getValue();
                }
            }
            return new Comparison(duplicates, losses);
        }
    }

    /** Rows the cold side holds too often or not at all, compared key by key with the warm side. */
    record Comparison(long duplicates, long losses) {
    }
}
