package io.k2.floe.coordinator.runs;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.Layer;
import io.k2.floe.tiering.catalog.MaintenancePolicy;
import io.k2.floe.tiering.catalog.PartitionTransform;
import io.k2.floe.tiering.catalog.TimeEncoding;
import io.k2.floe.tiering.messages.TimeRange;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditRequestTest {

    private static final CatalogTable DAYS = table(PartitionTransform.Unit.DAY);
    private static final CatalogTable MONTHS = table(PartitionTransform.Unit.MONTH);
    private static final CatalogTable HOURS = table(PartitionTransform.Unit.HOUR);
    private static final Instant MARKER = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-03-02T00:00:00Z");

    @Test
    void partitionsOrARangeAreAuditedAtTheCurrentOrAGivenSnapshot() {
        AuditRequest partitions = AuditRequest.of(DAYS, Optional.of(List.of("2026-03-01", "2026-02-28")),
                Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(partitions.partitions()).containsExactly("2026-03-01", "2026-02-28");
        assertThat(partitions.range()).isEmpty();
        assertThatCode(() -> partitions.requireSomethingToAudit(DAYS, Optional.of(MARKER))).doesNotThrowAnyException();

        AuditRequest range = AuditRequest.of(MONTHS, Optional.empty(), Optional.of(FROM), Optional.of(TO),
                Optional.of(42L));
        assertThat(range.partitions()).isEmpty();
        assertThat(range.range()).contains(new TimeRange(FROM, TO));
        assertThat(range.coldSnapshot()).contains(42L);
        assertThatCode(() -> range.requireSomethingToAudit(MONTHS, Optional.of(MARKER))).doesNotThrowAnyException();
        assertThat(range.describe()).contains(FROM.toString()).contains("snapshot 42");
        // 1000 hour partitions, the first one entered half-way, are as many as one audit takes
        assertThat(AuditRequest.of(HOURS, Optional.empty(), Optional.of(FROM.plusSeconds(1800)),
                Optional.of(FROM.plus(Duration.ofHours(1000))), Optional.empty()).range()).isPresent();
    }

    @Test
    void aRequestWrongInItselfIsABadRequest() {
        Optional<Instant> none = Optional.empty();
        assertBadRequest("not both", () -> AuditRequest.of(DAYS, Optional.of(List.of("2026-03-01")), Optional.of(FROM),
                Optional.of(TO), Optional.empty()));
        assertBadRequest("give either 'partitions'", () -> AuditRequest.of(DAYS, Optional.empty(), none, none,
                Optional.of(1L)));
        assertBadRequest("'to' is missing", () -> AuditRequest.of(DAYS, Optional.empty(), Optional.of(FROM), none,
                Optional.empty()));
        assertBadRequest("'from' is missing", () -> AuditRequest.of(DAYS, Optional.empty(), none, Optional.of(TO),
                Optional.empty()));
        assertBadRequest("inverted or empty", () -> AuditRequest.of(DAYS, Optional.empty(), Optional.of(TO),
                Optional.of(FROM), Optional.empty()));
        assertBadRequest("inverted or empty", () -> AuditRequest.of(DAYS, Optional.empty(), Optional.of(FROM),
                Optional.of(FROM), Optional.empty()));
        assertBadRequest("more than 366", () -> AuditRequest.of(DAYS, Optional.empty(),
                Optional.of(FROM.minus(Duration.ofDays(400))), Optional.of(TO), Optional.empty()));
        assertBadRequest("is empty", () -> AuditRequest.of(DAYS, Optional.of(List.of()), none, none, Optional.empty()));
        assertBadRequest("'2026-03' is not a day partition of trade_time_us", () -> AuditRequest.of(DAYS,
                Optional.of(List.of("2026-03-01", "2026-03")), none, none, Optional.empty()));
        assertBadRequest("'2026-03-01' is not a month partition", () -> AuditRequest.of(MONTHS,
                Optional.of(List.of("2026-03-01")), none, none, Optional.empty()));
        assertBadRequest("lists partition 2026-03-01 twice", () -> AuditRequest.of(DAYS,
                Optional.of(List.of("2026-03-01", "2026-03-02", "2026-03-01")), none, none, Optional.empty()));
        assertBadRequest("more than 1000", () -> AuditRequest.of(DAYS,
                Optional.of(Collections.nCopies(1001, "2026-03-01")), none, none, Optional.empty()));
        assertBadRequest("covers more than 1000 hour partitions of t", () -> AuditRequest.of(HOURS, Optional.empty(),
                Optional.of(FROM), Optional.of(FROM.plus(Duration.ofHours(1000)).plusSeconds(1)), Optional.empty()));
    }

    @Test
    void aRequestTheMarkerLeavesNothingToAuditIsAConflict() {
        AuditRequest partitions = AuditRequest.of(DAYS, Optional.of(List.of("2026-03-01", "2026-03-02", "2026-03-03")),
                Optional.empty(), Optional.empty(), Optional.empty());
        assertConflict("no committed marker", () -> partitions.requireSomethingToAudit(DAYS, Optional.empty()));
        assertConflict("partition 2026-03-03 of t starts at 2026-03-03T00:00:00Z, at or after the table's committed"
                + " marker " + MARKER, () -> partitions.requireSomethingToAudit(DAYS, Optional.of(MARKER)));
        AuditRequest later = AuditRequest.of(DAYS, Optional.empty(), Optional.of(MARKER), Optional.of(MARKER.plusSeconds(1)),
                Optional.empty());
        assertConflict("starts at or after the committed marker", () -> later.requireSomethingToAudit(DAYS,
                Optional.of(MARKER)));
    }

    private static void assertBadRequest(String message, ThrowableAssert.ThrowingCallable request) {
        assertRefused(400, message, request);
    }

    private static void assertConflict(String message, ThrowableAssert.ThrowingCallable request) {
        assertRefused(409, message, request);
    }

    private static void assertRefused(int status, String message, ThrowableAssert.ThrowingCallable request) {
        assertThatThrownBy(request).isInstanceOfSatisfying(RequestRefused.class, r -> {
            assertThat(r.status()).isEqualTo(status);
            assertThat(r.getMessage()).contains(message);
        });
    }

    private static CatalogTable table(PartitionTransform.Unit unit) {
        return new CatalogTable("t", Layer.BRONZE, "t", "t", CatalogTable.COLD_NAMESPACE + ".t",
                new PartitionTransform(unit, "trade_time_us"), List.of("trade_time_us"), "ingested_at", "trade_time_us",
                TimeEncoding.EPOCH_MICROS, List.of("id"), List.of(), Optional.empty(), Duration.ZERO,
                MaintenancePolicy.defaults(Layer.BRONZE));
    }
}
