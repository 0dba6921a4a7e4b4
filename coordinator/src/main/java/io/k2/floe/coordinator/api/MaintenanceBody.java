package io.k2.floe.coordinator.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The optional body of {@code POST /api/tables/{table}/maintenance} and {@code POST /api/maintenance}
 * (documentation; the body is read by {@link RequestBodies}).
 */
@Schema(name = "MaintenanceRequest", description = "What to maintain; every field is optional, and so is the body:"
        + " without one, every action runs for real.")
public record MaintenanceBody(
        @Schema(description = "Some of COMPACT, REWRITE_MANIFESTS, EXPIRE_SNAPSHOTS, REMOVE_ORPHANS,"
                + " DROP_WARM_PARTITIONS (each at most once); they run in that order whatever the order given."
                + " Default: all of them", examples = "[\"COMPACT\", \"EXPIRE_SNAPSHOTS\"]")
        List<String> actions,
        @Schema(description = "One table only: the partitions COMPACT and warm retention consider (labels of the"
                + " table's transform, e.g. 2026-03-01 or 2026-03). Default: each action's own choice",
                examples = "[\"2026-03-01\"]")
        List<String> partitions,
        @Schema(description = "true: every step is sent as a dry run and reports what it would rewrite, expire,"
                + " remove or drop; nothing is audited or changed. Default false")
        Boolean dryRun) {

    static final String EXAMPLE = "{\"actions\": [\"COMPACT\"], \"dryRun\": true}";
}
