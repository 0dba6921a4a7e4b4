package io.k2.floe.tiering.catalog;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the short duration spellings used in the catalog ({@code 30s}, {@code 2m}, {@code 1h},
 * {@code 1d}) and ISO-8601 durations ({@code PT2M}). A leading minus is accepted so that a negative
 * value can be reported as negative rather than as unreadable. Public so that maintenance options read durations the
 * way the catalog's policies are written.
 */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("\\s*(-?)(\\d{1,9})\\s*([smhd])\\s*");

    private Durations() {
    }

    /** The duration {@code text} spells, or empty when it spells none. */
    public static Optional<Duration> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Matcher m = SHORT.matcher(text.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long amount = Long.parseLong(m.group(2));
            Duration d = switch (m.group(3)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return Optional.of(m.group(1).isEmpty() ? d : d.negated());
        }
        try {
            return Optional.of(Duration.parse(text.trim()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The shortest of {@code 1d}, {@code 1h}, {@code 15m}, {@code 30s} that is exact, else ISO-8601. */
    public static String format(Duration d) {
        long s = d.getSeconds();
        if (d.getNano() != 0 || s <= 0) {
            return d.toString();
        }
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
