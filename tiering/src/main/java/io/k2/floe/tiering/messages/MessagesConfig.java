package io.k2.floe.tiering.messages;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Limits the message codec applies when decoding commands ({@code floe.messages.*}). */
@ConfigMapping(prefix = "floe.messages")
public interface MessagesConfig {

    /**
     * The widest offload window a command may carry ({@code upper - lower}); a wider one is refused
     * as malformed. The coordinator splits longer ranges (e.g. backfills) into windows no wider than
     * this. Default {@code P31D} (31 days).
     */
    @WithDefault("P31D")
    Duration maxWindow();

    /**
     * How far an offload window's upper bound may lie ahead of the worker's clock (tolerated clock
     * skew between coordinator and worker); a later one is refused as malformed. Default {@code PT5M}.
     */
    @WithDefault("PT5M")
    Duration maxClockSkew();
}
