package io.k2.floe.tiering.testing.rest;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.RESTCatalogProperties;
import org.apache.iceberg.rest.RESTSerializers;
import org.apache.iceberg.rest.RESTUtil;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.ErrorResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * A small Iceberg REST catalog server for the integration tests, run as a process of its own on loopback (see
 * {@link RestCatalogProcess}): the REST catalog protocol's namespace and table endpoints over the JDK's HTTP server,
 * each answered by Iceberg's own {@link CatalogHandlers} on a backing catalog (the JDBC catalog on the local stack's
 * PostgreSQL, files on its S3 server). Floe's services then talk to it exactly as to any REST catalog: through
 * Iceberg's {@code RESTCatalog} client, with a bearer token.
 *
 * <p>Iceberg's published test fixture server ({@code iceberg-open-api} test-fixtures) is not served by the Maven
 * repository this project builds from, hence this server; it implements only what a catalog client needs for tables
 * (no views, no server-side scan planning, no multi-table transactions).
 *
 * <p>Configuration, all from the environment: {@code REST_CATALOG_PORT} (loopback port), {@code REST_CATALOG_TOKEN}
 * (the bearer token every request must carry; required), and the backing catalog's properties as
 * {@code CATALOG_<NAME>} with {@code _} for {@code .} and {@code __} for {@code -} (e.g. {@code CATALOG_JDBC_USER} →
 * {@code jdbc.user}, {@code CATALOG_IO__IMPL} → {@code io-impl}), plus {@code REST_CATALOG_BACKING_NAME}. The access
 * log names method, path and status only: no header, no query string, so no secret.
 */
public final class IcebergRestServer {

    static final String PORT = "REST_CATALOG_PORT";
    static final String TOKEN = "REST_CATALOG_TOKEN";
    static final String BACKING_NAME = "REST_CATALOG_BACKING_NAME";
    static final String PROPERTY_PREFIX = "CATALOG_";
    /** How the client joins namespace levels in a path segment (the protocol's default, URL-encoded 0x1F). */
    private static final String NAMESPACE_SEPARATOR = "%1F";

    private final Catalog catalog;
    private final SupportsNamespaces namespaces;
    private final byte[] expectedAuthorization;
    private final ObjectMapper mapper = restMapper();

    IcebergRestServer(Catalog catalog, String token) {
        this.catalog = catalog;
        this.namespaces = (SupportsNamespaces) catalog;
        this.expectedAuthorization = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(required(PORT));
        String token = required(TOKEN);
        Catalog catalog = CatalogUtil.buildIcebergCatalog(required(BACKING_NAME), catalogProperties(System.getenv()),
                new Configuration());
        IcebergRestServer server = new IcebergRestServer(catalog, token);
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        http.setExecutor(Executors.newFixedThreadPool(8));
        http.createContext("/", server::handle);
        http.start();
        System.out.println("iceberg rest catalog listening on " + http.getAddress() + ", backed by "
                + catalog.getClass().getSimpleName() + " '" + catalog.name() + "'");
    }

    /**
     * JSON as the REST protocol spells it: kebab-case names, Iceberg's serializers for its messages, unknown fields
     * ignored (a newer client may send more), configured as Iceberg's own client configures its mapper.
     */
    static ObjectMapper restMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        mapper.setPropertyNamingStrategy(new PropertyNamingStrategies.KebabCaseStrategy());
        RESTSerializers.registerAll(mapper);
        return mapper;
    }

    /** {@code CATALOG_JDBC_USER=x} → {@code jdbc.user=x}; {@code CATALOG_IO__IMPL} → {@code io-impl}. */
    static Map<String, String> catalogProperties(Map<String, String> environment) {
        Map<String, String> properties = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(PROPERTY_PREFIX) && name.length() > PROPERTY_PREFIX.length()) {
                String property = name.substring(PROPERTY_PREFIX.length()).toLowerCase(Locale.ROOT)
                        .replace("__", "-").replace('_', '.');
                properties.put(property, value);
            }
        });
        return properties;
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return value;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        int status;
        try (exchange) {
            try {
                if (!authorized(exchange)) {
                    status = error(exchange, 401, "NotAuthorizedException", "a valid bearer token is required");
                } else {
                    status = route(exchange, method, path);
                }
            } catch (RuntimeException e) {
                status = error(exchange, statusOf(e), e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
            }
        }
        System.out.printf("%s %s %d %d ms%n", method, path, status, (System.nanoTime() - started) / 1_000_000);
    }

    private boolean authorized(HttpExchange exchange) {
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        // constant time: the comparison must not tell a caller how much of the token it guessed
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expectedAuthorization);
    }

    /** Dispatches {@code /v1/...} to the handler of its endpoint; the status it answered with. */
    private int route(HttpExchange exchange, String method, String path) throws IOException {
        String[] p = path.replaceFirst("^/+", "").split("/");
        if (p.length < 2 || !p[0].equals("v1")) {
            return error(exchange, 404, "NoSuchEndpointException", "no endpoint " + method + " " + path);
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (p.length == 2 && p[1].equals("config") && method.equals("GET")) {
            return json(exchange, ConfigResponse.builder().build());
        }
        if (p.length == 3 && p[1].equals("tables") && p[2].equals("rename") && method.equals("POST")) {
            CatalogHandlers.renameTable(catalog, read(exchange, RenameTableRequest.class));
            return empty(exchange);
        }
        if (!p[1].equals("namespaces")) {
            return error(exchange, 404, "NoSuchEndpointException", "no endpoint " + method + " " + path);
        }
        if (p.length == 2) {
            return switch (method) {
                case "GET" -> json(exchange, CatalogHandlers.listNamespaces(namespaces,
                        Optional.ofNullable(query.get("parent")).map(RESTUtil::namespaceFromQueryParam)
                                .orElse(Namespace.empty())));
                case "POST" -> json(exchange, CatalogHandlers.createNamespace(namespaces,
                        read(exchange, CreateNamespaceRequest.class)));
                default -> notAllowed(exchange, method, path);
            };
        }
        Namespace namespace = RESTUtil.decodeNamespace(p[2], NAMESPACE_SEPARATOR);
        if (p.length == 3) {
            return switch (method) {
                case "GET" -> json(exchange, CatalogHandlers.loadNamespace(namespaces, namespace));
                case "HEAD" -> {
                    CatalogHandlers.namespaceExists(namespaces, namespace);
                    yield empty(exchange);
                }
                case "DELETE" -> {
                    CatalogHandlers.dropNamespace(namespaces, namespace);
                    yield empty(exchange);
                }
                default -> notAllowed(exchange, method, path);
            };
        }
        if (p.length == 4 && p[3].equals("properties") && method.equals("POST")) {
            return json(exchange, CatalogHandlers.updateNamespaceProperties(namespaces, namespace,
                    read(exchange, UpdateNamespacePropertiesRequest.class)));
        }
        if (!p[3].equals("tables")) {
            return error(exchange, 404, "NoSuchEndpointException", "no endpoint " + method + " " + path);
        }
        if (p.length == 4) {
            return switch (method) {
                case "GET" -> json(exchange, CatalogHandlers.listTables(catalog, namespace));
                case "POST" -> {
                    CreateTableRequest request = read(exchange, CreateTableRequest.class);
                    yield json(exchange, request.stageCreate()
                            ? CatalogHandlers.stageTableCreate(catalog, namespace, request)
                            : CatalogHandlers.createTable(catalog, namespace, request));
                }
                default -> notAllowed(exchange, method, path);
            };
        }
        TableIdentifier table = TableIdentifier.of(namespace, RESTUtil.decodeString(p[4]));
        if (p.length == 5) {
            return switch (method) {
                case "GET" -> json(exchange, CatalogHandlers.loadTable(catalog, table,
                        RESTCatalogProperties.SnapshotMode.ALL));
                case "HEAD" -> {
                    CatalogHandlers.tableExists(catalog, table);
                    yield empty(exchange);
                }
                case "POST" -> json(exchange, CatalogHandlers.updateTable(catalog, table,
                        read(exchange, UpdateTableRequest.class)));
                case "DELETE" -> {
                    if (Boolean.parseBoolean(query.get("purgeRequested"))) {
                        CatalogHandlers.purgeTable(catalog, table);
                    } else {
                        CatalogHandlers.dropTable(catalog, table);
                    }
                    yield empty(exchange);
                }
                default -> notAllowed(exchange, method, path);
            };
        }
        if (p.length == 6 && p[5].equals("metrics") && method.equals("POST")) {
            // scan and commit reports: accepted and dropped, as a catalog without a metrics store does
            exchange.getRequestBody().readAllBytes();
            return empty(exchange);
        }
        return error(exchange, 404, "NoSuchEndpointException", "no endpoint " + method + " " + path);
    }

    /** The HTTP status the REST protocol gives a failure; the client maps it back to the same exception. */
    static int statusOf(RuntimeException e) {
        if (e instanceof NoSuchNamespaceException || e instanceof NoSuchTableException || e instanceof NotFoundException) {
            return 404;
        }
        if (e instanceof AlreadyExistsException || e instanceof CommitFailedException
                || e instanceof NamespaceNotEmptyException) {
            return 409;
        }
        if (e instanceof ValidationException || e instanceof IllegalArgumentException) {
            return 400;
        }
        if (e instanceof UnsupportedOperationException) {
            return 406;
        }
        // CommitStateUnknownException among them: a commit client reads 500 as "state unknown", never as "failed"
        return 500;
    }

    private <T> T read(HttpExchange exchange, Class<T> type) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            return mapper.readValue(body, type);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("malformed " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    private int json(HttpExchange exchange, Object response) throws IOException {
        return send(exchange, 200, mapper.writeValueAsBytes(response));
    }

    private static int empty(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(204, -1);
        return 204;
    }

    private int notAllowed(HttpExchange exchange, String method, String path) throws IOException {
        return error(exchange, 405, "MethodNotAllowedException", method + " is not allowed on " + path);
    }

    private int error(HttpExchange exchange, int status, String type, String message) throws IOException {
        ErrorResponse error = ErrorResponse.builder().responseCode(status).withType(type).withMessage(message).build();
        return send(exchange, status, mapper.writeValueAsBytes(error));
    }

    private static int send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return status;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        return status;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                values.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}
