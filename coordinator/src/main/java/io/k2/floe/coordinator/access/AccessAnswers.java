package io.k2.floe.coordinator.access;

import io.k2.floe.coordinator.api.ApiError;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The API's answers to callers it does not let in, in its usual error shape: 401 without a valid bearer token, 403
 * when the token's roles do not allow the request. They never say why a token was refused (expired, bad signature,
 * wrong issuer): that would help someone forging one; the coordinator's log says it, at debug level, without the token.
 * Authentication is lazy ({@code quarkus.http.auth.proactive=false}) so that these mappers, not the HTTP layer's bare
 * 401, answer.
 */
public class AccessAnswers {

    private static final Logger LOG = Logger.getLogger(AccessAnswers.class);
    static final String UNAUTHENTICATED = "authentication required: send a valid bearer token (Authorization: Bearer <JWT>)"
            + " with the role " + ApiRoles.READER + " or " + ApiRoles.OPERATOR;
    static final String FORBIDDEN = "the caller's roles do not allow this request: reading needs " + ApiRoles.READER
            + " or " + ApiRoles.OPERATOR + ", changing state needs " + ApiRoles.OPERATOR;

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        LOG.debugf("API request refused: the bearer token was not accepted (%s)", e.getClass().getSimpleName());
        return unauthenticated();
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthenticated();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return ApiError.of(403, FORBIDDEN).response();
    }

    private static Response unauthenticated() {
        return Response.fromResponse(ApiError.of(401, UNAUTHENTICATED).response())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }
}
