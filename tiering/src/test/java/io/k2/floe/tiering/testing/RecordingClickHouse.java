package io.k2.floe.tiering.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loopback HTTP relay in front of a real ClickHouse that keeps every statement sent through it with its answer: a
 * {@link io.k2.floe.tiering.warm.ClickHouseHttp} pointed at {@link #url()} lets Floe's own classes build and send their
 * SQL, and the test learns exactly what they sent (no hand-copied SQL) and what the server answered. Each statement
 * carries the {@link Label} set before it was sent, which says what it is and how its answer is to be read.
 */
public final class RecordingClickHouse implements AutoCloseable {

    /**
     * What the statements sent next are and how their answers are compared: {@code mode} names the comparison,
     * {@code types} the ClickHouse types of a RowBinary answer's columns, {@code key} the positions of the columns its
     * rows are ordered by (empty: no order), {@code expectedCurrent} an answer known for a current release when it
     * legitimately differs from this server's (null: the same answer).
     */
    public record Label(String name, String mode, List<String> types, List<Integer> key, String expectedCurrent) {
        public static Label of(String name, String mode) {
            return new Label(name, mode, List.of(), List.of(), null);
        }
    }

    /** One statement as sent, its query-level settings (URL parameters other than the database and time limit). */
    public record Statement(Label label, String sql, Map<String, String> settings, int status, byte[] answer) {
    }

    private final URI target;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final List<Statement> statements = new ArrayList<>();
    private volatile Label label = Label.of("unlabelled", "bytes");

    /** @param targetUrl the real server's HTTP interface, e.g. {@code http://127.0.0.1:8123} (no user info) */
    public RecordingClickHouse(String targetUrl) throws IOException {
        this.target = URI.create(targetUrl.endsWith("/") ? targetUrl : targetUrl + "/");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::relay);
        server.start();
    }

    public String url() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    /** Labels the statements sent from now on. */
    public void label(Label next) {
        this.label = next;
    }

    public synchronized List<Statement> statements() {
        return List.copyOf(statements);
    }

    private void relay(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String query = exchange.getRequestURI().getRawQuery();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + (query == null ? "" : "?" + query)))
                    .timeout(Duration.ofMinutes(2))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted relaying to " + target, e);
            }
            synchronized (this) {
                statements.add(new Statement(label, new String(body, StandardCharsets.UTF_8), settings(query),
                        response.statusCode(), response.body()));
            }
            response.headers().firstValue("X-ClickHouse-Exception-Code")
                    .ifPresent(code -> exchange.getResponseHeaders().add("X-ClickHouse-Exception-Code", code));
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        }
    }

    private static Map<String, String> settings(String query) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (query == null) {
            return settings;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            // the database is the session's on the other engine; the time limit is the client's, not the statement's
            if (!name.equals("database") && !name.equals("max_execution_time")) {
                settings.put(name, value);
            }
        }
        return settings;
    }

    @Override
    public void close() {
        server.stop(0);
        client.close();
    }
}
