package io.k2.floe.tiering.testing;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Polls an HTTP endpoint of a service under test until it answers with an expected status. */
public final class HttpPoll {

    /** One answer: status code, body and how long the request took. */
    public record Reply(int status, String body, Duration took, String contentType) {
    }

    private HttpPoll() {
    }

    public static URL url(String text) {
        try {
            return URI.create(text).toURL();
        } catch (Exception e) {
            throw new IllegalArgumentException("not a URL: " + text, e);
        }
    }

    public static Reply get(URL url) {
        return get(url, "*/*");
    }

    /** GET with an {@code Accept} header, e.g. {@code text/plain} for Prometheus text format. */
    public static Reply get(URL url, String accept) {
        return get(url, accept, null);
    }

    /** GET with an {@code Accept} header and, unless null, a bearer token (the coordinator's API wants one). */
    public static Reply get(URL url, String accept, String bearerToken) {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            long started = System.nanoTime();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.toString())).timeout(Duration.ofSeconds(20))
                    .header("Accept", accept);
            if (bearerToken != null) {
                request.header("Authorization", "Bearer " + bearerToken);
            }
            HttpResponse<String> response = client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), Duration.ofNanos(System.nanoTime() - started),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (Exception e) {
            throw new IllegalStateException("GET " + url + " failed", e);
        }
    }

    /** Polls every 250 ms until the status is {@code expected}; fails with the last answer after {@code timeout}. */
    public static Reply awaitStatus(URL url, int expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Reply last = get(url);
        while (last.status() != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("GET " + url + " still answers " + last.status() + " (expected " + expected
                        + ") after " + timeout + ": " + last.body());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            last = get(url);
        }
        return last;
    }
}
