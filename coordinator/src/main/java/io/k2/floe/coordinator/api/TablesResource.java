package io.k2.floe.coordinator.api;

import io.k2.floe.coordinator.access.ApiRoles;
import jakarta.annotation.security.RolesAllowed;
import io.k2.floe.coordinator.markers.WarmRowCounts;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k2.floe.coordinator.ledger.RunRecord;
import io.k2.floe.coordinator.maintenance.MaintenanceRequest;
import io.k2.floe.coordinator.runs.AuditRequest;
import io.k2.floe.coordinator.runs.RepairPreconditions;
import io.k2.floe.coordinator.runs.RunEngine;
import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The catalog's tables: their state, pause and resume, backfill over a range, repair of one cold partition, audit of
 * partitions or an event-time range, maintenance now and its history (R-SCHEDULE, R-AUDIT, R-COMPACT, R-EXPIRE,
 * R-RETENTION, docs/requirements.md). A refused request (unknown table, bad body, a rule the request breaks) changes nothing.
 */
@Path("/api/tables")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tables", description = "Each catalog table's marker, lag and pause state; pause, resume, backfill, repair,"
        + " audit, maintenance")
// Readers and operators may read; every POST below is for operators only.
@RolesAllowed({ApiRoles.READER, ApiRoles.OPERATOR})
public class TablesResource {

    private final TableCatalog catalog;
    private final LedgerViews views;
    private final RunEngine engine;
    private final RepairPreconditions repairs;
    private final ObjectMapper json;
    private final WarmRowCounts warmRows;

    public TablesResource(TableCatalog catalog, LedgerViews views, RunEngine engine, RepairPreconditions repairs,
                          ObjectMapper json, WarmRowCounts warmRows) {
        this.warmRows = warmRows;
        this.catalog = catalog;
        this.views = views;
        this.engine = engine;
        this.repairs = repairs;
        this.json = json;
    }

    @GET
    @Operation(operationId = "listTables", summary = "Every catalog table's state, in dependency order",
            description = "Committed marker and lag, pause state, failures in a row, the last run and active alerts.")
    @APIResponse(responseCode = "200", description = "The tables, bronze before silver before gold",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = TableView.class)))
    @APIResponse(responseCode = "400", description = "An unknown query parameter, or counts neither true nor false",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @Parameter(name = "counts", in = org.eclipse.microprofile.openapi.annotations.enums.ParameterIn.QUERY,
            description = "true: also the warm tier's rows up to each marker (warmRows: one ClickHouse count per table,"
                    + " reused for the same marker until floe.coordinator.warm-count-max-age old; warmRowsCountedAt"
                    + " says when it was counted)",
            schema = @Schema(type = SchemaType.BOOLEAN))
    public List<TableView> list(@Context UriInfo uri) {
        boolean counts = QueryParams.of(uri.getQueryParameters(), Set.of("counts")).bool("counts").orElse(false);
        return views.tables().stream().map(view -> counts ? withWarmRows(view) : view).toList();
    }

    @GET
    @Path("{table}")
    @Operation(operationId = "getTable", summary = "One table's state")
    @APIResponse(responseCode = "200", description = "The table",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TableView.class)))
    @APIResponse(responseCode = "404", description = "The catalog holds no such table (the message lists those it holds)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "400", description = "An unknown query parameter was given",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @Parameter(name = "counts", in = org.eclipse.microprofile.openapi.annotations.enums.ParameterIn.QUERY,
            description = "true: also the warm tier's rows up to each marker (warmRows: one ClickHouse count per table,"
                    + " reused for the same marker until floe.coordinator.warm-count-max-age old; warmRowsCountedAt"
                    + " says when it was counted)",
            schema = @Schema(type = SchemaType.BOOLEAN))
    public TableView get(@Context UriInfo uri, @Parameter(description = "Table id, e.g. bronze_trades_binance")
                         @PathParam("table") String table) {
        boolean counts = QueryParams.of(uri.getQueryParameters(), Set.of("counts")).bool("counts").orElse(false);
        TableView view = views.table(table);
        return counts ? withWarmRows(view) : view;
    }

    /**
     * The warm tier's rows up to the marker (a ClickHouse count per table, hence only on request, and reused for a
     * while) and the rows warm retention dropped from it.
     */
    private TableView withWarmRows(TableView view) {
        if (view.marker() == null) {
            return view.withWarmRows(null, null, null, views.warmRowsDropped(view.table()));
        }
        WarmRowCounts.Count count = warmRows.upTo(view.table(), view.marker());
        return view.withWarmRows(count.rows(), count.countedAt(), count.ageSeconds(warmRows.now()),
                views.warmRowsDropped(view.table()));
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("{table}/pause")
    @Operation(operationId = "pauseTable", summary = "Pause a table",
            description = "Runs skip the table until it is resumed (a command already out finishes); backfills of it"
                    + " are refused. Pausing a paused table changes nothing.")
    @APIResponse(responseCode = "200", description = "The table, paused",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TableView.class)))
    @APIResponse(responseCode = "404", description = "The catalog holds no such table (the message lists those it holds)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "400", description = "An unknown query parameter was given",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public TableView pause(@Context UriInfo uri, @Parameter(description = "Table id") @PathParam("table") String table) {
        QueryParams.of(uri.getQueryParameters(), Set.of());
        return views.setPaused(table, true);
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("{table}/resume")
    @Operation(operationId = "resumeTable", summary = "Resume a paused table",
            description = "The next run offloads the table again, from its committed marker. Resuming a table that is"
                    + " not paused changes nothing.")
    @APIResponse(responseCode = "200", description = "The table, not paused",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TableView.class)))
    @APIResponse(responseCode = "404", description = "The catalog holds no such table (the message lists those it holds)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "400", description = "An unknown query parameter was given",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public TableView resume(@Context UriInfo uri, @Parameter(description = "Table id") @PathParam("table") String table) {
        QueryParams.of(uri.getQueryParameters(), Set.of());
        return views.setPaused(table, false);
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("{table}/backfill")
    @Operation(operationId = "backfillTable", summary = "Offload a table up to a given time",
            description = "A run of this one table from its committed marker (or, for a table nothing was offloaded"
                    + " to yet, from 'from', refused while warm rows lie at or before it unless skipEarlierRows) up to"
                    + " 'to', in windows of at most the maximum window. Rows already in the"
                    + " cold tier are never offloaded again: to redo them, repair their partitions.")
    @APIResponse(responseCode = "202", description = "The backfill run started",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "400", description = "The body is missing, not JSON or has a missing, unknown or"
            + " unparseable field; the range is inverted, empty or absurdly long; 'to' is later than now minus the"
            + " settle lag; 'from' was given for a table that has a marker; skipEarlierRows without 'from'",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "The catalog holds no such table (the message lists those it holds)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The table is paused, or already offloaded up to 'to', or (without"
            + " skipEarlierRows) has warm rows at or before 'from', which the backfill would leave out for good (the"
            + " message names the earliest)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response backfill(@Context UriInfo uri, @Parameter(description = "Table id") @PathParam("table") String table,
                             @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                     schema = @Schema(implementation = BackfillBody.class))) String body) {
        catalog.get(table);
        QueryParams.of(uri.getQueryParameters(), Set.of());
        RequestBodies request = RequestBodies.parse(json, body, Set.of("from", "to", "skipEarlierRows"),
                BackfillBody.EXAMPLE);
        Optional<Instant> from = request.instant("from");
        Instant to = request.requiredInstant("to");
        boolean skipEarlierRows = request.bool("skipEarlierRows").orElse(false);
        RunRecord run = engine.startBackfill(table, from, to, skipEarlierRows);
        return RunsResource.Accepted.run(uri, views.run(run.runId).orElseThrow());
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("{table}/audit")
    @Operation(operationId = "auditTable", summary = "Compare warm and cold for some partitions of a table",
            description = "A run of its own with one audit task: the auditor compares the partitions (or every"
                    + " partition overlapping the event-time range) warm against cold, up to the committed marker, at"
                    + " the current cold snapshot or the one given. The run ends when the auditor answers; its note is"
                    + " the verdict, and a mismatched partition raises AuditMismatch. Only reads: a paused table can be"
                    + " audited, and offloads go on meanwhile.")
    @APIResponse(responseCode = "202", description = "The audit run started",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "400", description = "The body is missing, not JSON or has an unknown or unreadable"
            + " field; both or neither of 'partitions' and 'from'/'to'; a label that is not a partition of the table's"
            + " transform, or listed twice; a range that is inverted, empty, half given or longer than 366 days; more than 1000 partitions, listed or in"
            + " the range",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "The catalog holds no such table (the message lists those it holds)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The table has no committed marker yet (nothing to audit); a"
            + " partition or the range starts at or after the marker; the cold table has no such snapshot",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "The cold tier cannot be read to check the request",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response audit(@Context UriInfo uri, @Parameter(description = "Table id") @PathParam("table") String table,
                          @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                  schema = @Schema(implementation = AuditBody.class))) String body) {
        CatalogTable catalogTable = catalog.get(table);
        QueryParams.of(uri.getQueryParameters(), Set.of());
        RequestBodies request = RequestBodies.parse(json, body, Set.of("partitions", "from", "to", "coldSnapshot"),
                AuditBody.EXAMPLE);
        AuditRequest audit = AuditRequest.of(catalogTable, request.texts("partitions"), request.instant("from"),
                request.instant("to"), request.id("coldSnapshot"));
        RunRecord run = engine.startAudit(table, audit);
        return RunsResource.Accepted.run(uri, views.run(run.runId).orElseThrow());
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("{table}/repair")
    @Operation(operationId = "repairTable", summary = "Re-offload one cold partition",
            description = "Reads the partition's rows again from the warm tier, up to the table's committed marker,"
                    + " and replaces the cold partition with them in one commit (e.g. after an audit mismatch).")
    @APIResponse(responseCode = "202", description = "The repair run started",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "400", description = "The body is missing or not JSON, or 'partition' is missing or not"
            + " a partition of the table's transform",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "The catalog holds no such table (the message lists those it holds)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "The table has no committed marker; the partition starts at or"
            + " after the marker (nothing offloaded into it yet); or the warm tier no longer holds any row of it (a"
            + " repair would empty the cold partition)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "The cold tier or the warm tier cannot be reached to check the"
            + " partition",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response repair(@Context UriInfo uri, @Parameter(description = "Table id") @PathParam("table") String table,
                           @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                   schema = @Schema(implementation = RepairBody.class))) String body) {
        CatalogTable catalogTable = catalog.get(table);
        QueryParams.of(uri.getQueryParameters(), Set.of());
        RequestBodies request = RequestBodies.parse(json, body, Set.of("partition"), RepairBody.EXAMPLE);
        String partition = request.requiredText("partition", catalogTable.partition().labelOf(Instant.now()));
        repairs.check(catalogTable, partition);
        RunRecord run = engine.startRepair(table, partition);
        return RunsResource.Accepted.run(uri, views.run(run.runId).orElseThrow());
    }

    @POST
    @RolesAllowed(ApiRoles.OPERATOR)
    @Path("{table}/maintenance")
    @Operation(operationId = "maintainTable", summary = "Maintain a table now",
            description = "A maintenance run of this table: COMPACT, an audit of what it rewrote, REWRITE_MANIFESTS,"
                    + " EXPIRE_SNAPSHOTS, REMOVE_ORPHANS, then warm retention (an audit of the warm partitions past"
                    + " retention and one DROP_WARM_PARTITIONS of those audited equal), one step after the other; the"
                    + " actions asked for only. A dry run sends every step with dry-run=true: nothing is audited or"
                    + " changed, and the steps' partitions and results say what would be rewritten, expired, removed or"
                    + " dropped. Offloads of the table go on meanwhile.")
    @APIResponse(responseCode = "202", description = "The maintenance run started",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "400", description = "The body is not JSON or has an unknown or unreadable field; an"
            + " action that is not one, or listed twice; an empty list; a label that is not a partition of the"
            + " table's transform, or listed twice",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "The catalog holds no such table (the message lists those it holds)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "A maintenance run of the table is still running (the message"
            + " names it), or the table is paused",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response maintain(@Context UriInfo uri, @Parameter(description = "Table id") @PathParam("table") String table,
                             @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                     schema = @Schema(implementation = MaintenanceBody.class))) String body) {
        CatalogTable catalogTable = catalog.get(table);
        QueryParams.of(uri.getQueryParameters(), Set.of());
        MaintenanceRequest request = MaintenanceResource.request(json, body, Optional.of(catalogTable));
        RunRecord run = engine.startMaintenance(List.of(table), request).orElseThrow();
        return RunsResource.Accepted.run(uri, views.run(run.runId).orElseThrow());
    }

    @GET
    @Path("{table}/maintenance")
    @Operation(operationId = "tableMaintenanceHistory", summary = "A table's maintenance runs, newest first",
            description = "Each maintenance run that maintained the table, with the table's steps: per step its"
                    + " status, the partitions it changed (or would change), the worker's results, what it refused and"
                    + " why, and whether it was a dry run.")
    @APIResponse(responseCode = "200", description = "The runs, newest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = RunDetail.class)))
    @APIResponse(responseCode = "400", description = "limit is not a whole number from 1 to 500, or an unknown query"
            + " parameter was given",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "The catalog holds no such table (the message lists those it holds)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public List<RunDetail> maintenanceHistory(@Context UriInfo uri,
                                              @Parameter(description = "Table id") @PathParam("table") String table,
                                              @Parameter(description = "How many runs, from 1 to 500 (default 20)",
                                                      schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                                                              maximum = "500", defaultValue = "20"))
                                              @QueryParam("limit") String limit) {
        catalog.get(table);
        int n = QueryParams.of(uri.getQueryParameters(), Set.of("limit")).integer("limit", RunsResource.DEFAULT_LIMIT,
                1, RunsResource.MAX_LIMIT);
        return views.maintenanceHistory(table, n);
    }
}
