package io.k2.floe.endtoend;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * How long and how hard {@link ChaosIT} shakes the platform, from system properties (deploy/local/chaos sets them):
 *
 * <ul>
 *   <li>{@code floe.chaos.full} (default false): the full run, at least 30 minutes and 50 faults of every kind;
 *       otherwise the short run CI does, 2 minutes and 10 faults (every kind at least once);</li>
 *   <li>{@code floe.chaos.minutes}: minutes of faults (the feed runs that long), overriding the run's;</li>
 *   <li>{@code floe.chaos.faults}: faults in all, at least this many (spread over the kinds evenly);</li>
 *   <li>{@code floe.chaos.seed}: the random seed (default: random, printed), to replay a run's choices.</li>
 * </ul>
 *
 * A bad value is refused naming the property and what it must be; nothing runs then.
 */
record ChaosSettings(boolean full, Duration duration, int faults, long seed) {

    static final int SHORT_MINUTES = 2;
    static final int SHORT_FAULTS = 10;
    static final int FULL_MINUTES = 30;
    static final int FULL_FAULTS_PER_KIND = 50;

    static ChaosSettings from(Map<String, String> properties, long randomSeed) {
        boolean full = switch (properties.getOrDefault("floe.chaos.full", "false").trim()) {
            case "true", "" -> properties.containsKey("floe.chaos.full");
            case "false" -> false;
            default -> throw new IllegalArgumentException("floe.chaos.full must be true or false, got '"
                    + properties.get("floe.chaos.full") + "'");
        };
        int minutes = number(properties, "floe.chaos.minutes", full ? FULL_MINUTES : SHORT_MINUTES, 1, 24 * 60,
                Integer::parseInt).intValue();
        int faults = number(properties, "floe.chaos.faults",
                full ? FULL_FAULTS_PER_KIND * FaultKind.values().length : SHORT_FAULTS, 1, 100_000,
                Integer::parseInt).intValue();
        long seed = number(properties, "floe.chaos.seed", randomSeed, Long.MIN_VALUE, Long.MAX_VALUE, Long::parseLong)
                .longValue();
        return new ChaosSettings(full, Duration.ofMinutes(minutes), faults, seed);
    }

    /** Time between two faults, so that they spread over the run. */
    Duration pace() {
        return duration.dividedBy(faults);
    }

    private static Number number(Map<String, String> properties, String name, long fallback, long min, long max,
                                 Function<String, Number> parse) {
        String text = properties.get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        long value;
        try {
            value = parse.apply(text.trim()).longValue();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + text + "'");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }
}
