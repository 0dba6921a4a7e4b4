package io.k2.floe.tiering.health;

import io.k2.floe.tiering.security.Redaction;
import io.smallrye.mutiny.Uni;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs dependency probes off the health endpoint's thread, under a deadline, one at a time per dependency.
 *
 * <p>Why: readiness must answer within about {@link HealthConfig#probeTimeout()} even when a dependency hangs
 * (a stopped-but-not-closed socket, a frozen process). Each probe runs on a small private pool; the caller gets
 * DOWN "no answer" at the deadline. A probe still stuck from an earlier request is joined instead of started
 * again, so a hanging dependency never piles up threads.
 */
@Singleton
public class ProbeRunner {

    private static final Logger LOG = Logger.getLogger(ProbeRunner.class);

    private final Duration timeout;
    private final ExecutorService executor;
    private final ConcurrentMap<String, CompletableFuture<ProbeResult>> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Boolean> lastUp = new ConcurrentHashMap<>();

    public ProbeRunner(HealthConfig config) {
        this.timeout = config.probeTimeout();
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "floe-probe-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The deadline one probe gets; probes use it to size their own client timeouts. */
    public Duration timeout() {
        return timeout;
    }

    /** The last answer of the dependency's check: true UP, false DOWN, empty before its first check. */
    public java.util.Optional<Boolean> lastSeen(String dependency) {
        return java.util.Optional.ofNullable(lastUp.get(dependency));
    }

    /** Probes the dependency and answers with a health response named after it; never fails, never hangs. */
    public Uni<HealthCheckResponse> check(DependencyProbe probe) {
        String name = probe.dependency();
        long started = System.nanoTime();
        return Uni.createFrom().completionStage(() -> running(probe))
                .ifNoItem().after(timeout)
                .recoverWithItem(() -> ProbeResult.down("no answer within " + timeout.toMillis() + " ms", Map.of()))
                .onFailure().recoverWithItem(ProbeRunner::failed)
                .map(result -> respond(name, result, (System.nanoTime() - started) / 1_000_000));
    }

    private CompletableFuture<ProbeResult> running(DependencyProbe probe) {
        String name = probe.dependency();
        CompletableFuture<ProbeResult> current = inFlight.get(name);
        if (current != null) {
            return current.copy();
        }
        CompletableFuture<ProbeResult> fresh = new CompletableFuture<>();
        current = inFlight.putIfAbsent(name, fresh);
        if (current != null) {
            return current.copy();
        }
        try {
            executor.execute(() -> {
                try {
                    ProbeResult result = probe.probe();
                    inFlight.remove(name, fresh);
                    fresh.complete(result);
                } catch (Throwable e) {
                    inFlight.remove(name, fresh);
                    fresh.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.remove(name, fresh);
            fresh.completeExceptionally(new IllegalStateException("the service is shutting down"));
        }
        return fresh.copy();
    }

    private static ProbeResult failed(Throwable failure) {
        return ProbeResult.down(Failures.describe(failure), Map.of());
    }

    private HealthCheckResponse respond(String name, ProbeResult result, long millis) {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(name).status(result.up());
        // Probes name endpoints by their redacted form; messages from libraries (a driver's, an SDK's) may not:
        // health output and the log get no credentials either way (docs/security.md).
        String detail = Redaction.text(result.detail());
        if (!result.up()) {
            builder.withData("error", detail);
        } else if (detail != null && !detail.isBlank()) {
            builder.withData("detail", detail);
        }
        result.data().forEach((key, value) -> builder.withData(key, Redaction.text(value)));
        builder.withData("millis", millis);
        Boolean before = lastUp.put(name, result.up());
        if (before == null || before != result.up()) {
            if (result.up()) {
                LOG.infof("dependency %s is UP (%s)", name, detail);
            } else {
                LOG.warnf("dependency %s is DOWN: %s", name, detail);
            }
        }
        return builder.build();
    }

    /**
     * Probes every dependency once at start-up, in the background: clients get created and classes loaded
     * before the first readiness request, which then gets a real answer instead of a cold-start timeout, and
     * the log says at once which dependencies are reachable.
     */
    void warmUp(@Observes StartupEvent event, @Any Instance<DependencyReadiness> checks) {
        for (DependencyReadiness check : checks) {
            check.call().subscribe().with(response -> { }, failure -> { });
        }
    }

    @PreDestroy
    public void stop() {
        executor.shutdownNow();
    }
}
