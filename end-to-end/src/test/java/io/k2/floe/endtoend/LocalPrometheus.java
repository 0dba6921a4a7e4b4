package io.k2.floe.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k2.floe.tiering.testing.HttpPoll;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local stack's Prometheus (deploy/local/lib/prometheus.sh, at {@code FLOE_PROMETHEUS_URL}): which port it scrapes
 * for a service, and the alerts its rules (deploy/prometheus/rules) have pending or firing, through its HTTP API.
 */
final class LocalPrometheus {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;

    private LocalPrometheus(String url) {
        this.url = url;
    }

    /** The stack's Prometheus; fails when the environment of deploy/local/env does not name one. */
    static LocalPrometheus fromEnvironment() {
        String url = System.getenv("FLOE_PROMETHEUS_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("FLOE_PROMETHEUS_URL is not set: start the local stack's Prometheus"
                    + " (deploy/local/up prometheus) and source deploy/local/env");
        }
        return new LocalPrometheus(url);
    }

    /** The port of 127.0.0.1 that Prometheus scrapes for the service (the target's {@code service} label). */
    int scrapedPort(String service) {
        for (JsonNode target : get("/api/v1/targets").path("data").path("activeTargets")) {
            if (service.equals(target.path("labels").path("service").asText())) {
                return URI.create(target.path("scrapeUrl").asText()).getPort();
            }
        }
        throw new IllegalStateException("Prometheus at " + url + " scrapes no target with service=" + service);
    }

    /** Alerts (pending or firing) named {@code name} whose labels include {@code labels}. */
    List<JsonNode> alerts(String name, Map<String, String> labels) {
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode alert : get("/api/v1/alerts").path("data").path("alerts")) {
            JsonNode have = alert.path("labels");
            if (name.equals(have.path("alertname").asText())
                    && labels.entrySet().stream().allMatch(l -> l.getValue().equals(have.path(l.getKey()).asText()))) {
                matching.add(alert);
            }
        }
        return matching;
    }

    /** Waits until such an alert is firing; the alert. */
    JsonNode awaitFiring(String name, Map<String, String> labels, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> seen = List.of();
        while (System.nanoTime() < deadline) {
            seen = alerts(name, labels);
            Optional<JsonNode> firing = seen.stream().filter(a -> "firing".equals(a.path("state").asText())).findFirst();
            if (firing.isPresent()) {
                return firing.get();
            }
            pause();
        }
        throw new AssertionError("Prometheus did not fire " + name + labels + " within " + timeout + "; last seen "
                + seen);
    }

    /** Waits until no such alert is pending or firing any more. */
    void awaitCleared(String name, Map<String, String> labels, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> seen = List.of();
        while (System.nanoTime() < deadline) {
            seen = alerts(name, labels);
            if (seen.isEmpty()) {
                return;
            }
            pause();
        }
        throw new AssertionError("Prometheus still has " + name + labels + " after " + timeout + ": " + seen);
    }

    private JsonNode get(String path) {
        HttpPoll.Reply reply = HttpPoll.get(HttpPoll.url(url + path), "application/json");
        if (reply.status() != 200) {
            throw new IllegalStateException("GET " + url + path + " answered " + reply.status() + ": " + reply.body());
        }
        try {
            return JSON.readTree(reply.body());
        } catch (Exception e) {
            throw new IllegalStateException("GET " + url + path + " is not JSON: " + reply.body(), e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
