package io.k2.floe.tiering.health;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a probe saw. {@code up == false} is for dependencies that answered but are not usable
 * (a missing bucket, a read-only directory); unreachable dependencies throw from {@link DependencyProbe#probe()}.
 *
 * @param up     whether the dependency is usable
 * @param detail short human-readable description (never credentials)
 * @param data   extra facts shown in the health response (target, version, ...)
 */
public record ProbeResult(boolean up, String detail, Map<String, String> data) {

    public ProbeResult {
        data = Map.copyOf(data);
    }

    public static ProbeResult up(String detail, Map<String, String> data) {
        return new ProbeResult(true, detail, data);
    }

    public static ProbeResult down(String detail, Map<String, String> data) {
        return new ProbeResult(false, detail, data);
    }

    /** Ordered map builder for small data maps (Map.of does not keep order). */
    public static Map<String, String> data(String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("data needs key/value pairs, got " + keyValues.length + " strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                map.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return map;
    }
}
