package io.k2.floe.coordinator.api;

import io.k2.floe.coordinator.OwnLedger;
import io.k2.floe.coordinator.ledger.AlertRecord;
import io.k2.floe.tiering.messages.AlertNames;
import io.k2.floe.tiering.testing.KafkaTestClient;
import io.k2.floe.tiering.testing.PrometheusText;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.k2.floe.coordinator.api.ApiTestSupport.assertError;
import static io.k2.floe.coordinator.api.Callers.anonymous;
import static io.k2.floe.coordinator.api.Callers.operator;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/alerts and a table's active alerts, with a real alert: a test table offloaded up to an hour ago
 * (ColdFixture) is more than 30 minutes behind, so the coordinator raises ColdLagHigh for it; pausing the table
 * resolves it (a paused table's lag is an operator's decision, not an incident). The gauges Prometheus's rules read
 * for the same alerts say the same.
 */
@QuarkusTest
@TestProfile(OwnLedger.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiAlertsIT {

    private static final String TABLE = "it_api_lagging";
    private static final String ALERT = AlertNames.COLD_LAG_HIGH + "/" + TABLE;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ColdFixture fixture;

    private KafkaTestClient kafka;

    @BeforeAll
    void prepare() {
        kafka = ApiTestSupport.kafka();
        fixture.offloaded(TABLE);
    }

    @AfterAll
    void disconnect() {
        kafka.close();
    }

    @Test
    void aLaggingTableRaisesAnAlertThatPausingTheTableResolves() {
        Map<String, Object> raised = awaitAlert("?active=true");
        assertThat(raised).containsEntry("name", AlertNames.COLD_LAG_HIGH).containsEntry("table", TABLE)
                .containsEntry("severity", "WARNING").containsEntry("active", true).containsEntry("resolvedAt", null);
        assertThat((String) raised.get("message")).contains(TABLE).contains("minutes behind");
        assertThat(raised.get("labels")).isInstanceOf(Map.class);
        assertThat(Long.parseLong((String) ((Map<?, ?>) raised.get("labels")).get("lagSeconds")))
                .isGreaterThanOrEqualTo(1800);
        assertThat(alerts("")).extracting(a -> a.get("alertId")).contains(ALERT);
        List<Map<String, Object>> ofTable = operator().when().get("/api/tables/" + TABLE).then().statusCode(200)
                .extract().jsonPath().getList("alerts");
        assertThat(ofTable).extracting(a -> a.get("alertId")).contains(ALERT);
        // Prometheus's ColdLagHigh reads the same condition from the gauges (deploy/prometheus/rules/floe-alerts.yml)
        assertThat(gauge("floe_cold_lag_seconds")).as("floe_cold_lag_seconds").isGreaterThan(1800);
        assertThat(gauge("floe_table_paused")).as("floe_table_paused").isZero();
        assertThat(gauge("floe_marker_advanced_seconds")).as("floe_marker_advanced_seconds")
                .isGreaterThan(Instant.now().minus(Duration.ofHours(2)).getEpochSecond());
        assertThat(gauge("floe_offload_failures_in_a_row")).as("floe_offload_failures_in_a_row").isZero();
        assertThat(gauge("floe_audit_mismatches_open")).as("floe_audit_mismatches_open").isZero();
        assertThat(gauge("floe_marker_lost")).as("floe_marker_lost").isZero();
        assertThat(gauge("floe_table_info")).as("floe_table_info").isEqualTo(1);

        operator().when().post("/api/tables/" + TABLE + "/pause").then().statusCode(200);
        try {
            Map<String, Object> resolved = awaitAlert("?active=false");
            assertThat(gauge("floe_table_paused")).as("floe_table_paused of a paused table").isEqualTo(1);
            assertThat(resolved).containsEntry("active", false);
            assertThat(Instant.parse((String) resolved.get("resolvedAt")))
                    .isAfterOrEqualTo(Instant.parse((String) resolved.get("raisedAt")));
            assertThat(alerts("?active=true")).extracting(a -> a.get("alertId")).doesNotContain(ALERT);
            assertThat(operator().when().get("/api/tables/" + TABLE).then().statusCode(200).extract().jsonPath()
                    .getList("alerts")).isEmpty();
        } finally {
            operator().when().post("/api/tables/" + TABLE + "/resume").then().statusCode(200);
        }
    }

    /** The coordinator's gauge {@code name} of the test table (tags table and layer), from its Prometheus scrape. */
    private static double gauge(String name) {
        String text = anonymous().accept("text/plain").when().get("/q/metrics").then().statusCode(200).extract().asString();
        return PrometheusText.require(text, name, Map.of("table", TABLE, "layer", "bronze"));
    }

    @Test
    void alertsAreListedNewestFirst() {
        awaitAlert("");
        for (String query : List.of("", "?active=true", "?active=false")) {
            List<Instant> raised = alerts(query).stream().map(a -> Instant.parse((String) a.get("raisedAt"))).toList();
            assertThat(raised).as("alerts" + query).isSortedAccordingTo((a, b) -> b.compareTo(a));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"active=yes", "active=TRUE", "active=", "state=active", "active=true&active=false"})
    void anUnknownQueryValueOrParameterIsRefused(String query) {
        assertError(operator().when().get("/api/alerts?" + query), 400, "Bad Request",
                query.startsWith("state") ? "state" : "active");
    }

    /**
     * Resolved alerts of years ago, more than a default page holds: the oldest of the ledger, so they end the list of
     * resolved alerts whatever else the coordinator raises or resolves meanwhile (the pages continue after the last
     * alert seen, so a change ahead of them moves none of them). Removed again afterwards.
     */
    private static final String PAGED = "PagingTest/" + UUID.randomUUID() + "/";
    private static final int PAGED_COUNT = AlertsResource.DEFAULT_LIMIT + 1;

    @BeforeAll
    void addOldResolvedAlerts() {
        QuarkusTransaction.requiringNew().run(() -> {
            Instant start = Instant.parse("2000-01-01T00:00:00Z");
            for (int i = 0; i < PAGED_COUNT; i++) {
                AlertRecord alert = new AlertRecord();
                alert.alertId = PAGED + String.format("%03d", i);
                alert.name = "PagingTest";
                alert.severity = "INFO";
                alert.message = "an old alert for the paging test";
                alert.labels = "{}";
                // two alerts per instant: the alert id must break the tie, or pages could overlap or skip
                alert.raisedAt = start.plus(Duration.ofMinutes(i / 2));
                alert.resolvedAt = alert.raisedAt.plusSeconds(60);
                alert.persist();
            }
        });
    }

    @AfterAll
    void removeOldResolvedAlerts() {
        QuarkusTransaction.requiringNew().run(() -> AlertRecord.delete("alertId like ?1", PAGED + "%"));
    }

    @Test
    void withoutALimitAPageHoldsTheDefaultAndLinksTheNext() {
        var answer = operator().when().get("/api/alerts?active=false").then().statusCode(200).extract();
        assertThat(answer.jsonPath().getList("$")).hasSize(AlertsResource.DEFAULT_LIMIT);
        String last = answer.jsonPath().getString("[99].alertId");
        assertThat(URLDecoder.decode(nextPage(answer.header("Link")), StandardCharsets.UTF_8))
                .contains("active=false").contains("limit=100")
                .contains("after=" + answer.jsonPath().getString("[99].raisedAt") + "/" + last)
                .doesNotContain("offset");
    }

    @Test
    void anAlertRaisedAgainBetweenTwoPagesHidesNoOtherAlert() {
        // From the newest of the test's alerts (PAGED 100) down: the first page holds 100 to 094.
        String url = "/api/alerts?active=false&limit=7&after=2000-01-01T00:50:01Z/" + PAGED;
        var first = operator().when().get(url).then().statusCode(200).extract();
        List<String> seen = new ArrayList<>(first.jsonPath().getList("alertId"));
        assertThat(seen).as("the first page").startsWith(PAGED + "100").hasSize(7);
        // An alert of that page is raised again: it leaves the resolved alerts, which shifts every later one by one.
        String again = PAGED + "097";
        Instant raisedAt = QuarkusTransaction.requiringNew().call(() -> {
            AlertRecord alert = AlertRecord.findById(again);
            Instant was = alert.raisedAt;
            alert.resolvedAt = null;
            alert.raisedAt = Instant.now();
            return was;
        });
        try {
            String next = nextPage(first.header("Link"));
            while (next != null) {
                var page = operator().urlEncodingEnabled(false).when().get(next).then().statusCode(200).extract();
                seen.addAll(page.jsonPath().getList("alertId"));
                String link = page.header("Link");
                next = link == null ? null : nextPage(link);
            }
        } finally {
            QuarkusTransaction.requiringNew().run(() -> {
                AlertRecord alert = AlertRecord.findById(again);
                alert.raisedAt = raisedAt;
                alert.resolvedAt = raisedAt.plusSeconds(60);
            });
        }
        List<String> expected = new ArrayList<>();
        for (int i = PAGED_COUNT - 1; i >= 0; i--) {
            expected.add(PAGED + String.format("%03d", i));
        }
        assertThat(seen).as("every alert of the test once, newest first, though 097 was raised again after page 1")
                .containsExactlyElementsOf(expected);
    }

    @Test
    void followingTheLinksWalksEveryAlertOnceNewestFirstAndTheLastPageHasNone() {
        List<String> expected = new ArrayList<>();
        for (int i = PAGED_COUNT - 1; i >= 0; i--) {
            expected.add(PAGED + String.format("%03d", i));
        }
        Set<String> seen = new LinkedHashSet<>();
        String url = "/api/alerts?active=false&limit=7";
        int pages = 0;
        while (url != null) {
            assertThat(++pages).as("pages of 7 alerts").isLessThan(1000);
            // the Link's URL is sent as given (encoded already), as a client following it does
            var answer = operator().urlEncodingEnabled(pages == 1).when().get(url).then().statusCode(200).extract();
            List<Map<String, Object>> page = answer.jsonPath().getList("$");
            String link = answer.header("Link");
            if (link != null) {
                assertThat(page).as("a page that links a next one is full").hasSize(7);
            }
            assertThat(page).as("a page").hasSizeLessThanOrEqualTo(7).isNotEmpty();
            page.stream().map(a -> (String) a.get("alertId")).filter(id -> id.startsWith(PAGED)).forEach(seen::add);
            url = link == null ? null : nextPage(link);
        }
        assertThat(seen).as("the test's alerts as the pages list them").containsExactlyElementsOf(expected);
        // a page past the end is empty and links nothing
        var past = operator().when().get("/api/alerts?active=false&offset=1000000000").then().statusCode(200)
                .extract();
        assertThat(past.jsonPath().getList("$")).isEmpty();
        assertThat(past.header("Link")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=-1", "limit=501", "limit=ten", "limit=", "limit=1&limit=2",
            "offset=-1", "offset=1000000001", "offset=1.5"})
    void aBadLimitOrOffsetIsRefusedNamingIt(String query) {
        String name = query.substring(0, query.indexOf('='));
        assertError(operator().when().get("/api/alerts?active=false&" + query), 400,
                "Bad Request", "'" + name + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"after=", "after=yesterday/x", "after=2026-03-01T00:00:00Z", "after=2026-03-01T00:00:00Z/",
            "after=/OffloadFailing/gold_ohlcv_1d", "after=2026-03-01/OffloadFailing/gold_ohlcv_1d",
            "after=2026-03-01T00:00:00Z/a&after=2026-03-01T00:00:00Z/b"})
    void aCursorThatIsNotAnAlertsIsRefusedNamingIt(String query) {
        assertError(operator().when().get("/api/alerts?" + query), 400, "Bad Request", "'after'");
    }

    @Test
    void aCursorAndAnOffsetTogetherAreRefused() {
        assertError(operator().when().get("/api/alerts?after=2026-03-01T00:00:00Z/x&offset=3"), 400, "Bad Request",
                "'after'", "'offset'", "not both");
    }

    /** The URL of a {@code Link: <url>; rel="next"} header. */
    private static String nextPage(String link) {
        assertThat(link).as("Link header").isNotNull().endsWith("; rel=\"next\"").startsWith("<");
        return link.substring(1, link.indexOf('>'));
    }

    private static List<Map<String, Object>> alerts(String query) {
        return operator().when().get("/api/alerts" + query).then().statusCode(200).extract().jsonPath().getList("$");
    }

    /** The test table's lag alert as GET /api/alerts{query} shows it, once it does. */
    private static Map<String, Object> awaitAlert(String query) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<Map<String, Object>> found = alerts(query).stream()
                    .filter(a -> ALERT.equals(a.get("alertId"))).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("GET /api/alerts" + query + " did not show " + ALERT + " within "
                        + WAIT + ": " + alerts(""));
            }
            ApiTestSupport.sleep(Duration.ofMillis(300));
        }
    }
}
