package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.health.DependencyProbe;
import io.k2.floe.tiering.health.ProbeResult;
import io.k2.floe.tiering.health.ProbeRunner;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Readiness probe for ClickHouse: runs {@code SELECT version()} as the configured user over the HTTP
 * interface, so wrong credentials show up as DOWN too, not only a stopped server.
 */
@Singleton
public class ClickHouseProbe implements DependencyProbe {

    private final ClickHouseEndpoint endpoint;
    private final Duration timeout;
    private volatile HttpClient client;

    public ClickHouseProbe(ClickHouseConfig config, ProbeRunner runner) {
        this.endpoint = ClickHouseEndpoint.of(config);
        this.timeout = runner.timeout();
    }

    @Override
    public String dependency() {
        return "clickhouse";
    }

    @Override
    public ProbeResult probe() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(endpoint.base())
                .timeout(timeout)
                .header("Authorization", endpoint.authorization())
                .POST(HttpRequest.BodyPublishers.ofString("SELECT version() FORMAT TabSeparated"))
                .build();
        HttpResponse<String> response;
        try {
            response = client().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            // The JDK's ConnectException often has no message; say what could not be reached.
            throw (ConnectException) new ConnectException("cannot connect to ClickHouse at " + endpoint.shown()).initCause(e);
        }
        String body = response.body().strip();
        if (response.statusCode() != 200) {
            // ClickHouse error text says what failed (e.g. "Code: 192, e.displayText() = DB::Exception: Unknown user");
            // it never echoes the password.
            return ProbeResult.down("HTTP " + response.statusCode() + " from " + endpoint.shown() + ": " + firstLine(body),
                    ProbeResult.data("url", endpoint.shown()));
        }
        return ProbeResult.up("SELECT version() answered", ProbeResult.data("url", endpoint.shown(), "version", body));
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
