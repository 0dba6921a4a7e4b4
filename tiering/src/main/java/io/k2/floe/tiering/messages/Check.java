package io.k2.floe.tiering.messages;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Invariants of message fields. Records check themselves on construction, so an invalid message can
 * neither be built nor decoded; the messages name the field as it is spelt in JSON.
 */
final class Check {

    /** Table ids are catalog identifiers; they also end up in SQL. */
    static final Pattern TABLE = Pattern.compile("[A-Za-z0-9_]{1,128}");
    /** Partition labels such as {@code 2024-05-01}, {@code 2024-05}, {@code 2024-05-01-13}. */
    static final Pattern PARTITION = Pattern.compile("[A-Za-z0-9_:=.-]{1,64}");
    static final Pattern ERROR_TYPE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    static final Pattern ALERT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}");
    static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    static final int MAX_ID_LENGTH = 200;

    private Check() {
    }

    static <T> T present(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    /** An identifier such as a command or run id: printable, not blank, at most 200 characters. */
    static String id(String field, String value) {
        present(field, value);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(field + " is longer than " + MAX_ID_LENGTH + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(field + " contains control characters");
        }
        return value;
    }

    static String text(String field, String value) {
        present(field, value);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    static String table(String field, String value) {
        present(field, value);
        if (!TABLE.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " '" + value
                    + "' is not a table id (letters, digits and underscores, at most 128)");
        }
        return value;
    }

    static String matching(String field, String value, Pattern pattern, String what) {
        present(field, value);
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " '" + value + "' is not " + what);
        }
        return value;
    }

    static int attempt(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, got " + attempt);
        }
        return attempt;
    }

    static long notNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, got " + value);
        }
        return value;
    }

    static <T> Optional<T> optional(Optional<T> value) {
        return value == null ? Optional.empty() : value;
    }

    static List<String> partitions(String field, List<String> values) {
        if (values == null) {
            return List.of();
        }
        List<String> copy = new ArrayList<>(values.size());
        for (String p : values) {
            copy.add(matching(field + " entry", p, PARTITION, "a partition label (e.g. 2024-05-01)"));
        }
        if (copy.stream().distinct().count() != copy.size()) {
            throw new IllegalArgumentException(field + " lists a partition twice");
        }
        return Collections.unmodifiableList(copy);
    }

    static List<String> texts(String field, List<String> values) {
        if (values == null) {
            return List.of();
        }
        List<String> copy = new ArrayList<>(values.size());
        for (String v : values) {
            copy.add(text(field + " entry", v));
        }
        return Collections.unmodifiableList(copy);
    }

    static <V> Map<String, V> keyed(String field, Map<String, V> values) {
        if (values == null) {
            return Map.of();
        }
        Map<String, V> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            matching(field + " key", k, KEY, "a key (letters, digits, '_', '.', '-')");
            copy.put(k, present(field + "." + k, v));
        });
        return Collections.unmodifiableMap(copy);
    }
}
