package io.k2.floe.coordinator.runs;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class WindowPlanTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);

    @Test
    void aWindowContinuesFromTheMarkerToTheTarget() {
        Optional<WindowPlan> plan = WindowPlan.next(Optional.of(T0), T0.minusSeconds(99), T0.plusSeconds(900), Map.of(), WEEK);
        assertThat(plan).contains(new WindowPlan(T0, T0.plusSeconds(900), Optional.empty()));
    }

    @Test
    void aTableWithoutMarkerStartsAtItsFirstLowerBound() {
        Instant first = T0.minusSeconds(3600);
        assertThat(WindowPlan.next(Optional.empty(), first, T0, Map.of(), WEEK).orElseThrow().lower()).isEqualTo(first);
    }

    @Test
    void aDownstreamWindowNeverPassesTheSlowestUpstreamMarker() {
        Map<String, Optional<Instant>> upstreams = new LinkedHashMap<>();
        upstreams.put("bronze_trades_binance", Optional.of(T0.plusSeconds(900)));
        upstreams.put("bronze_trades_kraken", Optional.of(T0.plusSeconds(300)));
        WindowPlan plan = WindowPlan.next(Optional.of(T0), T0, T0.plusSeconds(900), upstreams, WEEK).orElseThrow();
        assertThat(plan.upper()).isEqualTo(T0.plusSeconds(300));
        assertThat(plan.limitedBy()).contains("bronze_trades_kraken");
    }

    @Test
    void nothingToDoWhenAnUpstreamIsNotAheadOfTheMarkerOrHasNoMarker() {
        assertThat(WindowPlan.next(Optional.of(T0), T0, T0.plusSeconds(900),
                Map.of("silver_trades", Optional.of(T0)), WEEK)).isEmpty();
        assertThat(WindowPlan.next(Optional.of(T0), T0, T0.plusSeconds(900),
                Map.of("silver_trades", Optional.empty()), WEEK)).isEmpty();
    }

    @Test
    void nothingToDoWhenTheMarkerIsAlreadyAtOrPastTheTarget() {
        assertThat(WindowPlan.next(Optional.of(T0), T0, T0, Map.of(), WEEK)).isEmpty();
        assertThat(WindowPlan.next(Optional.of(T0.plusSeconds(5)), T0, T0, Map.of(), WEEK)).isEmpty();
    }

    @Test
    void aLongWayBehindIsCutIntoWindowsOfAtMostTheMaximum() {
        WindowPlan plan = WindowPlan.next(Optional.of(T0), T0, T0.plus(Duration.ofDays(20)), Map.of(), WEEK).orElseThrow();
        assertThat(plan.upper()).isEqualTo(T0.plus(WEEK));
        assertThat(plan.limitedBy()).contains("max-window");
    }
}
