package io.k2.floe.tiering.health;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How readiness is published as metrics (prefix {@code floe.readiness-gauges}; {@link ReadinessGauges}). */
@ConfigMapping(prefix = "floe.readiness-gauges")
public interface ReadinessGaugesConfig {

    /**
     * How often every readiness check runs in the background to refresh the {@code floe_dependency_ready} gauges, so
     * that Prometheus sees readiness even when nothing polls {@code /q/health/ready}. Default: {@code 10s} (env
     * {@code FLOE_READINESS_GAUGES_INTERVAL}).
     */
    @WithDefault("10s")
    Duration interval();
}
