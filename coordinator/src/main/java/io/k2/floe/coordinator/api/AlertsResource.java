package io.k2.floe.coordinator.api;

import io.k2.floe.coordinator.access.ApiRoles;
import io.k2.floe.coordinator.runs.RequestRefused;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Optional;
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

    /** Alerts per page when the caller does not say: more than a healthy ledger holds active at once. */
    static final int DEFAULT_LIMIT = 100;
    /** The most alerts one page holds, as for GET /api/runs: bounds the answer's size and the ledger query. */
    static final int MAX_LIMIT = 500;
    /**
     * The largest offset taken: far beyond any ledger's alerts (a larger one would only ever give an empty page), and
     * small enough that offset plus limit cannot overflow an int.
     */
    static final int MAX_OFFSET = 1_000_000_000;

    @GET
    @Operation(operationId = "listAlerts", summary = "Alerts, newest first, one page at a time",
            description = "All alerts, or only the active (active=true) or only the resolved ones (active=false), newest"
                    + " first (ties broken by alert id), at most 'limit' of them. The answer stays a JSON array; when"
                    + " more alerts follow, its Link header (rel=\"next\") is the URL of the next page, which continues"
                    + " after the last alert of this one ('after'), so that alerts raised, resolved or raised again"
                    + " between two requests neither shift nor hide the others: following the links lists every"
                    + " alert that stayed unchanged exactly once. 'offset' (alerts to pass over from the newest) jumps"
                    + " into the list instead; it shifts when the list changes.")
    @APIResponse(responseCode = "200", description = "The alerts, newest first",
            headers = @Header(name = "Link", description = "<URL of the next page>; rel=\"next\" — only when more"
                    + " alerts follow this page", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = AlertView.class)))
    @APIResponse(responseCode = "400", description = "active is neither true nor false; limit is not a whole number"
            + " from 1 to 500; offset is not a whole number from 0 to 1000000000; after is not"
            + " '<raisedAt>/<alertId>'; after and offset are both given; or an unknown query parameter was given",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class)))
    public Response list(@Context UriInfo uri,
                         @Parameter(description = "true: only active alerts; false: only resolved ones; absent: all",
                                 schema = @Schema(type = SchemaType.BOOLEAN))
                         @QueryParam("active") String active,
                         @Parameter(description = "How many alerts, from 1 to 500 (default 100)",
                                 schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500",
                                         defaultValue = "100"))
                         @QueryParam("limit") String limit,
                         @Parameter(description = "Continue after this alert: '<raisedAt>/<alertId>' of the last alert"
                                 + " of the previous page, as the Link header gives it",
                                 schema = @Schema(type = SchemaType.STRING))
                         @QueryParam("after") String after,
                         @Parameter(description = "How many alerts to pass over first, from 0 (default) to"
                                 + " 1000000000; not together with after",
                                 schema = @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "1000000000",
                                         defaultValue = "0"))
                         @QueryParam("offset") String offset) {
        QueryParams params = QueryParams.of(uri.getQueryParameters(), Set.of("active", "limit", "after", "offset"));
        Optional<Boolean> which = params.bool("active");
        int n = params.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        Optional<AlertCursor> cursor = params.text("after").map(AlertCursor::parse);
        int from = params.integer("offset", 0, 0, MAX_OFFSET);
        if (cursor.isPresent() && params.text("offset").isPresent()) {
            throw RequestRefused.badRequest("give either 'after' (the Link header's) or 'offset', not both");
        }
        LedgerViews.AlertPage page = cursor.isPresent() ? views.alertsAfter(which, cursor.get(), n)
                : views.alerts(which, from, n);
        Response.ResponseBuilder answer = Response.ok(page.alerts()).type(MediaType.APPLICATION_JSON_TYPE);
        if (page.more()) {
            // the same request (active and limit as given), continuing after this page's last alert
            AlertView last = page.alerts().getLast();
            answer.link(uri.getRequestUriBuilder().replaceQueryParam("offset").replaceQueryParam("limit", n)
                    .replaceQueryParam("after", new AlertCursor(last.raisedAt(), last.alertId()).text()).build(),
                    "next");
        }
        return answer.build();
    }
}
