package io.k2.floe.coordinator.leadership;

import io.k2.floe.coordinator.api.ApiError;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Set;

/**
 * API requests that change something (every method but GET, HEAD and OPTIONS) are the leading coordinator's to
 * carry out: a standby answers them 503 with {@code Retry-After}, naming the leader, and changes nothing (its ledger
 * writes would be refused anyway). Reads are served by every coordinator from the shared ledger.
 */
public class LeaderOnlyChanges {

    /** Seconds a client waits before trying again: a take-over completes within the lease duration. */
    static final String RETRY_AFTER_SECONDS = "2";
    private static final Set<String> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    @Inject
    Leadership leadership;

    @ServerRequestFilter
    public Response standbyRefusesChanges(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/api") || READS.contains(request.getMethod())
                || leadership.isLeader()) {
            return null;
        }
        String leader = leadership.leader().map(id -> "coordinator " + id + " leads")
                .orElse("no coordinator leads at the moment (a take-over is under way)");
        return Response.fromResponse(ApiError.of(503, "this coordinator (" + leadership.instanceId()
                        + ") stands by and changes nothing; " + leader + ": send the request again (to the leader)")
                .response()).header("Retry-After", RETRY_AFTER_SECONDS).build();
    }
}
