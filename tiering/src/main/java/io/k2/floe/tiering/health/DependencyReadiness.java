package io.k2.floe.tiering.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Base for the one-line readiness beans each service declares for the dependencies it really uses:
 * <pre>{@code
 * @Readiness @Singleton
 * class WarmTierReadiness extends DependencyReadiness {
 *     WarmTierReadiness(ProbeRunner runner, ClickHouseProbe probe) { super(runner, probe); }
 * }
 * }</pre>
 * The library declares no checks itself, so a service never reports on a dependency it does not use.
 * Declare them {@code @Singleton} (no client proxy needed). Asynchronous so that SmallRye Health runs all probes in parallel rather than one after another.
 */
public abstract class DependencyReadiness implements AsyncHealthCheck {

    private final ProbeRunner runner;
    private final DependencyProbe probe;

    protected DependencyReadiness(ProbeRunner runner, DependencyProbe probe) {
        this.runner = runner;
        this.probe = probe;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return runner.check(probe);
    }

    /** The dependency this check reports on (the check's name). */
    public String dependency() {
        return probe.dependency();
    }
}
