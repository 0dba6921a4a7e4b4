package io.k2.floe.tiering.security;

import java.util.regex.Pattern;

/**
 * Takes credentials out of text that is about to be shown (health output, API errors) or logged: the user info of any
 * URL ({@code scheme://user:password@host} becomes {@code scheme://host}) and the value of any key=value pair whose key
 * names a secret ({@code password=}, {@code secret=}, {@code token=}, ...; JDBC URLs and connection strings carry them
 * so). A safety net under the code's own care to name endpoints by their redacted form
 * ({@link io.k2.floe.tiering.cold.Locations#redact}), for messages that come from libraries.
 */
public final class Redaction {

    /** What stands in for a removed secret. */
    public static final String MASK = "***";

    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/@\\s\"']+@");
    private static final Pattern SECRET_PAIR = Pattern.compile(
            "(?i)\\b((?:ssl)?password|passwd|pwd|secret|secret[_-]?key|access[_-]?key|token|sasl\\.jaas\\.config)"
                    + "(\\s*[=:]\\s*)(\"[^\"]*\"|[^&;,\\s\"']+)");
    private static final Pattern JAAS_PASSWORD = Pattern.compile("(?i)(password\\s*=\\s*)\"[^\"]*\"");

    private Redaction() {
    }

    /** {@code text} without credentials; null stays null. */
    public static String text(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = USER_INFO.matcher(text).replaceAll("$1");
        out = JAAS_PASSWORD.matcher(out).replaceAll("$1\"" + MASK + "\"");
        return SECRET_PAIR.matcher(out).replaceAll(match -> match.group(3).equals("\"" + MASK + "\"")
                ? match.group()
                : java.util.regex.Matcher.quoteReplacement(match.group(1) + match.group(2) + MASK));
    }
}
