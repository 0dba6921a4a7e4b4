package io.k2.floe.tiering.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URL;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a service's readiness against a real outage: stops one component of the local stack, expects
 * readiness 503 naming exactly the check of that dependency (and answering quickly, with liveness still
 * UP), starts the component again and expects readiness to recover. Prometheus sees the same: the service's
 * {@code floe_dependency_ready{dependency=<check>}} gauge goes to 0 during the outage and back to 1 after it (the
 * ServiceNotReady alert rule reads it). The component is started again even when an assertion fails, so later tests
 * find the stack whole.
 */
public final class DependencyOutage {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DependencyOutage() {
    }

    /**
     * @param baseUrl   the service under test, e.g. {@code http://localhost:8081}
     * @param component local stack component: clickhouse, kafka, postgres or s3
     * @param check     the readiness check that must go DOWN, e.g. {@code clickhouse}
     */
    public static void assertReadinessFollows(String baseUrl, String component, String check) {
        URL ready = HttpPoll.url(baseUrl + "/q/health/ready");
        URL live = HttpPoll.url(baseUrl + "/q/health/live");
        HttpPoll.awaitStatus(ready, 200, Duration.ofSeconds(60));
        HttpPoll.Reply down;
        try {
            LocalStack.down(component);
            down = HttpPoll.awaitStatus(ready, 503, Duration.ofSeconds(30));
            // Once more, now that the dependency is surely gone: the answer must come within the probe deadline.
            down = HttpPoll.get(ready);
            assertThat(down.status() == 503, "readiness must stay DOWN while " + component + " is stopped: " + down.body());
            assertThat(down.took().compareTo(Duration.ofMillis(2500)) < 0,
                    "readiness must answer within ~2 s while " + component + " is stopped, took " + down.took());
            Set<String> downChecks = downChecks(down.body());
            assertThat(downChecks.equals(Set.of(check)),
                    "with " + component + " stopped exactly the check '" + check + "' must be DOWN, got " + downChecks
                            + ": " + down.body());
            assertThat(error(down.body(), check) != null && !error(down.body(), check).isBlank(),
                    "the DOWN check '" + check + "' must say what failed: " + down.body());
            HttpPoll.Reply liveness = HttpPoll.get(live);
            assertThat(liveness.status() == 200,
                    "liveness must stay UP while " + component + " is stopped (the process is fine): " + liveness.body());
            awaitReadyGauge(baseUrl, check, 0.0);
        } finally {
            LocalStack.up(component);
        }
        HttpPoll.Reply up = HttpPoll.awaitStatus(ready, 200, Duration.ofSeconds(90));
        assertThat(downChecks(up.body()).isEmpty(), "after " + component + " is back every check must be UP: " + up.body());
        awaitReadyGauge(baseUrl, check, 1.0);
    }

    /**
     * Waits until the service's metrics show {@code floe_dependency_ready{dependency=check}} at {@code expected}: the
     * gauge is refreshed in the background every {@code floe.readiness-gauges.interval} (10 s by default).
     */
    private static void awaitReadyGauge(String baseUrl, String check, double expected) {
        URL metrics = HttpPoll.url(baseUrl + "/q/metrics");
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        java.util.OptionalDouble seen = java.util.OptionalDouble.empty();
        while (System.nanoTime() < deadline) {
            seen = PrometheusText.value(HttpPoll.get(metrics, "text/plain").body(), "floe_dependency_ready",
                    java.util.Map.of("dependency", check));
            if (seen.isPresent() && seen.getAsDouble() == expected) {
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError("floe_dependency_ready{dependency=\"" + check + "\"} must become " + expected
                + " within 45 s, last seen " + seen);
    }

    /** Names of the DOWN checks in a SmallRye Health response. */
    public static Set<String> downChecks(String body) {
        Set<String> names = new TreeSet<>();
        for (JsonNode check : parse(body).path("checks")) {
            if ("DOWN".equals(check.path("status").asText())) {
                names.add(check.path("name").asText());
            }
        }
        return names;
    }

    private static String error(String body, String check) {
        for (JsonNode node : parse(body).path("checks")) {
            if (check.equals(node.path("name").asText())) {
                JsonNode error = node.path("data").path("error");
                return error.isMissingNode() ? null : error.asText();
            }
        }
        return null;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("health response is not JSON: " + body, e);
        }
    }

    private static void assertThat(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
