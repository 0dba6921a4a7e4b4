package io.k2.floe.tiering.messages;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Makes a {@link MessageCodec} with the configured limits injectable. */
@Singleton
public class MessageCodecProducer {

    @Produces
    @ApplicationScoped
    MessageCodec messageCodec(MessagesConfig config) {
        return new MessageCodec(Clock.systemUTC(), config.maxWindow(), config.maxClockSkew());
    }
}
