package io.k2.floe.coordinator.api;

import io.k2.floe.coordinator.runs.RequestRefused;
import jakarta.ws.rs.core.MultivaluedMap;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Query parameters read strictly: a parameter the endpoint does not know, given twice, or with a value it cannot take
 * is refused (400) rather than ignored, so that a typo never silently changes what a request means.
 */
final class QueryParams {

    private final MultivaluedMap<String, String> given;

    private QueryParams(MultivaluedMap<String, String> given) {
        this.given = given;
    }

    /** @throws RequestRefused naming the first parameter outside {@code known} */
    static QueryParams of(MultivaluedMap<String, String> given, Set<String> known) {
        for (String name : new TreeSet<>(given.keySet())) {
            if (!known.contains(name)) {
                throw RequestRefused.badRequest("unknown query parameter '" + name + "'; this endpoint takes "
                        + (known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known))));
            }
        }
        return new QueryParams(given);
    }

    Optional<String> text(String name) {
        List<String> values = given.get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw RequestRefused.badRequest("query parameter '" + name + "' is given " + values.size()
                    + " times; give it once");
        }
        return Optional.of(values.get(0).trim());
    }

    /** An integer in {@code [min, max]}, {@code fallback} when absent. */
    int integer(String name, int fallback, int min, int max) {
        Optional<String> text = text(name);
        if (text.isEmpty()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(text.get());
        } catch (NumberFormatException e) {
            throw RequestRefused.badRequest("query parameter '" + name + "' must be a whole number from " + min
                    + " to " + max + ", was '" + text.get() + "'");
        }
        if (value < min || value > max) {
            throw RequestRefused.badRequest("query parameter '" + name + "' must be from " + min + " to " + max
                    + ", was " + value);
        }
        return value;
    }

    /** {@code true} or {@code false}, empty when absent. */
    Optional<Boolean> bool(String name) {
        return text(name).map(value -> switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw RequestRefused.badRequest("query parameter '" + name + "' must be true or false, was '"
                    + value + "'");
        });
    }
}
