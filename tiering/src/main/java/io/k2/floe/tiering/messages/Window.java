package io.k2.floe.tiering.messages;

import java.time.Duration;
import java.time.Instant;

/**
 * An offload window on a table's ingestion-ordered column: the rows with
 * {@code lower < orderingColumn <= upper}. Consecutive windows share a bound, so every row
 * belongs to exactly one window.
 *
 * @param lower exclusive lower bound (the previous committed marker)
 * @param upper inclusive upper bound (the marker once this window is committed)
 */
public record Window(Instant lower, Instant upper) {

    public Window {
        Check.present("lower", lower);
        Check.present("upper", upper);
        if (!lower.isBefore(upper)) {
            throw new IllegalArgumentException("lower (" + lower + ") must be before upper (" + upper
                    + "); a window is lower exclusive, upper inclusive");
        }
    }

    /** Whether a row with this ordering value belongs to the window. */
    public boolean contains(Instant ordering) {
        return ordering.isAfter(lower) && !ordering.isAfter(upper);
    }

    /** {@code upper - lower}. */
    public Duration width() {
        return Duration.between(lower, upper);
    }

    /** {@code (lower, upper]}. */
    @Override
    public String toString() {
        return "(" + lower + ", " + upper + "]";
    }
}
