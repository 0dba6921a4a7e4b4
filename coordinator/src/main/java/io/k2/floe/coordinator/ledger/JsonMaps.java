package io.k2.floe.coordinator.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ledger's JSON columns of a maintenance step ({@code tasks.results}, {@code tasks.refused}): small flat objects,
 * written with sorted keys so that the same map is always the same text.
 */
public final class JsonMaps {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> TEXTS = new TypeReference<>() {
    };
    private static final TypeReference<LinkedHashMap<String, Long>> COUNTS = new TypeReference<>() {
    };

    private JsonMaps() {
    }

    /** The map as JSON, or null for an empty one (the column stays empty). */
    public static String write(Map<String, ?> map) {
        if (map == null || map.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(new TreeMap<>(map));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + map + " as JSON", e);
        }
    }

    public static Map<String, String> texts(String json) {
        return read(json, TEXTS);
    }

    public static Map<String, Long> counts(String json) {
        return read(json, COUNTS);
    }

    private static <V> Map<String, V> read(String json, TypeReference<LinkedHashMap<String, V>> type) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ledger column holds unreadable JSON: " + json, e);
        }
    }
}
