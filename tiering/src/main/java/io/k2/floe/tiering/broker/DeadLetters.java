package io.k2.floe.tiering.broker;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;

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
        RecordHeaders headers = new RecordHeaders();
        byte[] key = null;
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordMetadata<byte[], byte[]> incoming =
                original.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        if (incoming != null) {
            for (Header header : incoming.getHeaders()) {
                headers.add(header.key(), header.value());
            }
            key = incoming.getKey();
            headers.add("dead-letter-topic", utf8(incoming.getTopic()));
            headers.add("dead-letter-partition", utf8(Integer.toString(incoming.getPartition())));
            headers.add("dead-letter-offset", utf8(Long.toString(incoming.getOffset())));
        }
        String shortReason = reason == null ? "" : reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "..." : reason;
        headers.add("dead-letter-reason", utf8(shortReason));
        headers.add("dead-letter-service", utf8(service));
        return Message.of(original.getPayload())
                .addMetadata(OutgoingKafkaRecordMetadata.<byte[]>builder().withKey(key).withHeaders(headers).build());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
