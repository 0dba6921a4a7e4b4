package io.k2.floe.tiering.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Readiness as metrics: {@code floe_dependency_ready{dependency}} is 1 while the service's readiness check of that
 * dependency last answered UP, 0 while DOWN (NaN before its first answer). Prometheus has no other way to see
 * readiness (it scrapes {@code /q/metrics}, not {@code /q/health}); the {@code ServiceNotReady} rule reads it.
 *
 * <p>Every check runs again every {@link ReadinessGaugesConfig#interval()} on one daemon thread, so the gauges stay
 * current when no probe polls readiness; the checks' answers go through {@link ProbeRunner}, which joins a probe
 * already running instead of starting a second one.
 */
@Singleton
public class ReadinessGauges {

    private final ProbeRunner runner;
    private final ReadinessGaugesConfig config;
    private final MeterRegistry registry;
    private ScheduledExecutorService timer;

    public ReadinessGauges(ProbeRunner runner, ReadinessGaugesConfig config, MeterRegistry registry) {
        this.runner = runner;
        this.config = config;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event, @Any Instance<DependencyReadiness> checks) {
        List<DependencyReadiness> all = new ArrayList<>();
        for (DependencyReadiness check : checks) {
            all.add(check);
            String dependency = check.dependency();
            Gauge.builder("floe.dependency.ready", runner, r -> r.lastSeen(dependency).map(up -> up ? 1.0 : 0.0)
                            .orElse(Double.NaN))
                    .description("1 while the readiness check of this dependency answers UP, 0 while DOWN")
                    .tag("dependency", dependency).register(registry);
        }
        if (all.isEmpty()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "floe-readiness-gauges");
            thread.setDaemon(true);
            return thread;
        });
        long every = config.interval().toMillis();
        timer.scheduleWithFixedDelay(() -> all.forEach(check -> check.call().subscribe().with(r -> { }, f -> { })),
                every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
