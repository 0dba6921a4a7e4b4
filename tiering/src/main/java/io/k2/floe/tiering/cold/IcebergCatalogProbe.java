package io.k2.floe.tiering.cold;

import io.k2.floe.tiering.health.DependencyProbe;
import io.k2.floe.tiering.health.ProbeResult;
import io.k2.floe.tiering.health.ProbeRunner;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * Readiness probe for the Iceberg catalog: for the JDBC catalog, logs in to its database and runs
 * {@code SELECT 1}; for the REST catalog, asks {@code GET /v1/config}.
 */
@Singleton
public class IcebergCatalogProbe implements DependencyProbe {

    private final IcebergCatalogConfig config;
    private final Duration timeout;
    private volatile HttpClient http;

    public IcebergCatalogProbe(IcebergCatalogConfig config, ProbeRunner runner) {
        this.config = config;
        this.timeout = runner.timeout();
    }

    @Override
    public String dependency() {
        return "iceberg-catalog";
    }

    @Override
    public ProbeResult probe() throws Exception {
        return switch (config.catalogType()) {
            case JDBC -> probeJdbc();
            case REST -> probeRest();
        };
    }

    private ProbeResult probeJdbc() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", config.catalogUser());
        config.catalogPassword().ifPresent(password -> properties.setProperty("password", password));
        // PostgreSQL driver timeouts are whole seconds; the probe runner's deadline bounds the rest.
        String seconds = Long.toString(Math.max(1, (timeout.toMillis() + 999) / 1000));
        properties.setProperty("connectTimeout", seconds);
        properties.setProperty("socketTimeout", seconds);
        properties.setProperty("loginTimeout", seconds);
        properties.setProperty("ApplicationName", "floe-readiness");
        try (Connection connection = connect(properties);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT 1")) {
            result.next();
            return ProbeResult.up("JDBC catalog database answered",
                    ProbeResult.data("type", "jdbc", "uri", Locations.redact(config.catalogUri()),
                            "database", connection.getMetaData().getDatabaseProductName()
                                    + " " + connection.getMetaData().getDatabaseProductVersion()));
        }
    }

    private Connection connect(Properties properties) throws SQLException {
        // PostgreSQL, the default, is opened directly: no DriverManager service lookup, which a native
        // image would need registered. Other databases go through DriverManager.
        if (config.catalogUri().startsWith("jdbc:postgresql:")) {
            return new org.postgresql.Driver().connect(config.catalogUri(), properties);
        }
        return DriverManager.getConnection(config.catalogUri(), properties);
    }

    private ProbeResult probeRest() throws Exception {
        String base = config.catalogUri().endsWith("/") ? config.catalogUri().substring(0, config.catalogUri().length() - 1) : config.catalogUri();
        URI uri = URI.create(base + "/v1/config?warehouse="
                + URLEncoder.encode(config.warehouse(), StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        config.catalogToken().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        HttpResponse<String> response;
        try {
            response = http().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw (ConnectException) new ConnectException("cannot connect to the REST catalog at "
                    + Locations.redact(config.catalogUri())).initCause(e);
        }
        var data = ProbeResult.data("type", "rest", "uri", Locations.redact(config.catalogUri()));
        if (response.statusCode() != 200) {
            return ProbeResult.down("GET /v1/config answered HTTP " + response.statusCode(), data);
        }
        return ProbeResult.up("GET /v1/config answered", data);
    }

    private HttpClient http() {
        HttpClient current = http;
        if (current == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder().connectTimeout(timeout).build();
                }
                current = http;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        HttpClient current = http;
        if (current != null) {
            current.close();
        }
    }
}
