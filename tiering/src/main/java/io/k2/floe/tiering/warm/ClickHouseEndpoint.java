package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.cold.Locations;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where ClickHouse's HTTP interface is and how to log in, from the configured URL and credentials. A URL may carry the
 * login itself ({@code https://floe:secret@clickhouse:8443}, as connection strings often do): it is taken as the
 * credentials and removed from the URL requests go to, and {@link #shown()} — what messages, logs and health output
 * name — never carries user info or query parameters. An {@code https} URL is verified against the JVM's trust store
 * ({@code -Djavax.net.ssl.trustStore}, docs/security.md).
 *
 * @param base     the URL requests go to, without user info, ending with {@code /}
 * @param shown    the URL as it may be shown
 * @param user     the ClickHouse user
 * @param password the password (empty for none)
 */
public record ClickHouseEndpoint(URI base, String shown, String user, String password) {

    /** @throws IllegalArgumentException when {@code url} is not an http(s) URL (the message does not repeat it) */
    public static ClickHouseEndpoint of(String url, String user, String password) {
        URI uri;
        try {
            uri = new URI(url.endsWith("/") ? url : url + "/");
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the ClickHouse URL (floe.clickhouse.url) is not a valid URL");
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
            throw new IllegalArgumentException("the ClickHouse URL (floe.clickhouse.url) must be http://host:port or"
                    + " https://host:port, was " + Locations.redact(url));
        }
        String login = user;
        String secret = password == null ? "" : password;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            login = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            if (parts.length > 1) {
                secret = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
            }
            try {
                uri = new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("the ClickHouse URL (floe.clickhouse.url) is not a valid URL");
            }
        }
        return new ClickHouseEndpoint(uri, Locations.redact(uri.toString()), login, secret);
    }

    public static ClickHouseEndpoint of(ClickHouseConfig config) {
        return of(config.url(), config.user(), config.password().orElse(""));
    }

    /** The HTTP Basic authorization header value. */
    public String authorization() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Never prints the password (a record's generated toString would). */
    @Override
    public String toString() {
        return "ClickHouseEndpoint[" + shown + ", user " + user + "]";
    }
}
