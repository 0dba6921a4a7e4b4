package io.k2.floe.tiering.warm;

/**
 * Writes a name (database, table, column) into ClickHouse SQL as a quoted identifier. Column names come from
 * {@code system.columns}, i.e. from whoever wrote the warm table's DDL, so they may hold a backtick, a space, a quote,
 * a semicolon or be a keyword: unquoted or naively quoted, such a name breaks the query or changes what it does.
 *
 * <p>The name goes between backticks with {@code \} and {@code `} escaped by a backslash, the one form both
 * ClickHouse 18.16 and current releases read back as the same name. Names with characters below U+0020 (NUL, tab,
 * newline ...) or DEL are refused rather than escaped: escape sequences for them differ between releases and such a
 * name is a mistake, not a column anyone means to offload.
 */
public final class ClickHouseIdentifiers {

    private ClickHouseIdentifiers() {
    }

    /**
     * {@code name} as a backtick-quoted ClickHouse identifier.
     *
     * @throws IllegalArgumentException naming the identifier when it is null, empty or holds a control character
     */
    public static String quote(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("ClickHouse identifier " + (name == null ? "null" : "''")
                    + " cannot be used in SQL: it is empty");
        }
        StringBuilder out = new StringBuilder(name.length() + 2).append('`');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("ClickHouse identifier '" + shown(name)
                        + "' cannot be used in SQL: it holds the control character U+" + String.format("%04X", (int) c));
            }
            if (c == '\\' || c == '`') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('`').toString();
    }

    /** The name for a message, with control characters made visible (a raw NUL or newline would garble a log line). */
    private static String shown(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
