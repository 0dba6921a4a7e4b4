package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.health.DependencyProbe;
import io.k2.floe.tiering.health.ProbeResult;
import io.k2.floe.tiering.health.ProbeRunner;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Readiness probe for ClickHouse: runs {@code SELECT version()} as the configured user over the HTTP
 * interface, so wrong credentials show up as DOWN too, not only a stopped server.
 */
@Singleton
public class ClickHouseProbe implements DependencyProbe {

    private final ClickHouseConfig config;
    private final Duration timeout;
    private volatile HttpClient client;

    public ClickHouseProbe(ClickHouseConfig config, ProbeRunner runner) {
        this.config = config;
        this.timeout = runner.timeout();
    }

    @Override
    public String dependency() {
        return "clickhouse";
    }

    @Override
    public ProbeResult probe() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(endpoint())
                .timeout(timeout)
                .header("Authorization", basicAuth())
                .POST(HttpRequest.BodyPublishers.ofString("SELECT version() FORMAT TabSeparated"))
                .build();
        HttpResponse<String> response;
        try {
            response = client().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            // The JDK's ConnectException often has no message; say what could not be reached.
            throw (ConnectException) new ConnectException("cannot connect to ClickHouse at " + config.url()).initCause(e);
        }
        String body = response.body().strip();
        if (response.statusCode() != 200) {
            // ClickHouse error text says what failed (e.g. "Code: 192, e.displayText() = DB::Exception: Unknown user");
            // it never echoes the password.
            return ProbeResult.down("HTTP " + response.statusCode() + " from " + config.url() + ": " + firstLine(body),
                    ProbeResult.data("url", config.url()));
        }
        return ProbeResult.up("SELECT version() answered", ProbeResult.data("url", config.url(), "version", body));
    }

    private URI endpoint() {
        String base = config.url().endsWith("/") ? config.url() : config.url() + "/";
        return URI.create(base);
    }

    private String basicAuth() {
        String pair = config.user() + ":" + config.password().orElse("");
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private HttpClient client() {
        HttpClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder().connectTimeout(timeout).build();
                }
                current = client;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        HttpClient current = client;
        if (current != null) {
            current.close();
        }
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
