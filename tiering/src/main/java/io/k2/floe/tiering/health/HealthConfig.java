package io.k2.floe.tiering.health;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How readiness probes behave (prefix {@code floe.health}). */
@ConfigMapping(prefix = "floe.health")
public interface HealthConfig {

    /**
     * Longest time one dependency probe may take before readiness reports that dependency DOWN as
     * "no answer". Probes run in parallel, so readiness answers within about this time even when a
     * dependency hangs. Default: {@code 1500ms} (env {@code FLOE_HEALTH_PROBE_TIMEOUT}).
     */
    @WithDefault("1500ms")
    Duration probeTimeout();
}
