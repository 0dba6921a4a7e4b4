package io.k2.floe.coordinator.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Posts alerts to Alertmanager's v2 API ({@code POST <url>/api/v2/alerts}). Credentials (a bearer token or basic
 * authentication) go only into the request's {@code Authorization} header; nothing this class reports (exceptions,
 * {@link #target()}) contains them, nor the URL's user part.
 */
@ApplicationScoped
public class AlertmanagerClient {

    private final Optional<URI> endpoint;
    private final Optional<String> authorization;
    private final AlertmanagerConfig config;
    private final ObjectMapper json;
    private final HttpClient http;

    public AlertmanagerClient(AlertmanagerConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.endpoint = config.url().map(AlertmanagerClient::alertsEndpoint);
        this.authorization = authorization(config);
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Whether an Alertmanager is configured (forwarding is off otherwise). */
    public boolean enabled() {
        return endpoint.isPresent();
    }

    /** Where alerts go, for logs: scheme, host, port and path, without any user information. */
    public String target() {
        return endpoint.map(u -> u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "")
                + u.getPath()).orElse("(none)");
    }

    /**
     * Sends the alerts; returns once Alertmanager accepted them (HTTP 200).
     *
     * @throws Unavailable Alertmanager could not be reached, timed out or answered other than 200 or 400: worth trying
     *                     again (401/403 too: credentials are fixed by configuration, and the alert must not be lost)
     * @throws Rejected    Alertmanager answered 400: it will never take these alerts as they are
     */
    public void post(List<AlertmanagerAlert> alerts) throws Unavailable, Rejected {
        URI uri = endpoint.orElseThrow(() -> new IllegalStateException("no Alertmanager configured"));
        byte[] body;
        try {
            body = json.writeValueAsBytes(alerts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write alerts as JSON", e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        authorization.ifPresent(value -> request.header("Authorization", value));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Unavailable("cannot reach Alertmanager at " + target() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while posting to Alertmanager at " + target());
        }
        if (response.statusCode() == 200) {
            return;
        }
        String answer = "Alertmanager at " + target() + " answered " + response.statusCode() + ": " + shortened(response.body());
        if (response.statusCode() == 400) {
            throw new Rejected(answer);
        }
        throw new Unavailable(answer);
    }

    /** {@code <base>/api/v2/alerts}, without the base's user information (that becomes the Authorization header). */
    private static URI alertsEndpoint(URI base) {
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        return URI.create(base.getScheme() + "://" + base.getRawAuthority().substring(
                base.getRawUserInfo() == null ? 0 : base.getRawUserInfo().length() + 1)
                + (path.endsWith("/") ? path : path + "/") + "api/v2/alerts");
    }

    private static Optional<String> authorization(AlertmanagerConfig config) {
        if (config.bearerToken().filter(t -> !t.isBlank()).isPresent()) {
            return Optional.of("Bearer " + config.bearerToken().get().strip());
        }
        Optional<String> fromUrl = config.url().map(URI::getRawUserInfo);
        Optional<String> basic = config.username().filter(u -> !u.isBlank())
                .map(user -> user + ":" + config.password().orElse(""))
                .or(() -> fromUrl.map(info -> java.net.URLDecoder.decode(info, StandardCharsets.UTF_8)));
        return basic.map(pair -> "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    private static String shortened(String body) {
        String oneLine = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }

    /** Alertmanager did not take the alerts now; it may later. */
    public static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    /** Alertmanager refused the alerts as invalid (HTTP 400); sending them again would not help. */
    public static final class Rejected extends Exception {
        Rejected(String message) {
            super(message);
        }
    }
}
