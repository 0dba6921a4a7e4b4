package io.k2.floe.tiering.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Iceberg time transform on a table's time column, written {@code day(trade_time_us)},
 * {@code month(bucket_start)} and so on. Partitions are named by their Iceberg human-readable value
 * (the "label"): {@code 2024-05-01} for day, {@code 2024-05} for month, {@code 2024} for year,
 * {@code 2024-05-01-13} for hour — all in UTC.
 *
 * @param unit   the time unit of the transform
 * @param column the time column it applies to
 */
public record PartitionTransform(Unit unit, String column) {

    /** Iceberg's time transforms. */
    public enum Unit {
        HOUR, DAY, MONTH, YEAR;

        /** The name Iceberg gives the transform, e.g. {@code day}. */
        public String icebergName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern SYNTAX =
            Pattern.compile("\\s*(hour|day|month|year)\\s*\\(\\s*([A-Za-z0-9_]+)\\s*\\)\\s*", Pattern.CASE_INSENSITIVE);
    private static final DateTimeFormatter HOUR_LABEL = DateTimeFormatter.ofPattern("uuuu-MM-dd-HH", Locale.ROOT);

    public PartitionTransform {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(column, "column");
    }

    /**
     * Parses {@code unit(column)}; empty when the text is not one of {@code hour|day|month|year}
     * applied to a single identifier.
     */
    public static Optional<PartitionTransform> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new PartitionTransform(Unit.valueOf(m.group(1).toUpperCase(Locale.ROOT)), m.group(2)));
    }

    /** The partition field name Iceberg derives by default, e.g. {@code trade_time_us_day}. */
    public String fieldName() {
        return column + "_" + unit.icebergName();
    }

    /** The label of the partition that holds {@code time}, e.g. {@code 2024-05-01} for a day transform. */
    public String labelOf(Instant time) {
        LocalDateTime t = LocalDateTime.ofInstant(time, ZoneOffset.UTC);
        return switch (unit) {
            case HOUR -> HOUR_LABEL.format(t);
            case DAY -> t.toLocalDate().toString();
            case MONTH -> YearMonth.from(t).toString();
            case YEAR -> String.format(Locale.ROOT, "%04d", t.getYear());
        };
    }

    /**
     * The first instant of the partition named {@code label}.
     *
     * @throws IllegalArgumentException when the label is not a partition of this transform
     */
    public Instant startOf(String label) {
        return start(label).toInstant(ZoneOffset.UTC);
    }

    /**
     * The first instant after the partition named {@code label} (exclusive end).
     *
     * @throws IllegalArgumentException when the label is not a partition of this transform
     */
    public Instant endOf(String label) {
        LocalDateTime start = start(label);
        LocalDateTime end = switch (unit) {
            case HOUR -> start.plusHours(1);
            case DAY -> start.plusDays(1);
            case MONTH -> start.plusMonths(1);
            case YEAR -> start.plusYears(1);
        };
        return end.toInstant(ZoneOffset.UTC);
    }

    private LocalDateTime start(String label) {
        String text = label == null ? "" : label.trim();
        try {
            LocalDateTime start = switch (unit) {
                case HOUR -> LocalDateTime.parse(text, HOUR_LABEL);
                case DAY -> LocalDate.parse(text).atStartOfDay();
                case MONTH -> YearMonth.parse(text).atDay(1).atStartOfDay();
                case YEAR -> {
                    if (!text.matches("\\d{4}")) {
                        throw new DateTimeParseException("not a year", text, 0);
                    }
                    yield LocalDate.of(Integer.parseInt(text), 1, 1).atStartOfDay();
                }
            };
            if (!labelOf(start.toInstant(ZoneOffset.UTC)).equals(text)) {
                throw new DateTimeParseException("not canonical", text, 0);
            }
            return start;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("partition '" + label + "' is not a " + unit.icebergName()
                    + " partition of " + column + " (expected e.g. '" + labelOf(Instant.EPOCH) + "')", e);
        }
    }

    /** The configuration spelling, e.g. {@code day(trade_time_us)}. */
    @Override
    public String toString() {
        return unit.icebergName() + "(" + column + ")";
    }
}
