package io.k2.floe.tiering.broker;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Copies of messages Floe could not understand, for the dead-letter topic: the original key, value and
 * headers byte for byte, plus headers that say where it came from and why it was rejected
 * ({@code dead-letter-reason}, {@code dead-letter-topic}, {@code dead-letter-partition},
 * {@code dead-letter-offset}, the names SmallRye's own dead-letter strategy uses, and
 * {@code dead-letter-service}).
 */
public final class DeadLetters {

    private static final int MAX_REASON = 1000;

    private DeadLetters() {
    }

    public static Message<byte[]> copyOf(Message<byte[]> original, String reason, String service) {
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordMetadata<byte[], byte[]> incoming =
                original.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        if (incoming == null) {
            return copy(original.getPayload(), null, List.of(), null, reason, service);
        }
        return copy(original.getPayload(), incoming.getKey(), incoming.getHeaders(),
                new RecordOrigin(incoming.getTopic(), incoming.getPartition(), incoming.getOffset()), reason, service);
    }

    /** The same for a record read with a plain Kafka consumer. */
    public static Message<byte[]> copyOf(ConsumerRecord<byte[], byte[]> original, String reason, String service) {
        return copy(original.value(), original.key(), original.headers(),
                new RecordOrigin(original.topic(), original.partition(), original.offset()), reason, service);
    }

    private static Message<byte[]> copy(byte[] payload, byte[] key, Iterable<Header> originalHeaders,
                                        RecordOrigin origin, String reason, String service) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : originalHeaders) {
            headers.add(header.key(), header.value());
        }
        if (origin != null) {
            headers.add("dead-letter-topic", utf8(origin.topic()));
            headers.add("dead-letter-partition", utf8(Integer.toString(origin.partition())));
            headers.add("dead-letter-offset", utf8(Long.toString(origin.offset())));
        }
        String shortReason = reason == null ? "" : reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "..." : reason;
        headers.add("dead-letter-reason", utf8(shortReason));
        headers.add("dead-letter-service", utf8(service));
        return Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<byte[]>builder().withKey(key).withHeaders(headers).build());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
