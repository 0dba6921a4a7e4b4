package io.k2.floe.coordinator.api;

import io.k2.floe.coordinator.TestApiKeys;
import io.k2.floe.tiering.security.ApiTokens;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.file.Path;

import static io.restassured.RestAssured.given;

/**
 * Requests as each kind of caller: an operator (may do everything), a reader (GETs only), and nobody (no token). The
 * tokens are signed with the key pair {@link TestApiKeys} made for the coordinator under test.
 */
public final class Callers {

    private Callers() {
    }

    /** A request with an operator's bearer token. */
    public static RequestSpecification operator() {
        return given().auth().oauth2(token(ApiTokens.OPERATOR));
    }

    /** A request with a reader's bearer token. */
    public static RequestSpecification reader() {
        return given().auth().oauth2(token(ApiTokens.READER));
    }

    /** A request without any credentials. */
    public static RequestSpecification anonymous() {
        return given();
    }

    /** A token with {@code role}, signed with the key of the coordinator under test. */
    public static String token(String role) {
        return tokens().forRole(role);
    }

    /** The token minter of the coordinator under test (its key pair changes with every start). */
    public static ApiTokens tokens() {
        return tokensIssuedBy(TestApiKeys.ISSUER);
    }

    /** Tokens signed with the right key but naming {@code issuer} as their issuer. */
    public static ApiTokens tokensIssuedBy(String issuer) {
        String dir = ConfigProvider.getConfig().getValue(TestApiKeys.KEY_DIR, String.class);
        return ApiTokens.fromKeyDir(Path.of(dir), issuer);
    }
}
