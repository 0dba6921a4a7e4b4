package io.k2.floe.tiering.testing.rest;

import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.cold.IcebergCatalogConfig;
import io.k2.floe.tiering.cold.IcebergCatalogType;
import io.k2.floe.tiering.testing.LocalColdTier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An Iceberg REST catalog server ({@link IcebergRestServer}) as its own operating-system process on a free loopback
 * port, backed by the JDBC catalog {@code backingName} on the local stack's PostgreSQL with its tables under
 * {@code warehouse} on the stack's S3 server (settings from the stack's env file). A fresh bearer token guards it:
 * {@link #token()}. Closing it kills the process.
 *
 * <pre>{@code
 * try (RestCatalogProcess rest = RestCatalogProcess.start("floe_it_x", "s3://floe-warehouse/it-x", dir.resolve("rest.log"))) {
 *     // FLOE_CATALOG_TYPE=rest FLOE_CATALOG_URI=rest.uri() FLOE_CATALOG_TOKEN=rest.token()
 * }
 * }</pre>
 */
public final class RestCatalogProcess implements AutoCloseable {

    private final Process process;
    private final String uri;
    private final String token;
    private final Path log;

    private RestCatalogProcess(Process process, String uri, String token, Path log) {
        this.process = process;
        this.uri = uri;
        this.token = token;
        this.log = log;
    }

    /** Starts the server and waits (up to a minute) until it answers {@code GET /v1/config}. */
    public static RestCatalogProcess start(String backingName, String warehouse, Path log) {
        int port = freePort();
        String token = UUID.randomUUID().toString();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(IcebergRestServer.PORT, Integer.toString(port));
        environment.put(IcebergRestServer.TOKEN, token);
        environment.put(IcebergRestServer.BACKING_NAME, backingName);
        backingCatalog(warehouse).forEach((name, value) -> environment.put(environmentName(name), value));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), IcebergRestServer.class.getName()));
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            RestCatalogProcess server = new RestCatalogProcess(builder.start(), "http://127.0.0.1:" + port, token, log);
            server.awaitListening(Duration.ofMinutes(1));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the REST catalog server", e);
        }
    }

    /** The backing JDBC catalog's properties: the same PostgreSQL and S3 settings Floe's JDBC catalog uses. */
    static Map<String, String> backingCatalog(String warehouse) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog");
        p.put("uri", LocalColdTier.env("FLOE_JDBC_URL"));
        p.put("jdbc.user", LocalColdTier.env("FLOE_PG_USER"));
        String password = System.getenv("FLOE_PG_PASSWORD");
        if (password != null) {
            p.put("jdbc.password", password);
        }
        p.put("jdbc.schema-version", "V1");
        p.put("warehouse", warehouse);
        p.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
        p.put("s3.endpoint", LocalColdTier.env("FLOE_S3_ENDPOINT"));
        p.put("s3.path-style-access", "true");
        p.put("client.region", LocalColdTier.env("FLOE_S3_REGION"));
        String accessKey = System.getenv("FLOE_S3_ACCESS_KEY");
        String secretKey = System.getenv("FLOE_S3_SECRET_KEY");
        if (accessKey != null && secretKey != null) {
            p.put("s3.access-key-id", accessKey);
            p.put("s3.secret-access-key", secretKey);
        }
        p.put("http-client.type", "urlconnection");
        return p;
    }

    /** {@code jdbc.user} → {@code CATALOG_JDBC_USER}, {@code io-impl} → {@code CATALOG_IO__IMPL}. */
    static String environmentName(String property) {
        return IcebergRestServer.PROPERTY_PREFIX + property.replace("-", "__").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** The base URL a client is configured with ({@code FLOE_CATALOG_URI}), e.g. {@code http://127.0.0.1:41234}. */
    public String uri() {
        return uri;
    }

    /** The bearer token the server requires ({@code FLOE_CATALOG_TOKEN}); a secret for the tests to look for in logs. */
    public String token() {
        return token;
    }

    /**
     * Opens this catalog as the services do (Floe's {@link ColdCatalogs} with {@code catalog-type rest}, this URI and
     * token, the stack's S3 settings for the files); the caller closes it.
     */
    public ColdCatalogs open(String catalogName, String warehouse) {
        IcebergCatalogConfig config = new IcebergCatalogConfig() {
            public IcebergCatalogType catalogType() { return IcebergCatalogType.REST; }
            public String catalogUri() { return uri; }
            public String catalogUser() { return "unused"; }
            public Optional<String> catalogPassword() { return Optional.empty(); }
            public Optional<String> catalogToken() { return Optional.of(token); }
            public String catalogName() { return catalogName; }
            public String warehouse() { return warehouse; }
        };
        return ColdCatalogs.open(config, LocalColdTier.objectStore());
    }

    /** The server's access log: method, path and status of every request. */
    public String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path log() {
        return log;
    }

    private void awaitListening(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri + "/v1/config")).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the REST catalog server exited with " + process.exitValue() + ":\n"
                        + logText());
            }
            try {
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return;
                }
                last = answer.statusCode() + " " + answer.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the REST catalog server", e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the REST catalog server", e);
            }
        }
        close();
        throw new IllegalStateException("the REST catalog server did not answer GET /v1/config within " + timeout
                + " (last: " + last + "):\n" + logText());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
