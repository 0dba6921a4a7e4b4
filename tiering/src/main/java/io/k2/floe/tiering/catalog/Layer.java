package io.k2.floe.tiering.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The medallion layer of a table. The layer fixes what a table may depend on: bronze is fed by the
 * exchanges and depends on nothing, silver only on bronze, gold only on silver.
 */
public enum Layer {
    BRONZE(null),
    SILVER(BRONZE),
    GOLD(SILVER);

    private final Layer upstream;

    Layer(Layer upstream) {
        this.upstream = upstream;
    }

    /** The only layer this layer's tables may depend on; empty for bronze. */
    public Optional<Layer> allowedUpstream() {
        return Optional.ofNullable(upstream);
    }

    /** The spelling used in configuration: {@code bronze}, {@code silver}, {@code gold}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the configuration spelling (case-insensitive); empty when the text names no layer. */
    public static Optional<Layer> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = text.trim();
        return Arrays.stream(values()).filter(l -> l.name().equalsIgnoreCase(wanted)).findFirst();
    }

    /** {@code bronze, silver, gold}: for error messages. */
    public static String allowedNames() {
        return Arrays.stream(values()).map(Layer::configName).collect(Collectors.joining(", "));
    }
}
