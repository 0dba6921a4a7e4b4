package io.k2.floe.tiering.messages;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Strict reading of one JSON object: each getter names the field by its path ({@code data.window.lower})
 * when it is missing or of the wrong type. Unknown fields are ignored.
 */
final class JsonFields {

    /** A problem with the message; the codec turns it into a {@link MalformedMessageException}. */
    static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message, null, false, false);
        }
    }

    private final JsonNode node;
    private final String path;

    JsonFields(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    String path() {
        return path;
    }

    String pathOf(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** The field's node; empty when absent or JSON null (both mean "not given"). */
    private Optional<JsonNode> field(String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }

    private JsonNode required(String name) {
        return field(name).orElseThrow(() -> new Problem(pathOf(name) + " is missing"));
    }

    private Problem wrongType(String name, String expected, JsonNode actual) {
        return new Problem(pathOf(name) + " must be " + expected + ", got " + describe(actual));
    }

    static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        String kind = switch (v.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            default -> v.getNodeType().name().toLowerCase();
        };
        if (v.isValueNode()) {
            String text = v.toString();
            return kind + " (" + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + ")";
        }
        return kind;
    }

    String text(String name) {
        return asText(name, required(name));
    }

    Optional<String> optionalText(String name) {
        return field(name).map(v -> asText(name, v));
    }

    private String asText(String name, JsonNode v) {
        if (!v.isTextual()) {
            throw wrongType(name, "a string", v);
        }
        if (v.textValue().isBlank()) {
            throw new Problem(pathOf(name) + " must not be blank");
        }
        return v.textValue();
    }

    int integer(String name) {
        long v = longValue(name);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new Problem(pathOf(name) + " is out of range: " + v);
        }
        return (int) v;
    }

    long longValue(String name) {
        return asLong(name, required(name));
    }

    Optional<Long> optionalLong(String name) {
        return field(name).map(v -> asLong(name, v));
    }

    private long asLong(String name, JsonNode v) {
        if (!v.isIntegralNumber()) {
            throw wrongType(name, "a whole number", v);
        }
        if (!v.canConvertToLong()) {
            throw new Problem(pathOf(name) + " is out of range: " + v);
        }
        return v.longValue();
    }

    boolean bool(String name) {
        JsonNode v = required(name);
        if (!v.isBoolean()) {
            throw wrongType(name, "true or false", v);
        }
        return v.booleanValue();
    }

    /** A boolean that may be absent. */
    Optional<Boolean> optionalBool(String name) {
        return field(name).map(v -> {
            if (!v.isBoolean()) {
                throw wrongType(name, "true or false", v);
            }
            return v.booleanValue();
        });
    }

    Instant instant(String name) {
        return asInstant(name, required(name));
    }

    Optional<Instant> optionalInstant(String name) {
        return field(name).map(v -> asInstant(name, v));
    }

    private Instant asInstant(String name, JsonNode v) {
        String text = asText(name, v);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new Problem(pathOf(name) + " '" + text + "' is not an ISO-8601 instant such as 2024-05-01T12:00:00Z");
        }
    }

    /** One of {@code allowed} by exact name (the enum's values passed in: no reflection, native-friendly). */
    <E extends Enum<E>> E enumValue(String name, E[] allowed) {
        String text = text(name);
        for (E e : allowed) {
            if (e.name().equals(text)) {
                return e;
            }
        }
        throw new Problem(pathOf(name) + " has unknown value '" + text + "'; allowed: "
                + Arrays.stream(allowed).map(Enum::name).collect(Collectors.joining(", ")));
    }

    JsonFields object(String name) {
        return asObject(name, required(name));
    }

    Optional<JsonFields> optionalObject(String name) {
        return field(name).map(v -> asObject(name, v));
    }

    private JsonFields asObject(String name, JsonNode v) {
        if (!v.isObject()) {
            throw wrongType(name, "an object", v);
        }
        return new JsonFields(v, pathOf(name));
    }

    /** An array field; absent means empty. */
    private List<JsonNode> array(String name) {
        Optional<JsonNode> v = field(name);
        if (v.isEmpty()) {
            return List.of();
        }
        if (!v.get().isArray()) {
            throw wrongType(name, "an array", v.get());
        }
        List<JsonNode> items = new ArrayList<>();
        v.get().forEach(items::add);
        return items;
    }

    /** An array of non-blank strings; absent means empty. */
    List<String> texts(String name) {
        List<JsonNode> items = array(name);
        List<String> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String itemPath = name + "[" + i + "]";
            if (!item.isTextual()) {
                throw wrongType(itemPath, "a string", item);
            }
            if (item.textValue().isBlank()) {
                throw new Problem(pathOf(itemPath) + " must not be blank");
            }
            out.add(item.textValue());
        }
        return Collections.unmodifiableList(out);
    }

    /** An array of objects, each read by {@code reader}; required when {@code required}. */
    <T> List<T> objects(String name, boolean required, Function<JsonFields, T> reader) {
        if (required) {
            required(name);
        }
        List<JsonNode> items = array(name);
        List<T> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String itemPath = name + "[" + i + "]";
            out.add(reader.apply(asObject(itemPath, items.get(i))));
        }
        return out;
    }

    /** An object of scalars (strings, numbers, booleans) read as text; absent means empty. */
    Map<String, String> textMap(String name) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : entries(name)) {
            JsonNode v = e.getValue();
            if (!v.isValueNode() || v.isNull()) {
                throw wrongType(name + "." + e.getKey(), "a string, number or boolean", v);
            }
            out.put(e.getKey(), v.asText());
        }
        return out;
    }

    /** An object of strings; absent means empty. */
    Map<String, String> stringMap(String name) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : entries(name)) {
            if (!e.getValue().isTextual()) {
                throw wrongType(name + "." + e.getKey(), "a string", e.getValue());
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    /** An object of whole numbers; absent means empty. */
    Map<String, Long> longMap(String name) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : entries(name)) {
            out.put(e.getKey(), asLong(name + "." + e.getKey(), e.getValue()));
        }
        return out;
    }

    private List<Map.Entry<String, JsonNode>> entries(String name) {
        Optional<JsonNode> v = field(name);
        if (v.isEmpty()) {
            return List.of();
        }
        if (!v.get().isObject()) {
            throw wrongType(name, "an object", v.get());
        }
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.get().properties().iterator(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    /**
     * Builds a record from values already read, turning its invariant violations into problems that
     * name this object's path.
     */
    <T> T build(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw new Problem(path + ": " + e.getMessage());
        }
    }
}
