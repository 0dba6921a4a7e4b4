package io.k2.floe.tiering.cold;

import java.net.URI;
import java.net.URISyntaxException;

/** Shows connection strings in logs and health data without the secrets they may carry. */
public final class Locations {

    private Locations() {
    }

    /**
     * The URI without user info and without query string (where JDBC URLs and presigned URLs keep passwords
     * and tokens). {@code jdbc:postgresql://u:p@h:5432/db?password=x} becomes {@code jdbc:postgresql://h:5432/db}.
     */
    public static String redact(String uri) {
        if (uri == null) {
            return null;
        }
        String prefix = "";
        String rest = uri;
        if (rest.startsWith("jdbc:")) {
            prefix = "jdbc:";
            rest = rest.substring(5);
        }
        try {
            URI parsed = new URI(rest);
            if (parsed.isOpaque() || parsed.getScheme() == null) {
                return prefix + stripQuery(rest);
            }
            URI clean = new URI(parsed.getScheme(), null, parsed.getHost(), parsed.getPort(), parsed.getPath(), null, null);
            return prefix + clean;
        } catch (URISyntaxException e) {
            return prefix + stripQuery(rest.replaceAll("//[^/@]*@", "//"));
        }
    }

    private static String stripQuery(String text) {
        int query = text.indexOf('?');
        return query < 0 ? text : text.substring(0, query);
    }
}
