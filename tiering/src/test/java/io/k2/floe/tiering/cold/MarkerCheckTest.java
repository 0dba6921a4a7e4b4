package io.k2.floe.tiering.cold;

import io.k2.floe.tiering.messages.OffloadMarker;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MarkerCheckTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Instant t(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    private static OffloadMarker marker(int lower, int upper, String command) {
        return new OffloadMarker(t(lower), t(upper), command, "run-1");
    }

    /** A snapshot with just an id and a summary, which is all the check reads. */
    private static Snapshot snapshot(long id, Map<String, String> summary) {
        return (Snapshot) Proxy.newProxyInstance(Snapshot.class.getClassLoader(), new Class<?>[]{Snapshot.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "snapshotId" -> id;
                    case "summary" -> summary;
                    case "toString" -> "snapshot " + id;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Snapshot offload(long id, OffloadMarker m) {
        return snapshot(id, m.toSnapshotSummary());
    }

    private static Snapshot compaction(long id) {
        return snapshot(id, Map.of("operation", "replace"));
    }

    @Test
    void anyWindowProceedsOnATableWithoutSnapshots() {
        assertThat(MarkerCheck.check(List.of(), marker(0, 10, "c1")))
                .isEqualTo(new MarkerCheck.Proceed(java.util.Optional.empty()));
        assertThat(MarkerCheck.check(List.of(), java.util.Optional.empty(), marker(5, 10, "c1")))
                .isEqualTo(new MarkerCheck.Proceed(java.util.Optional.empty()));
    }

    @Test
    void aTableWithHistoryButNoMarkerAnywhereRefusesEveryWindowAsLost() {
        // e.g. a repair or compaction became current, then a tool expired every other snapshot and dropped tag and
        // properties: starting over would offload every warm row again
        List<Snapshot> ancestry = List.of(compaction(9), compaction(8));
        assertThat(MarkerCheck.check(ancestry, java.util.Optional.empty(), marker(0, 10, "c1")))
                .isEqualTo(new MarkerCheck.Lost(9));
        assertThat(MarkerCheck.check(ancestry, java.util.Optional.empty(), marker(20, 30, "c3")))
                .isEqualTo(new MarkerCheck.Lost(9));
    }

    @Test
    void theLostMarkerMessageNamesTableCurrentSnapshotAndTheWayOut() {
        MarkerRefusedException e = MarkerRefusedException.markerLost("floe.cold.bronze_trades_binance", 9,
                marker(20, 30, "c3").window());
        assertThat(e.reason()).isEqualTo(MarkerRefusedException.Reason.MARKER_LOST);
        assertThat(e.latest()).isNull();
        assertThat(e.getMessage()).contains("floe.cold.bronze_trades_binance", "current 9", MarkerHistory.MARKER_TAG,
                "floe.marker.", t(20).toString(), "Resetting a marker");
    }

    @Test
    void theNextAdjacentWindowProceedsPastCompactionSnapshots() {
        List<Snapshot> ancestry = List.of(compaction(3), offload(2, marker(10, 20, "c2")), offload(1, marker(0, 10, "c1")));
        MarkerCheck.Verdict verdict = MarkerCheck.check(ancestry, marker(20, 30, "c3"));
        assertThat(verdict).isEqualTo(new MarkerCheck.Proceed(java.util.Optional.of(new MarkerAt(marker(10, 20, "c2"), 2))));
    }

    @Test
    void aCommittedCommandOrWindowAnywhereInTheAncestryIsARepeat() {
        List<Snapshot> ancestry = List.of(offload(2, marker(10, 20, "c2")), compaction(5), offload(1, marker(0, 10, "c1")));
        assertThat(MarkerCheck.check(ancestry, marker(0, 10, "c1")))
                .isEqualTo(new MarkerCheck.Repeat(1, marker(0, 10, "c1")));
        assertThat(MarkerCheck.check(ancestry, marker(0, 10, "c1-redelivered-as-new-id")))
                .isEqualTo(new MarkerCheck.Repeat(1, marker(0, 10, "c1")));
        assertThat(MarkerCheck.check(ancestry, marker(10, 20, "other")))
                .isEqualTo(new MarkerCheck.Repeat(2, marker(10, 20, "c2")));
    }

    @Test
    void aWindowAfterTheLatestUpperBoundIsAGap() {
        List<Snapshot> ancestry = List.of(offload(2, marker(10, 20, "c2")), offload(1, marker(0, 10, "c1")));
        assertThat(MarkerCheck.check(ancestry, marker(21, 30, "c3")))
                .isEqualTo(new MarkerCheck.Refuse(MarkerRefusedException.Reason.GAP, new MarkerAt(marker(10, 20, "c2"), 2)));
    }

    @Test
    void aWindowStartingBeforeTheLatestUpperBoundIsARegression() {
        List<Snapshot> ancestry = List.of(offload(2, marker(10, 20, "c2")), offload(1, marker(0, 10, "c1")));
        assertThat(MarkerCheck.check(ancestry, marker(15, 30, "c3")))
                .isEqualTo(new MarkerCheck.Refuse(MarkerRefusedException.Reason.REGRESSION, new MarkerAt(marker(10, 20, "c2"), 2)));
        assertThat(MarkerCheck.check(ancestry, marker(0, 5, "c4")))
                .isInstanceOf(MarkerCheck.Refuse.class);
    }

    @Test
    void theRefusalMessageNamesTableLatestMarkerAndRequestedWindow() {
        MarkerRefusedException e = new MarkerRefusedException(MarkerRefusedException.Reason.GAP, "floe.cold.bronze_trades_binance",
                marker(10, 20, "c2"), marker(21, 30, "c3").window());
        assertThat(e.getMessage())
                .contains("floe.cold.bronze_trades_binance", "gap", t(10).toString(), t(20).toString(), "c2",
                        t(21).toString(), t(30).toString());
    }

    @Test
    void whenExpiryLeftNoMarkerInTheAncestryThePinnedMarkerDecides() {
        List<Snapshot> ancestry = List.of(compaction(9), compaction(8));
        java.util.Optional<MarkerAt> pinned = java.util.Optional.of(new MarkerAt(marker(10, 20, "c2"), 2));
        assertThat(MarkerCheck.check(ancestry, pinned, marker(20, 30, "c3")))
                .isEqualTo(new MarkerCheck.Proceed(pinned));
        assertThat(MarkerCheck.check(ancestry, pinned, marker(10, 20, "c2-again")))
                .isEqualTo(new MarkerCheck.Repeat(2, marker(10, 20, "c2")));
        assertThat(MarkerCheck.check(ancestry, pinned, marker(0, 10, "c1")))
                .isEqualTo(new MarkerCheck.Refuse(MarkerRefusedException.Reason.REGRESSION, pinned.get()));
    }
}
