package io.k2.floe.tiering.catalog;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a table's time column encodes time in the warm tier. ClickHouse 18.16 has no DateTime64, so
 * trade times are kept as Int64 microseconds since the epoch; the cold tier stores them as Iceberg
 * timestamps (microseconds, UTC) so that Iceberg's time transforms and engines' time functions work.
 */
public enum TimeEncoding {
    /** A native ClickHouse time type: Date, DateTime or DateTime64. */
    DATETIME("datetime"),
    /** Int64 microseconds since 1970-01-01T00:00:00Z. */
    EPOCH_MICROS("epoch-micros"),
    /** Int64 milliseconds since 1970-01-01T00:00:00Z. */
    EPOCH_MILLIS("epoch-millis");

    private final String configName;

    TimeEncoding(String configName) {
        this.configName = configName;
    }

    /** The spelling used in configuration, e.g. {@code epoch-micros}. */
    public String configName() {
        return configName;
    }

    /** Parses the configuration spelling (case-insensitive); empty when it names no encoding. */
    public static Optional<TimeEncoding> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = text.trim();
        return Arrays.stream(values()).filter(e -> e.configName.equalsIgnoreCase(wanted)).findFirst();
    }

    /** All configuration spellings, for error messages. */
    public static String allowedNames() {
        return Arrays.stream(values()).map(TimeEncoding::configName).collect(Collectors.joining(", "));
    }
}
