package io.k2.floe.tiering.warm;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Sends queries to ClickHouse's HTTP interface (POST, query in the body, format named in the SQL) and
 * hands back the response body as a stream. Works with 18.16 and current releases: no query
 * parameters, no format header, and never {@code compress=1} (18.16 answers it with an empty body).
 */
public final class ClickHouseHttp implements AutoCloseable {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_]+");

    /** Where requests go (no user info). */
    private final String url;
    /** What messages name: no credentials. */
    private final String shown;
    private final String database;
    private final String authorization;
    private final HttpClient client;
    private final Duration startTimeout;
    private final StalledReadGuard stalls;
    /** max_execution_time in whole seconds, sent with every query; 0: the server's own setting. */
    private final long maxExecutionSeconds;

    public ClickHouseHttp(String url, String user, String password, String database, Duration connectTimeout) {
        this(url, user, password, database, connectTimeout, Duration.ofMinutes(10), Duration.ofMinutes(5),
                Duration.ofMinutes(15));
    }

    /** @param startTimeout how long a query may take until the server starts answering */
    public ClickHouseHttp(String url, String user, String password, String database, Duration connectTimeout,
                          Duration startTimeout) {
        this(url, user, password, database, connectTimeout, startTimeout, Duration.ofMinutes(5), Duration.ofMinutes(15));
    }

    /**
     * @param startTimeout     how long a query may take until the server starts answering
     * @param readIdleTimeout  how long a read of a started result may wait for bytes (see {@link StalledReadGuard})
     * @param maxExecutionTime the server-side limit of one query ({@code max_execution_time}); zero: none sent
     */
    public ClickHouseHttp(String url, String user, String password, String database, Duration connectTimeout,
                          Duration startTimeout, Duration readIdleTimeout, Duration maxExecutionTime) {
        this.startTimeout = startTimeout;
        if (maxExecutionTime.isNegative()) {
            throw new IllegalArgumentException("max execution time must not be negative, got " + maxExecutionTime);
        }
        this.maxExecutionSeconds = maxExecutionTime.isZero() ? 0 : Math.max(1, maxExecutionTime.toSeconds());
        ClickHouseEndpoint endpoint = ClickHouseEndpoint.of(url, user, password);
        this.url = endpoint.base().toString();
        this.shown = endpoint.shown();
        this.database = identifier("database", database);
        this.authorization = endpoint.authorization();
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
        this.stalls = new StalledReadGuard(readIdleTimeout, shown);
    }

    public static ClickHouseHttp from(ClickHouseConfig config) {
        return new ClickHouseHttp(config.url(), config.user(), config.password().orElse(""), config.database(),
                Duration.ofSeconds(10), config.queryStartTimeout(), config.readIdleTimeout(), config.maxExecutionTime());
    }

    /** The warm database queries run in. */
    public String database() {
        return database;
    }

    /** Checks that {@code value} is a plain identifier (letters, digits, underscore) before it goes into SQL. */
    public static String identifier(String what, String value) {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value + "' is not a plain identifier (only A-Z, a-z, 0-9 and _)");
        }
        return value;
    }

    /**
     * Runs {@code sql} and returns the body of a 200 answer, unread; the caller closes it. Any other
     * status becomes a {@link WarmReadException} with the server's error text.
     */
    public InputStream query(String sql) throws IOException {
        return query(sql, java.util.Map.of());
    }

    /**
     * As {@link #query(String)}, with query-level settings (sent as URL parameters, which every release accepts).
     *
     * @throws IllegalArgumentException when a setting name or value is not a plain token
     */
    public InputStream query(String sql, java.util.Map<String, String> settings) throws IOException {
        StringBuilder target = new StringBuilder(url).append("?database=").append(URLEncoder.encode(database, StandardCharsets.UTF_8));
        if (maxExecutionSeconds > 0 && !settings.containsKey("max_execution_time")) {
            target.append("&max_execution_time=").append(maxExecutionSeconds);
        }
        settings.forEach((name, value) -> {
            identifier("setting", name);
            if (!value.matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("setting " + name + " has an unexpected value: " + value);
            }
            target.append('&').append(name).append('=').append(value);
        });
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.toString()))
                .header("Authorization", authorization)
                .timeout(startTimeout)
                .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
                .build();
        HttpResponse<InputStream> response;
        try {
            response = send(request, sql);
        } catch (ConnectException e) {
            throw (ConnectException) new ConnectException("cannot connect to ClickHouse at " + shown).initCause(e);
        } catch (java.net.http.HttpTimeoutException e) {
            throw new java.net.http.HttpTimeoutException("ClickHouse at " + shown + " did not start answering within " + startTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while querying ClickHouse at " + shown, e);
        }
        if (response.statusCode() != 200) {
            String text;
            try (InputStream body = response.body()) {
                text = new String(body.readNBytes(4096), StandardCharsets.UTF_8).strip();
            }
            throw new ClickHouseQueryException(response.statusCode(),
                    response.headers().firstValue("X-ClickHouse-Exception-Code").orElse(errorCode(text)), text);
        }
        return stalls.guard(response.body());
    }

    /**
     * Sends the request; a read that finds its pooled connection closed before any answer (ClickHouse closes idle
     * keep-alive connections after {@code keep_alive_timeout}, 3 s by default, and a client may pick one just then)
     * is sent once more on a new connection. Only reads: a write's fate would be unknown.
     */
    private HttpResponse<InputStream> send(HttpRequest request, String sql) throws IOException, InterruptedException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            if (!isRead(sql) || !closedBeforeAnswer(e)) {
                throw e;
            }
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        }
    }

    static boolean isRead(String sql) {
        String head = sql.stripLeading().toUpperCase(java.util.Locale.ROOT);
        return head.startsWith("SELECT") || head.startsWith("SHOW") || head.startsWith("DESCRIBE")
                || head.startsWith("EXISTS") || head.startsWith("WITH");
    }

    static boolean closedBeforeAnswer(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.EOFException
                    || (cause.getMessage() != null && cause.getMessage().contains("header parser received no bytes"))) {
                return true;
            }
        }
        return false;
    }

    private static String errorCode(String text) {
        if (text.startsWith("Code: ")) {
            int end = 6;
            while (end < text.length() && Character.isDigit(text.charAt(end))) {
                end++;
            }
            return text.substring(6, end);
        }
        return "";
    }

    @Override
    public void close() {
        stalls.close();
        client.close();
    }

    /** ClickHouse refused a query before sending a result. */
    public static final class ClickHouseQueryException extends WarmReadException {
        private final int status;
        private final String code;

        ClickHouseQueryException(int status, String code, String text) {
            super("ClickHouse answered HTTP " + status + (code.isEmpty() ? "" : " (error code " + code + ")") + ": " + text);
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        /** ClickHouse's error code, e.g. {@code 60} for an unknown table; empty if none was given. */
        public String code() {
            return code;
        }
    }
}
