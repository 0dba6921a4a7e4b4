package io.k2.floe.coordinator.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The rules a backfill request must follow; each refusal names what was wrong. Nothing is changed by a refusal. */
final class BackfillRequest {

    /** Longer than any warm tier keeps data: a range beyond it is a typo, not a backfill. */
    static final Duration LONGEST = Duration.ofDays(366);

    private BackfillRequest() {
    }

    static void check(String tableId, Optional<Instant> from, Instant to, Optional<Instant> marker, Instant now,
                      Duration settleLag, boolean paused) {
        if (paused) {
            throw RequestRefused.conflict("table " + tableId + " is paused: resume it before backfilling it");
        }
        Instant settled = now.minus(settleLag);
        if (to.isAfter(settled)) {
            throw RequestRefused.badRequest("to (" + to + ") is later than now minus the settle lag (" + settled
                    + "): rows ingested after that may still be arriving");
        }
        if (marker.isPresent()) {
            if (from.isPresent()) {
                throw RequestRefused.badRequest("from only applies to a table nothing was offloaded to yet; " + tableId
                        + " continues from its committed marker " + marker.get() + " (to redo rows already in the"
                        + " cold tier, repair their partitions)");
            }
            if (!to.isAfter(marker.get())) {
                throw RequestRefused.conflict("table " + tableId + " is already offloaded up to " + marker.get()
                        + "; to (" + to + ") must be later (to redo rows already in the cold tier, repair their"
                        + " partitions)");
            }
            requireSane(marker.get(), to);
        } else if (from.isPresent()) {
            if (!to.isAfter(from.get())) {
                throw RequestRefused.badRequest("the range is inverted or empty: from (" + from.get()
                        + ") must be before to (" + to + ")");
            }
            requireSane(from.get(), to);
        }
    }

    /**
     * A first window from {@code from} takes only rows ingested after it: warm rows at or before it would never reach
     * the cold tier, since every later window starts at the marker. Refused (409, naming the earliest warm row) unless
     * the request says so with {@code skipEarlierRows}; {@code skipEarlierRows} without {@code from} means nothing and
     * is refused (400).
     *
     * @param earliest the ordering value of the table's earliest warm row (its upstreams' for a derived table), if any
     */
    static void checkEarlierRows(String tableId, Optional<Instant> from, Optional<Instant> earliest,
                                 boolean skipEarlierRows) {
        if (from.isEmpty()) {
            if (skipEarlierRows) {
                throw RequestRefused.badRequest("skipEarlierRows only applies together with from (the start of the"
                        + " first window of a table nothing was offloaded to yet)");
            }
            return;
        }
        if (!skipEarlierRows && earliest.isPresent() && !earliest.get().isAfter(from.get())) {
            throw RequestRefused.conflict("table " + tableId + " has warm rows from " + earliest.get()
                    + ", not after from (" + from.get() + "): a first window from there would leave them out of the"
                    + " cold tier for good; give a from before " + earliest.get() + " (or none: the first window then"
                    + " starts at the earliest warm row), or add \"skipEarlierRows\": true to skip them on purpose");
        }
    }

    /** A range longer than {@link #LONGEST} is refused (400): a typo in a date rather than a real request. */
    static void requireSane(Instant from, Instant to) {
        Duration width = Duration.between(from, to);
        if (width.compareTo(LONGEST) > 0) {
            throw RequestRefused.badRequest("the range from " + from + " to " + to + " spans " + width.toDays()
                    + " days, more than " + LONGEST.toDays() + ": no warm tier holds that much; check the dates");
        }
    }
}
