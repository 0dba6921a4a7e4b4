package io.k2.floe.coordinator.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Every error answer of the API: nothing was changed, and {@code message} names what was wrong (the field, table or
 * value).
 */
@Schema(name = "Error", description = "An error answer; the request changed nothing.")
public record ApiError(
        @Schema(description = "HTTP status code", examples = "404") int status,
        @Schema(description = "HTTP reason phrase", examples = "Not Found") String error,
        @Schema(description = "What was wrong, naming the field, table or value",
                examples = "unknown table 'bronze_trades_bitstamp'; the catalog holds: bronze_trades_binance, ...")
        String message) {

    public static ApiError of(int status, String message) {
        return new ApiError(status, reason(status), message);
    }

    public Response response() {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(this).build();
    }

    static String reason(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        if (known != null) {
            return known.getReasonPhrase();
        }
        return switch (status / 100) {
            case 4 -> "Client Error";
            case 5 -> "Server Error";
            default -> "Status " + status;
        };
    }
}
