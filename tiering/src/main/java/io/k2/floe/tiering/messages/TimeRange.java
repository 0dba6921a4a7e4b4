package io.k2.floe.tiering.messages;

import java.time.Instant;

/**
 * A range of event time (a table's time column): {@code from <= time < to}.
 *
 * @param from inclusive start
 * @param to   exclusive end
 */
public record TimeRange(Instant from, Instant to) {

    public TimeRange {
        Check.present("from", from);
        Check.present("to", to);
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
    }

    /** Whether {@code time} is in the range. */
    public boolean contains(Instant time) {
        return !time.isBefore(from) && time.isBefore(to);
    }

    /** {@code [from, to)}. */
    @Override
    public String toString() {
        return "[" + from + ", " + to + ")";
    }
}
