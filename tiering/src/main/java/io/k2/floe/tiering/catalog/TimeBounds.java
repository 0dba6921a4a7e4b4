package io.k2.floe.tiering.catalog;

import java.time.Instant;
import java.util.Optional;

/**
 * The span of time Floe accepts in requests and commands: {@link #EARLIEST} to {@link #LATEST}, both inclusive. An
 * instant outside it is a typo (year 20260, a lost digit, a negative year), not data: refusing it up front turns what
 * would otherwise overflow deep inside (microsecond arithmetic, PostgreSQL timestamps, ClickHouse DateTime64) into an
 * answer that names the value.
 */
public final class TimeBounds {

    /**
     * The Unix epoch: every time encoding of the tiers counts from it (epoch-micros, epoch-millis, ClickHouse DateTime,
     * Iceberg's partition ordinals), and no market data Floe moves is older.
     */
    public static final Instant EARLIEST = Instant.EPOCH;

    /**
     * The start of 2262: the last whole year signed 64-bit nanoseconds since the epoch reach (they end at
     * 2262-04-11T23:47:16.854775807Z), and so the limit of ClickHouse DateTime64(9) and Iceberg timestamp_ns. Every
     * time type the tiers use (microseconds, PostgreSQL timestamptz, DateTime64 of any precision up to 9) holds every
     * instant up to here, so a value inside the bounds cannot overflow anywhere downstream.
     */
    public static final Instant LATEST = Instant.parse("2262-01-01T00:00:00Z");

    private TimeBounds() {
    }

    /** Whether {@code time} is within {@code [EARLIEST, LATEST]}. */
    public static boolean contains(Instant time) {
        return !time.isBefore(EARLIEST) && !time.isAfter(LATEST);
    }

    /** What is wrong with {@code time}, naming the value; empty when it is within the bounds. */
    public static Optional<String> problem(Instant time) {
        if (contains(time)) {
            return Optional.empty();
        }
        return Optional.of(time + " is " + (time.isBefore(EARLIEST) ? "before " : "after ") + describe());
    }

    /**
     * Checks that the partition named {@code label} lies wholly within the bounds.
     *
     * @throws IllegalArgumentException naming the label when it is not a partition of the transform or lies (partly)
     *                                  outside the bounds
     */
    public static void requirePartition(PartitionTransform transform, String label) {
        Instant start = transform.startOf(label);
        Instant end = transform.endOf(label);
        if (!contains(start) || !contains(end)) {
            throw new IllegalArgumentException("partition '" + label + "' (" + start + " to " + end + ") is outside "
                    + describe());
        }
    }

    /** The bounds in words, for messages. */
    public static String describe() {
        return "the supported time span, " + EARLIEST + " to " + LATEST;
    }
}
