package io.k2.floe.tiering.verdicts;

import io.k2.floe.tiering.catalog.PartitionTransform;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The value Iceberg stores in a data file's partition tuple for a time-transform partition: hours, days, months or
 * years since 1970-01-01 UTC.
 */
final class PartitionOrdinal {

    private PartitionOrdinal() {
    }

    /**
     * The Iceberg partition value of the partition labelled {@code label}.
     *
     * @throws IllegalArgumentException when the label is not a partition of {@code transform}
     */
    static int of(PartitionTransform transform, String label) {
        Instant start = transform.startOf(label);
        LocalDateTime t = LocalDateTime.ofInstant(start, ZoneOffset.UTC);
        long value = switch (transform.unit()) {
            case HOUR -> Math.floorDiv(start.getEpochSecond(), 3600L);
            case DAY -> t.toLocalDate().toEpochDay();
            case MONTH -> (t.getYear() - 1970L) * 12 + t.getMonthValue() - 1;
            case YEAR -> t.getYear() - 1970L;
        };
        return Math.toIntExact(value);
    }
}
