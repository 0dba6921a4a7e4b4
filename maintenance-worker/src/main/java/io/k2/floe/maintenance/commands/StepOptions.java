package io.k2.floe.maintenance.commands;

import io.k2.floe.tiering.catalog.Durations;
import io.k2.floe.tiering.messages.MaintenanceCommand;
import io.k2.floe.tiering.messages.MaintenanceOptions;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A command's options as a step reads them, each checked before anything changes: an unknown key (a misspelt
 * {@code dry-run} must never turn into a real run) or an unreadable value throws {@link InvalidOptionException}
 * naming the option.
 */
public final class StepOptions {

    private final Map<String, String> options;

    private StepOptions(Map<String, String> options) {
        this.options = options;
    }

    /**
     * The options of {@code command}, refusing keys other than {@code known} and {@link MaintenanceOptions#DRY_RUN}.
     *
     * @throws InvalidOptionException naming the first unknown key and listing the known ones
     */
    public static StepOptions of(MaintenanceCommand command, Set<String> known) {
        Set<String> allowed = new TreeSet<>(known);
        allowed.add(MaintenanceOptions.DRY_RUN);
        for (String key : new TreeSet<>(command.options().keySet())) {
            if (!allowed.contains(key)) {
                throw new InvalidOptionException(key, "unknown option for " + command.action() + "; known options: "
                        + String.join(", ", allowed));
            }
        }
        return new StepOptions(command.options());
    }

    /** {@link MaintenanceOptions#DRY_RUN}: {@code true} or {@code false}, default false. */
    public boolean dryRun() {
        String value = options.getOrDefault(MaintenanceOptions.DRY_RUN, "false").trim();
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new InvalidOptionException(MaintenanceOptions.DRY_RUN, "must be true or false, got '" + value + "'");
    }

    /**
     * A duration option ({@code 7d}, {@code 12h}, {@code PT30M}, as in the catalog) of at least {@code floor}.
     *
     * @return empty when not given (the policy applies)
     */
    public Optional<Duration> duration(String key, Duration floor) {
        String value = options.get(key);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Duration d = Durations.parse(value).orElseThrow(() -> new InvalidOptionException(key,
                "cannot parse '" + value.trim() + "'; write e.g. 30m, 12h, 7d or PT12H"));
        if (d.compareTo(floor) < 0 || d.isZero()) {
            throw new InvalidOptionException(key, "'" + value.trim() + "' is shorter than "
                    + (floor.isZero() ? "a moment" : Durations.format(floor)) + ", the least it may be");
        }
        return Optional.of(d);
    }

    /**
     * A whole-number option of at least 1.
     *
     * @return empty when not given (the policy applies)
     */
    public Optional<Integer> count(String key) {
        String value = options.get(key);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return Optional.of(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidOptionException(key, "'" + value.trim() + "' is not a whole number of at least 1");
    }
}
