package io.k2.floe.coordinator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k2.floe.coordinator.runs.RequestRefused;
import io.k2.floe.tiering.catalog.TimeBounds;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a request's JSON body strictly: it must be a JSON object with only the fields the endpoint knows, each of the
 * right type. Every refusal (400) names the field and the value that was wrong, so a typo in a field name is an error
 * rather than a field quietly left out.
 */
final class RequestBodies {

    private final JsonNode body;

    private RequestBodies(JsonNode body) {
        this.body = body;
    }

    /**
     * @param example a valid body, for the message when there is none
     * @throws RequestRefused when the body is missing, not JSON, not an object or has a field outside {@code known}
     */
    static RequestBodies parse(ObjectMapper json, String text, Set<String> known, String example) {
        if (text == null || text.isBlank()) {
            throw RequestRefused.badRequest("the request body is missing; expected a JSON object such as " + example);
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw RequestRefused.badRequest(ErrorAnswers.describe(e));
        }
        if (node == null || !node.isObject()) {
            throw RequestRefused.badRequest("the request body must be a JSON object such as " + example + ", was "
                    + (node == null ? "empty" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw RequestRefused.badRequest("unknown field '" + name + "'; the body takes "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
        return new RequestBodies(node);
    }

    Optional<String> text(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw RequestRefused.badRequest("field '" + field + "' must be a string, was " + value);
        }
        return Optional.of(value.asText().trim());
    }

    String requiredText(String field, String example) {
        return text(field).filter(v -> !v.isEmpty()).orElseThrow(() -> RequestRefused.badRequest(
                "field '" + field + "' is missing; e.g. \"" + field + "\": \"" + example + "\""));
    }

    /** An array of non-blank strings, if the field is there (null counts as absent). */
    Optional<List<String>> texts(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw RequestRefused.badRequest("field '" + field + "' must be an array of strings, was " + value);
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw RequestRefused.badRequest("field '" + field + "' must hold non-blank strings, held " + item);
            }
            texts.add(item.asText().trim());
        }
        return Optional.of(texts);
    }

    /**
     * A 64-bit id such as an Iceberg snapshot id: a whole JSON number, or a string of digits (the API writes such ids
     * as strings, since JavaScript rounds numbers beyond 2^53).
     */
    Optional<Long> id(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        String text = value.isTextual() ? value.asText().trim() : value.isIntegralNumber() && value.canConvertToLong()
                ? Long.toString(value.asLong()) : null;
        if (text == null || !text.matches("-?\\d{1,19}")) {
            throw RequestRefused.badRequest("field '" + field + "' must be a whole number (or a string of digits),"
                    + " was " + value);
        }
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw RequestRefused.badRequest("field '" + field + "' is out of range for a 64-bit id: " + value);
        }
    }

    /** {@code true} or {@code false} (a JSON boolean), if the field is there (null counts as absent). */
    Optional<Boolean> bool(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw RequestRefused.badRequest("field '" + field + "' must be true or false, was " + value);
        }
        return Optional.of(value.asBoolean());
    }

    /**
     * An ISO-8601 instant in UTC or with an offset, e.g. {@code 2026-03-01T00:00:00Z}, within {@link TimeBounds}:
     * java.time parses years far beyond what the ledger and the tiers can store, which would fail later as a 500.
     */
    Optional<Instant> instant(String field) {
        JsonNode value = body.get(field);
        if (value != null && !value.isNull() && !value.isTextual()) {
            throw RequestRefused.badRequest("field '" + field + "' must be an ISO-8601 instant string such as "
                    + "\"2026-03-01T00:00:00Z\", was " + value);
        }
        return text(field).map(text -> {
            Instant instant;
            try {
                instant = Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw RequestRefused.badRequest("field '" + field + "' is not an ISO-8601 instant such as "
                        + "2026-03-01T00:00:00Z: '" + text + "'");
            }
            if (!TimeBounds.contains(instant)) {
                throw RequestRefused.badRequest("field '" + field + "' is out of range: '" + text + "' is "
                        + (instant.isBefore(TimeBounds.EARLIEST) ? "before " : "after ") + TimeBounds.describe());
            }
            return instant;
        });
    }

    Instant requiredInstant(String field) {
        return instant(field).orElseThrow(() -> RequestRefused.badRequest("field '" + field
                + "' is missing; e.g. \"" + field + "\": \"2026-03-01T00:00:00Z\""));
    }
}
