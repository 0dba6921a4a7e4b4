package io.k2.floe.generator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Minimal client for ClickHouse's HTTP interface: SQL in, TabSeparated rows out. */
final class ClickHouseHttp {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;
    private final String authorization;

    ClickHouseHttp(String url, String user, String password) {
        this.uri = URI.create(url.endsWith("/") ? url : url + "/");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Runs {@code sql} (without a FORMAT clause) and returns its rows as TabSeparated fields. */
    List<String[]> rows(String sql) {
        String body = execute(sql + "\nFORMAT TabSeparated");
        List<String[]> rows = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty()) {
                rows.add(line.split("\t", -1));
            }
        }
        return rows;
    }

    long number(String sql) {
        return Long.parseLong(rows(sql).get(0)[0]);
    }

    String execute(String sql) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("ClickHouse answered " + response.statusCode() + " to\n" + sql + "\n"
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach ClickHouse at " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
