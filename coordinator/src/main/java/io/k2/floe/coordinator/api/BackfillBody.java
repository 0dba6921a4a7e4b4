package io.k2.floe.coordinator.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** The body of {@code POST /api/tables/{table}/backfill} (documentation; the body is read by {@link RequestBodies}). */
@Schema(name = "BackfillRequest", description = "Offload the table up to 'to', continuing from its committed marker.")
public record BackfillBody(
        @Schema(description = "Only for a table nothing was offloaded to yet: where its first window starts"
                + " (exclusive). Refused for a table with a marker, and while warm rows lie at or before it (unless"
                + " skipEarlierRows).", examples = "2026-03-01T00:00:00Z")
        Instant from,
        @Schema(required = true, description = "Offload rows ingested up to here (inclusive); at most now minus the"
                + " settle lag", examples = "2026-03-02T00:00:00Z")
        Instant to,
        @Schema(description = "With from: skip on purpose the warm rows at or before it (they will never reach the"
                + " cold tier). Without it such a backfill is refused (409) naming the earliest warm row. Default"
                + " false.", examples = "false")
        Boolean skipEarlierRows) {

    static final String EXAMPLE = "{\"to\": \"2026-03-02T00:00:00Z\"}";
}
