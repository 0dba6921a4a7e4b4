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

    /**
     * How often every readiness check is run in the background to refresh the {@code floe_dependency_ready} gauges,
     * so that Prometheus sees readiness even when nothing polls {@code /q/health/ready}. Default: {@code 10s} (env
     * {@code FLOE_HEALTH_METRICS_INTERVAL}).
     */
    @WithDefault("10s")
    Duration metricsInterval();
}
