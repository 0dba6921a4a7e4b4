package io.k2.floe.coordinator.api;

import io.k2.floe.coordinator.access.ApiRoles;
import jakarta.annotation.security.RolesAllowed;
import io.k2.floe.coordinator.ledger.RunKind;
import io.k2.floe.coordinator.ledger.RunRecord;
import io.k2.floe.coordinator.runs.RequestRefused;
import io.k2.floe.coordinator.runs.RunEngine;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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

/** Runs: start one now, list the latest, show one with its tasks (R-SCHEDULE, R-LEDGER, docs/requirements.md). */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "runs", description = "Runs of the coordinator and their tasks, from the ledger")
// Readers and operators may read; every POST below is for operators only.
@RolesAllowed({ApiRoles.READER, ApiRoles.OPERATOR})
public class RunsResource {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 500;

    private final RunEngine engine;
    private final LedgerViews views;

    public RunsResource(RunEngine engine, LedgerViews views) {
        this.engine = engine;
        this.views = views;
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Operation(operationId = "startRun", summary = "Start a run of every table now",
            description = "The same as a scheduled run: every catalog table is offloaded from its committed marker up"
                    + " to now minus the settle lag, bronze first, then silver, then gold. Paused tables are skipped."
                    + " Refused while a scheduled or manual run is still running.")
    @APIResponse(responseCode = "202", description = "The run started; its commands are on their way",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "409", description = "A scheduled or manual run is still running (the message names it)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "400", description = "A query parameter was given (this endpoint takes none)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response start(@Context UriInfo uri) {
        QueryParams.of(uri.getQueryParameters(), Set.of());
        RunRecord run = engine.startCycle(RunKind.MANUAL)
                .orElseThrow(() -> RequestRefused.conflict("a run is still running; try again when it has ended"));
        return Accepted.run(uri, views.run(run.runId).orElseThrow());
    }

    @GET
    @Operation(operationId = "listRuns", summary = "The latest runs, newest first",
            description = "Each run with its kind, status, bounds and its tasks counted by status.")
    @APIResponse(responseCode = "200", description = "The runs, newest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = RunView.class)))
    @APIResponse(responseCode = "400", description = "limit is not a whole number from 1 to 500, or an unknown query"
            + " parameter was given",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public List<RunView> list(@Context UriInfo uri,
                              @Parameter(description = "How many runs, from 1 to 500 (default 20)",
                                      schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500",
                                              defaultValue = "20"))
                              @QueryParam("limit") String limit) {
        int n = QueryParams.of(uri.getQueryParameters(), Set.of("limit")).integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        return views.latestRuns(n);
    }

    @GET
    @Path("{runId}")
    @Operation(operationId = "getRun", summary = "One run with all its tasks",
            description = "Every task of the run: table, window, attempts, rows, bytes, durations, errors.")
    @APIResponse(responseCode = "200", description = "The run and its tasks",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunDetail.class)))
    @APIResponse(responseCode = "404", description = "No run with that id",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "400", description = "An unknown query parameter was given",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public RunDetail get(@Context UriInfo uri,
                         @Parameter(description = "The run id, as POST /api/runs or GET /api/runs give it")
                         @PathParam("runId") String runId) {
        QueryParams.of(uri.getQueryParameters(), Set.of());
        return views.runWithTasks(runId).orElseThrow(() -> RequestRefused.notFound("unknown run '" + runId
                + "'; GET /api/runs lists the latest runs"));
    }

    /** The 202 answers of the endpoints that start runs: the run, and where to follow it. */
    static final class Accepted {

        private Accepted() {
        }

        static Response run(UriInfo uri, RunView run) {
            return Response.accepted(run)
                    .location(uri.getBaseUriBuilder().path("api").path("runs").path(run.runId()).build())
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .build();
        }
    }
}
