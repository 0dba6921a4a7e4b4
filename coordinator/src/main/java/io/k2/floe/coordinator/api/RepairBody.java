package io.k2.floe.coordinator.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /api/tables/{table}/repair} (documentation; the body is read by {@link RequestBodies}). */
@Schema(name = "RepairRequest", description = "Re-offload one cold partition from the warm tier and replace it.")
public record RepairBody(
        @Schema(required = true, description = "The partition's label for the table's transform: 2026-03-01 (day),"
                + " 2026-03 (month), 2026 (year), 2026-03-01-13 (hour); UTC", examples = "2026-03-01")
        String partition) {

    static final String EXAMPLE = "{\"partition\": \"2026-03-01\"}";
}
