package io.k2.floe.coordinator.api;

import io.k2.floe.coordinator.access.ApiRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Set;

/** The alerts the coordinator raised and resolved, from the ledger. */
@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "alerts", description = "Alerts raised by the coordinator (also published as alert events)")
// Readers and operators may read; every POST below is for operators only.
@RolesAllowed({ApiRoles.READER, ApiRoles.OPERATOR})
public class AlertsResource {

    private final LedgerViews views;

    public AlertsResource(LedgerViews views) {
        this.views = views;
    }

    @GET
    @Operation(operationId = "listAlerts", summary = "Alerts, newest first",
            description = "All alerts, or only the active (active=true) or only the resolved ones (active=false).")
    @APIResponse(responseCode = "200", description = "The alerts, newest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = AlertView.class)))
    @APIResponse(responseCode = "400", description = "active is neither true nor false, or an unknown query parameter"
            + " was given",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public List<AlertView> list(@Context UriInfo uri,
                                @Parameter(description = "true: only active alerts; false: only resolved ones;"
                                        + " absent: all", schema = @Schema(type = SchemaType.BOOLEAN))
                                @QueryParam("active") String active) {
        return views.alerts(QueryParams.of(uri.getQueryParameters(), Set.of("active")).bool("active"));
    }
}
