package io.k2.floe.coordinator.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** The body of {@code POST /api/tables/{table}/audit} (documentation; the body is read by {@link RequestBodies}). */
@Schema(name = "AuditRequest", description = "Compare warm and cold for some partitions of the table, or for every"
        + " partition overlapping an event-time range: either 'partitions' or 'from' and 'to'.")
public record AuditBody(
        @Schema(description = "Partition labels of the table's transform: 2026-03-01 (day), 2026-03 (month), 2026"
                + " (year), 2026-03-01-13 (hour); UTC. Each must start before the committed marker.",
                examples = "[\"2026-03-01\", \"2026-03-02\"]")
        List<String> partitions,
        @Schema(description = "Start of an event-time range (the table's time column), inclusive",
                examples = "2026-03-01T00:00:00Z")
        Instant from,
        @Schema(description = "End of the event-time range, exclusive; at most 366 days after 'from'",
                examples = "2026-03-03T00:00:00Z")
        Instant to,
        @Schema(description = "The cold snapshot to audit (a whole number, or a string of digits); leave it out for"
                + " the current one", examples = "6543210987654321098")
        Long coldSnapshot) {

    static final String EXAMPLE = "{\"partitions\": [\"2026-03-01\"]}";
}
