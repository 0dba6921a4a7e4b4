package io.k2.floe.coordinator.access;

import io.k2.floe.coordinator.api.ApiError;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The API reads request bodies as JSON only: a body of any other media type (or of none named) is refused with 415
 * before a resource sees it, so that no form post or text body from a browser or script is ever read as a command.
 * Requests without a body (GETs, POSTs that take none) pass, whatever media type they declare.
 */
public class JsonBodiesOnly {

    @ServerRequestFilter
    public Response refuseOtherMediaTypes(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/api")) {
            return null;
        }
        if (!hasBody(request)) {
            // nothing to read, whatever a client declares (some send a form type with an empty POST)
            return null;
        }
        String declared = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (declared == null || declared.isBlank()) {
            return refuse("none");
        }
        MediaType type;
        try {
            type = MediaType.valueOf(declared);
        } catch (IllegalArgumentException unreadable) {
            return refuse("an unreadable one");
        }
        if ("application".equalsIgnoreCase(type.getType()) && "json".equalsIgnoreCase(type.getSubtype())) {
            return null;
        }
        return refuse(type.getType() + "/" + type.getSubtype());
    }

    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null && !length.isBlank() && !length.strip().equals("0")) {
            return true;
        }
        return request.getHeaderString("Transfer-Encoding") != null;
    }

    private static Response refuse(String given) {
        return ApiError.of(415, "request bodies must be JSON (Content-Type: application/json); the request's media type"
                + " was " + given).response();
    }
}
