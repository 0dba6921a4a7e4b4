package io.k2.floe.coordinator.maintenance;

import io.k2.floe.tiering.catalog.CatalogTable;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** Which warm partitions retention audits, takes as known equal, or keeps for a downstream repair. */
class RetentionPlanTest {

    /** Silver keeps 30 days; on 2026-04-20 the days up to 2026-03-20 are past retention. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-04-20T12:00:00Z"), ZoneOffset.UTC);
    private static final Instant MARKER = Instant.parse("2026-04-20T11:00:00Z");
    private static final long SNAPSHOT = 77L;

    private final Map<String, RetentionPlan.Seen> seen = new HashMap<>();
    private final BiFunction<String, String, Optional<RetentionPlan.Seen>> verdicts =
            (table, partition) -> Optional.ofNullable(seen.get(table + "/" + partition));

    @Test
    void partitionsPastRetentionAndBelowTheMarkerAreCandidates() {
        RetentionPlan plan = plan(Tables.SILVER, List.of("2026-03-18", "2026-03-19", "2026-03-20", "2026-03-21",
                "2026-04-19"), Set.of(), Optional.of(MARKER), List.of());
        // 2026-03-20 ends 03-21T00:00, 30 days before 04-20T00:00: past; 03-21 ends 30 days before 04-21: not yet
        assertThat(plan.toAudit()).containsExactly("2026-03-18", "2026-03-19", "2026-03-20");
        assertThat(plan.knownEqual()).isEmpty();
        assertThat(plan.refused()).isEmpty();
    }

    @Test
    void nothingIsACandidateBeyondTheMarkerOrWithoutOne() {
        Instant early = Instant.parse("2026-03-19T06:00:00Z");
        assertThat(plan(Tables.SILVER, List.of("2026-03-18", "2026-03-19"), Set.of(), Optional.of(early), List.of())
                .candidates()).as("only partitions whose end the marker has reached").containsExactly("2026-03-18");
        assertThat(plan(Tables.SILVER, List.of("2026-03-18"), Set.of(), Optional.empty(), List.of()).isEmpty()).isTrue();
    }

    @Test
    void anEqualVerdictAtTheCurrentSnapshotNeedsNoAuditAnOlderOneDoes() {
        seen.put("silver_trades/2026-03-18", new RetentionPlan.Seen(true, SNAPSHOT));
        seen.put("silver_trades/2026-03-19", new RetentionPlan.Seen(true, SNAPSHOT - 1));
        seen.put("silver_trades/2026-03-20", new RetentionPlan.Seen(false, SNAPSHOT));
        RetentionPlan plan = plan(Tables.SILVER, List.of("2026-03-18", "2026-03-19", "2026-03-20"), Set.of(),
                Optional.of(MARKER), List.of());
        assertThat(plan.knownEqual()).containsExactly("2026-03-18");
        assertThat(plan.toAudit()).containsExactly("2026-03-19", "2026-03-20");
    }

    @Test
    void theRequestsPartitionsLimitTheCandidatesAndUnknownShapesAreIgnored() {
        RetentionPlan plan = plan(Tables.SILVER, List.of("2026-03-18", "2026-03-19", "2026-03", "junk"),
                Set.of("2026-03-19"), Optional.of(MARKER), List.of());
        assertThat(plan.candidates()).containsExactly("2026-03-19");
    }

    @Test
    void aSilverDayIsKeptWhileTheGoldMonthItFeedsIsNotClosedOrNotVerified() {
        // gold closes a month one day after its end: March is closed once gold's marker reaches April 2nd
        Instant beforeClose = Instant.parse("2026-04-01T12:00:00Z");
        RetentionPlan open = plan(Tables.SILVER, List.of("2026-03-18"), Set.of(), Optional.of(MARKER),
                List.of(new RetentionPlan.Downstream(Tables.GOLD, Optional.of(beforeClose))));
        assertThat(open.toAudit()).isEmpty();
        assertThat(open.refused()).containsOnlyKeys("2026-03-18");
        assertThat(open.refused().get("2026-03-18")).contains("gold_ohlcv_1h partition 2026-03")
                .contains("not closed yet").contains("2026-04-02T00:00:00Z");

        List<RetentionPlan.Downstream> closed = List.of(new RetentionPlan.Downstream(Tables.GOLD, Optional.of(MARKER)));
        RetentionPlan unverified = plan(Tables.SILVER, List.of("2026-03-18"), Set.of(), Optional.of(MARKER), closed);
        assertThat(unverified.refused().get("2026-03-18")).contains("not verified equal (no verdict seen)");

        seen.put("gold_ohlcv_1h/2026-03", new RetentionPlan.Seen(false, 5L));
        assertThat(plan(Tables.SILVER, List.of("2026-03-18"), Set.of(), Optional.of(MARKER), closed).refused()
                .get("2026-03-18")).contains("its latest verdict is a mismatch");

        seen.put("gold_ohlcv_1h/2026-03", new RetentionPlan.Seen(true, 5L));
        RetentionPlan verified = plan(Tables.SILVER, List.of("2026-03-18"), Set.of(), Optional.of(MARKER), closed);
        assertThat(verified.refused()).isEmpty();
        assertThat(verified.toAudit()).containsExactly("2026-03-18");
    }

    @Test
    void aPartitionIsBlockedOnlyPastRetentionPlusGrace() {
        // silver: 30 days of retention, 1 day of grace; 2026-03-19 ends 03-20, past grace from 04-20T00:00
        Instant now = CLOCK.instant();
        assertThat(RetentionPlan.pastGrace(Tables.SILVER, "2026-03-19", now)).isTrue();
        assertThat(RetentionPlan.pastGrace(Tables.SILVER, "2026-03-20", now)).isFalse();
        assertThat(RetentionPlan.pastGrace(Tables.SILVER, "2026-03-20", now.plus(Duration.ofHours(12)))).isTrue();
    }

    private RetentionPlan plan(CatalogTable table, List<String> warm, Set<String> only, Optional<Instant> marker,
                               List<RetentionPlan.Downstream> downstreams) {
        return RetentionPlan.of(table, warm, only, marker, CLOCK.instant(), Optional.of(SNAPSHOT), verdicts,
                downstreams);
    }
}
