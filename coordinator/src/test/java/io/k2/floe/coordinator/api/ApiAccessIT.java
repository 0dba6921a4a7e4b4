package io.k2.floe.coordinator.api;

import io.k2.floe.coordinator.OwnLedger;
import io.k2.floe.coordinator.TestApiKeys;
import io.k2.floe.coordinator.api.ApiTestSupport.Refusal;
import io.k2.floe.tiering.security.ApiTokens;
import io.k2.floe.tiering.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.k2.floe.coordinator.api.ApiTestSupport.refusedChangingNothing;
import static io.k2.floe.coordinator.api.Callers.anonymous;
import static io.k2.floe.coordinator.api.Callers.operator;
import static io.k2.floe.coordinator.api.Callers.reader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Who may call the API: nobody without a valid bearer token (401), a reader only GETs (403 for anything that changes
 * state), an operator everything; refusals in the API's error shape, saying nothing about why a token failed; request
 * bodies only as JSON (415); health, metrics and the OpenAPI document open to probes and Prometheus.
 */
@QuarkusTest
@TestProfile(OwnLedger.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiAccessIT {

    private static final String BACKFILL = "{\"to\": \"2020-01-01T00:00:00Z\"}";

    private KafkaTestClient kafka;
    private String table;

    @BeforeAll
    void connect() {
        kafka = ApiTestSupport.kafka();
        table = "bronze_trades_binance";
    }

    @AfterAll
    void disconnect() {
        kafka.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/tables", "/api/runs", "/api/alerts",
            "/api/tables/bronze_trades_binance/maintenance"})
    void withoutATokenNothingIsReadable(String path) {
        String message = unauthenticated(anonymous().when().get(path));
        assertThat(message).contains("bearer token");
    }

    @Test
    void withoutATokenNothingChanges() {
        refusedChangingNothing(kafka, List.of(
                Refusal.of("a run", () -> anonymous().when().post("/api/runs"), 401, "Unauthorized", "bearer token"),
                Refusal.of("a pause", () -> anonymous().when().post("/api/tables/" + table + "/pause"), 401,
                        "Unauthorized"),
                Refusal.of("a backfill", () -> anonymous().contentType(ContentType.JSON).body(BACKFILL)
                        .when().post("/api/tables/" + table + "/backfill"), 401, "Unauthorized")));
    }

    /** Forged, expired, foreign and malformed tokens get the same answer as none: nothing tells them apart. */
    @Test
    void aTokenThatDoesNotVerifyIsRefusedWithoutSayingWhy(@TempDir Path otherKeys) {
        ApiTokens.generateKeys(otherKeys, true);
        ApiTokens ours = Callers.tokens();
        List<String> bad = List.of(
                ApiTokens.fromKeyDir(otherKeys, TestApiKeys.ISSUER).forRole(ApiTokens.OPERATOR),
                ours.mint("late", List.of(ApiTokens.OPERATOR), Duration.ofMinutes(-10)),
                Callers.tokensIssuedBy("someone-else")
                        .forRole(ApiTokens.OPERATOR),
                "not-a-jwt");
        String expected = unauthenticated(anonymous().when().get("/api/tables"));
        List<Refusal> pauses = new ArrayList<>();
        for (String token : bad) {
            String message = unauthenticated(anonymous().auth().oauth2(token).when().get("/api/tables"));
            assertThat(message).as("the answer to token %s", token).isEqualTo(expected);
            pauses.add(Refusal.of("a pause with token " + token, () -> anonymous().auth().oauth2(token).when()
                    .post("/api/tables/" + table + "/pause"), 401, "Unauthorized"));
        }
        refusedChangingNothing(kafka, pauses);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/tables", "/api/runs", "/api/alerts",
            "/api/tables/bronze_trades_binance/maintenance"})
    void aReaderReads(String path) {
        reader().when().get(path).then().statusCode(200).contentType(ContentType.JSON);
    }

    @Test
    void aReaderChangesNothing() {
        String message = refusedChangingNothing(kafka, List.of(
                Refusal.of("a run", () -> reader().when().post("/api/runs"), 403, "Forbidden", ApiTokens.OPERATOR),
                Refusal.of("a pause", () -> reader().when().post("/api/tables/" + table + "/pause"), 403, "Forbidden"),
                Refusal.of("a backfill", () -> reader().contentType(ContentType.JSON).body(BACKFILL)
                        .when().post("/api/tables/" + table + "/backfill"), 403, "Forbidden"),
                Refusal.of("maintenance", () -> reader().contentType(ContentType.JSON).body("{\"dryRun\": true}")
                        .when().post("/api/tables/" + table + "/maintenance"), 403, "Forbidden")))
                .getFirst().jsonPath().getString("message");
        assertThat(message).doesNotContain(Callers.token(ApiTokens.READER).substring(0, 20));
    }

    @Test
    void anOperatorChangesState() {
        operator().when().post("/api/tables/" + table + "/pause").then().statusCode(200).body("paused", is(true));
        operator().when().post("/api/tables/" + table + "/resume").then().statusCode(200).body("paused", is(false));
        operator().when().get("/api/tables/" + table).then().statusCode(200).body("paused", is(false));
    }

    @Test
    void aBodyThatIsNotJsonIsRefused() {
        List<String> mediaTypes = List.of("text/plain", "application/x-www-form-urlencoded", "application/xml");
        var answers = refusedChangingNothing(kafka, mediaTypes.stream().map(mediaType -> Refusal.of(mediaType,
                () -> operator().contentType(mediaType).body(BACKFILL).when().post("/api/tables/" + table + "/backfill"),
                415, "Unsupported Media Type", "application/json")).toList());
        for (int i = 0; i < mediaTypes.size(); i++) {
            String mediaType = mediaTypes.get(i);
            assertThat(answers.get(i).jsonPath().getString("message")).as(mediaType)
                    .contains(mediaType.substring(mediaType.indexOf('/') + 1));
        }
    }

    @Test
    void aJsonBodyWithACharsetIsRead() {
        // read, then refused for what it says (a marker-less test table needs 'from'): the media type was accepted
        operator().contentType("application/json; charset=UTF-8").body("{\"to\": \"not-a-time\"}")
                .when().post("/api/tables/" + table + "/backfill").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("to"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/q/health", "/q/health/live", "/q/health/ready", "/q/metrics", "/q/openapi"})
    void probesMetricsAndTheApiDocumentStayOpen(String path) {
        int status = anonymous().when().get(path).then().extract().statusCode();
        assertThat(status).as("GET %s without a token", path).isIn(200, 503);
    }

    /** Checks a 401 answer (shape, challenge) and returns its message. */
    private static String unauthenticated(Response response) {
        ExtractableResponse<Response> answer = ApiTestSupport.assertError(response, 401, "Unauthorized");
        assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer");
        return answer.jsonPath().getString("message");
    }
}
