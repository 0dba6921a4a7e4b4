package io.k2.floe.tiering.broker;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Where a consumed record sits on the broker: topic, partition, offset. */
public record RecordOrigin(String topic, int partition, long offset) {

    /** The origin of a message from the Kafka connector; unknown coordinates are -1. */
    public static RecordOrigin of(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> new RecordOrigin(m.getTopic(), m.getPartition(), m.getOffset()))
                .orElse(new RecordOrigin("(unknown topic)", -1, -1));
    }

    /** {@code topic/partition@offset}, e.g. {@code floe.commands.offload/3@1234}. */
    @Override
    public String toString() {
        return topic + "/" + partition + "@" + offset;
    }
}
