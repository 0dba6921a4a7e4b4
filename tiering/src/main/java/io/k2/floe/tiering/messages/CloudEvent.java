package io.k2.floe.tiering.messages;

import java.time.Instant;
import java.util.Optional;

/**
 * A decoded message with its CloudEvents context attributes, for consumers that need more than the
 * payload (e.g. the event id for de-duplication or logs).
 *
 * @param id      the CloudEvent {@code id} (the command id for commands, a UUID for events)
 * @param source  who sent it, e.g. {@code /floe/offload-worker}
 * @param type    the message type
 * @param subject the table it is about, if any
 * @param time    when it was sent, if the sender said
 * @param data    the command or event
 * @param <T>     {@link Command} or {@link Event}
 */
public record CloudEvent<T>(String id, String source, MessageType type, Optional<String> subject,
                            Optional<Instant> time, T data) {
}
