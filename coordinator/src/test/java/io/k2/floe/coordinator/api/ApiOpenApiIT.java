package io.k2.floe.coordinator.api;

import io.k2.floe.coordinator.OwnLedger;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The service's OpenAPI document describes every endpoint of the API and its error answers. */
@QuarkusTest
@TestProfile(OwnLedger.class)
class ApiOpenApiIT {

    /** Path → method → the status codes its answers are documented with. */
    private static final Map<String, Map<String, List<String>>> ENDPOINTS = Map.ofEntries(
            Map.entry("/api/runs", Map.of("post", List.of("202", "409", "400"), "get", List.of("200", "400"))),
            Map.entry("/api/runs/{runId}", Map.of("get", List.of("200", "404"))),
            Map.entry("/api/tables", Map.of("get", List.of("200"))),
            Map.entry("/api/tables/{table}", Map.of("get", List.of("200", "404"))),
            Map.entry("/api/tables/{table}/pause", Map.of("post", List.of("200", "404"))),
            Map.entry("/api/tables/{table}/resume", Map.of("post", List.of("200", "404"))),
            Map.entry("/api/tables/{table}/backfill", Map.of("post", List.of("202", "400", "404", "409"))),
            Map.entry("/api/tables/{table}/repair", Map.of("post", List.of("202", "400", "404", "409"))),
            Map.entry("/api/tables/{table}/audit", Map.of("post", List.of("202", "400", "404", "409", "503"))),
            Map.entry("/api/alerts", Map.of("get", List.of("200", "400"))),
            Map.entry("/api/tables/{table}/maintenance", Map.of("post", List.of("202", "400", "404", "409"),
                    "get", List.of("200", "400", "404"))),
            Map.entry("/api/maintenance", Map.of("post", List.of("202", "400", "409"))));

    @Test
    void theDocumentDescribesEveryEndpointAndItsErrorAnswers() {
        JsonPath document = given().accept("application/json").when().get("/q/openapi?format=json").then()
                .statusCode(200).extract().jsonPath();
        assertThat(document.getString("info.title")).isEqualTo("Floe coordinator");
        assertThat(document.getString("info.description")).contains("changes nothing");
        Map<String, Object> paths = document.getMap("paths");
        assertThat(paths.keySet()).containsAll(ENDPOINTS.keySet());
        ENDPOINTS.forEach((path, methods) -> methods.forEach((method, statuses) -> {
            String operation = "paths['" + path + "']." + method;
            assertThat(document.getString(operation + ".summary")).as(operation + " summary").isNotBlank();
            assertThat(document.getList(operation + ".tags")).as(operation + " tags").isNotEmpty();
            Map<String, Object> responses = document.getMap(operation + ".responses");
            assertThat(responses.keySet()).as(operation + " responses").containsAll(statuses);
            for (String status : statuses) {
                if (status.startsWith("4")) {
                    assertThat(document.getString(operation + ".responses['" + status
                            + "'].content['application/json'].schema.$ref")).as(operation + " " + status)
                            .endsWith("/Error");
                }
            }
        }));
        assertThat(document.getMap("components.schemas.Error.properties").keySet())
                .containsExactlyInAnyOrder("status", "error", "message");
        assertThat(document.getMap("paths['/api/tables/{table}/backfill'].post.requestBody.content['application/json']"
                + ".schema")).containsEntry("$ref", "#/components/schemas/BackfillRequest");
        assertThat(document.getMap("paths['/api/tables/{table}/audit'].post.requestBody.content['application/json']"
                + ".schema")).containsEntry("$ref", "#/components/schemas/AuditRequest");
        assertThat(document.getMap("components.schemas.AuditRequest.properties").keySet())
                .containsExactlyInAnyOrder("partitions", "from", "to", "coldSnapshot");
        assertThat(document.getMap("paths['/api/tables/{table}/maintenance'].post.requestBody.content['application/json']"
                + ".schema")).containsEntry("$ref", "#/components/schemas/MaintenanceRequest");
        assertThat(document.getMap("components.schemas.MaintenanceRequest.properties").keySet())
                .containsExactlyInAnyOrder("actions", "partitions", "dryRun");
    }
}
