package io.k2.floe.coordinator.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.k2.floe.coordinator.runs.LedgerUnavailable;
import io.k2.floe.coordinator.runs.RequestRefused;
import io.k2.floe.tiering.catalog.UnknownTableException;
import io.k2.floe.tiering.security.Redaction;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.stream.Collectors;

/**
 * Turns every failure of an API request into the API's error answer ({@link ApiError}): refusals with their status
 * and message, JSON the request body could not be read as (naming the field), HTTP-level errors (405, 415, ...) and,
 * as 500/503, failures of the coordinator itself.
 */
public class ErrorAnswers {

    private static final Logger LOG = Logger.getLogger(ErrorAnswers.class);

    @ServerExceptionMapper
    public Response refused(RequestRefused refused) {
        return ApiError.of(refused.status(), refused.getMessage()).response();
    }

    @ServerExceptionMapper
    public Response unknownTable(UnknownTableException unknown) {
        return ApiError.of(404, unknown.getMessage()).response();
    }

    /** Jackson could not read the body into the expected shape: names the field and what was wrong with it. */
    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return ApiError.of(400, describe(e)).response();
    }

    /** HTTP-level errors raised by the REST layer; a JSON parse failure arrives wrapped as a 400. */
    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return ApiError.of(400, describe(json)).response();
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        String message = e.getMessage() == null || e.getMessage().isBlank() ? ApiError.reason(status) : e.getMessage();
        return ApiError.of(status, message).response();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        if (LedgerUnavailable.isCause(e)) {
            LOG.warnf("API request failed, the ledger database is unreachable: %s", Redaction.text(e.getMessage()));
            return ApiError.of(503, "the ledger database (PostgreSQL) cannot be reached; try again later").response();
        }
        LOG.errorf(e, "API request failed");
        // a library's message may name a connection string with its credentials: never hand those to a caller
        return ApiError.of(500, "the coordinator failed to answer: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + Redaction.text(e.getMessage()))).response();
    }

    static String describe(JsonProcessingException e) {
        String what = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return "field '" + field + "' is invalid: " + what;
        }
        JsonLocation at = e.getLocation();
        return "the request body is not valid JSON: " + what
                + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }
}
