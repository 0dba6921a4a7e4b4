package io.k2.floe.coordinator.runs;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TimeBounds;
import io.k2.floe.tiering.messages.TimeRange;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an operator asked to audit: some partitions of a table, or every partition that overlaps an event-time range
 * {@code [from, to)} of its time column, at the current cold snapshot or a given one. {@link #of} refuses a request
 * that is wrong in itself (400), {@link #requireSomethingToAudit} one that the table's committed marker makes
 * pointless (409). Nothing is changed by a refusal.
 *
 * @param partitions   the partition labels, in the order given; empty when a range was given
 * @param range        the event-time range; empty when partitions were given
 * @param coldSnapshot the cold snapshot to audit; empty for the current one when the audit starts
 */
public record AuditRequest(List<String> partitions, Optional<TimeRange> range, Optional<Long> coldSnapshot) {

    /**
     * Most partitions one audit may cover, listed or in a range: the auditor's own limit by default
     * ({@code floe.auditor.max-partitions}), which refuses a command beyond it.
     */
    static final int MOST_PARTITIONS = 1000;

    public AuditRequest {
        partitions = List.copyOf(partitions);
    }

    /**
     * @param partitions the body's {@code partitions}, if it had the field
     * @throws RequestRefused (400) naming what was wrong
     */
    public static AuditRequest of(CatalogTable table, Optional<List<String>> partitions, Optional<Instant> from,
                                  Optional<Instant> to, Optional<Long> coldSnapshot) {
        boolean ranged = from.isPresent() || to.isPresent();
        if (partitions.isPresent() == ranged) {
            throw RequestRefused.badRequest(ranged
                    ? "give either 'partitions' or 'from' and 'to', not both"
                    : "give either 'partitions' (e.g. \"partitions\": [\"" + table.partition().labelOf(Instant.now())
                    + "\"]) or an event-time range 'from' and 'to' (e.g. \"from\": \"2026-03-01T00:00:00Z\", \"to\":"
                    + " \"2026-03-02T00:00:00Z\")");
        }
        if (ranged) {
            return new AuditRequest(List.of(), Optional.of(range(table, from, to)), coldSnapshot);
        }
        return new AuditRequest(labels(table, partitions.get()), Optional.empty(), coldSnapshot);
    }

    private static List<String> labels(CatalogTable table, List<String> labels) {
        if (labels.isEmpty()) {
            throw RequestRefused.badRequest("field 'partitions' is empty; list at least one partition, e.g. \"partitions\": [\""
                    + table.partition().labelOf(Instant.now()) + "\"]");
        }
        if (labels.size() > MOST_PARTITIONS) {
            throw RequestRefused.badRequest("field 'partitions' lists " + labels.size() + " partitions, more than "
                    + MOST_PARTITIONS + ", more than one audit takes: split the request");
        }
        Set<String> seen = new HashSet<>();
        for (String label : labels) {
            try {
                TimeBounds.requirePartition(table.partition(), label);
            } catch (IllegalArgumentException e) {
                throw RequestRefused.badRequest("field 'partitions': " + e.getMessage() + " (table " + table.id()
                        + " is partitioned by " + table.partition() + ")");
            }
            if (!seen.add(label)) {
                throw RequestRefused.badRequest("field 'partitions' lists partition " + label + " twice");
            }
        }
        return labels;
    }

    private static TimeRange range(CatalogTable table, Optional<Instant> from, Optional<Instant> to) {
        if (from.isEmpty() || to.isEmpty()) {
            String missing = from.isEmpty() ? "from" : "to";
            throw RequestRefused.badRequest("field '" + missing + "' is missing: an event-time range needs both"
                    + " 'from' (inclusive) and 'to' (exclusive)");
        }
        if (!from.get().isBefore(to.get())) {
            throw RequestRefused.badRequest("the range is inverted or empty: from (" + from.get()
                    + ") must be before to (" + to.get() + ")");
        }
        BackfillRequest.requireSane(from.get(), to.get());
        TimeRange range = new TimeRange(from.get(), to.get());
        int covered = 0;
        for (Instant start = from.get(); start.isBefore(range.to()); ) {
            if (++covered > MOST_PARTITIONS) {
                throw RequestRefused.badRequest("the range " + range + " covers more than " + MOST_PARTITIONS + " "
                        + table.partition().unit().icebergName() + " partitions of " + table.id()
                        + ", more than one audit takes: audit a shorter range");
            }
            start = table.partition().endOf(table.partition().labelOf(start));
        }
        return range;
    }

    /**
     * Something was offloaded into what the request names: the table has a committed marker, every partition starts
     * before it, and so does the range. The marker is on the ordering column and partitions are of the time column,
     * so this is the repair's rule: a partition that starts at or after the marker cannot hold an offloaded row yet.
     *
     * @throws RequestRefused (409) naming what has nothing to audit
     */
    void requireSomethingToAudit(CatalogTable table, Optional<Instant> marker) {
        if (marker.isEmpty()) {
            throw RequestRefused.conflict("table " + table.id() + " has nothing in the cold tier yet (no committed"
                    + " marker): there is nothing to audit");
        }
        for (String label : partitions) {
            Instant start = table.partition().startOf(label);
            if (!start.isBefore(marker.get())) {
                throw RequestRefused.conflict("partition " + label + " of " + table.id() + " starts at " + start
                        + ", at or after the table's committed marker " + marker.get() + ": nothing has been"
                        + " offloaded into it yet");
            }
        }
        range.ifPresent(r -> {
            if (!r.from().isBefore(marker.get())) {
                throw RequestRefused.conflict("the range " + r + " starts at or after the committed marker "
                        + marker.get() + " of " + table.id() + ": nothing has been offloaded into it yet");
            }
        });
    }

    /** For logs and the run's note: what is audited. */
    String describe() {
        return (range.isPresent() ? "event time " + range.get() : "partitions " + String.join(", ", partitions))
                + coldSnapshot.map(id -> " at snapshot " + id).orElse("");
    }
}
