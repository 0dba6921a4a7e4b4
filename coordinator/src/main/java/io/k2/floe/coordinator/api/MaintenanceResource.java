package io.k2.floe.coordinator.api;

import io.k2.floe.coordinator.access.ApiRoles;
import jakarta.annotation.security.RolesAllowed;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k2.floe.coordinator.ledger.RunRecord;
import io.k2.floe.coordinator.maintenance.MaintenanceRequest;
import io.k2.floe.coordinator.runs.RunEngine;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Optional;
import java.util.Set;

/**
 * Maintenance of every catalog table now (docs/maintenance/scheduling.md); one table's is under
 * {@code /api/tables/{table}/maintenance}. A refused request changes nothing.
 */
@Path("/api/maintenance")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "maintenance", description = "Compaction, manifest rewrite, snapshot expiry, orphan removal and warm"
        + " retention of the cold tables")
// Readers and operators may read; every POST below is for operators only.
@RolesAllowed({ApiRoles.READER, ApiRoles.OPERATOR})
public class MaintenanceResource {

    private final TableCatalog catalog;
    private final LedgerViews views;
    private final RunEngine engine;
    private final ObjectMapper json;

    public MaintenanceResource(TableCatalog catalog, LedgerViews views, RunEngine engine, ObjectMapper json) {
        this.catalog = catalog;
        this.views = views;
        this.engine = engine;
        this.json = json;
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Operation(operationId = "maintainAll", summary = "Maintain every table now",
            description = "One maintenance run of every catalog table, each table's steps one after the other, the"
                    + " tables side by side, as POST /api/tables/{table}/maintenance does for one. A table whose"
                    + " maintenance is still running, or that is paused, gets a skipped task saying so.")
    @APIResponse(responseCode = "202", description = "The maintenance run started",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "400", description = "The body is not JSON or has an unknown or unreadable field"
            + " ('partitions' is for one table only); an action that is not one, or listed twice",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "No table can start: each has a maintenance run still running"
            + " (the message names them) or is paused",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response maintainAll(@Context UriInfo uri,
                                @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                        schema = @Schema(implementation = MaintenanceBody.class))) String body) {
        QueryParams.of(uri.getQueryParameters(), Set.of());
        MaintenanceRequest request = request(json, body, Optional.empty());
        RunRecord run = engine.startMaintenance(catalog.tables().stream().map(CatalogTable::id).toList(), request)
                .orElseThrow();
        return RunsResource.Accepted.run(uri, views.run(run.runId).orElseThrow());
    }

    /** The request a body asks for; no body (or an empty one) asks for every action, for real. */
    static MaintenanceRequest request(ObjectMapper json, String body, Optional<CatalogTable> table) {
        if (body == null || body.isBlank()) {
            return MaintenanceRequest.of(table, Optional.empty(), Optional.empty(), Optional.empty());
        }
        RequestBodies fields = RequestBodies.parse(json, body, table.isPresent()
                ? Set.of("actions", "partitions", "dryRun") : Set.of("actions", "dryRun"), MaintenanceBody.EXAMPLE);
        return MaintenanceRequest.of(table, fields.texts("actions"), fields.texts("partitions"), fields.bool("dryRun"));
    }
}
