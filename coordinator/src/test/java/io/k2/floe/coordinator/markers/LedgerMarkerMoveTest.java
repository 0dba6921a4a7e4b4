package io.k2.floe.coordinator.markers;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.k2.floe.coordinator.markers.LedgerMarkerMove.Kind.BACK;
import static io.k2.floe.coordinator.markers.LedgerMarkerMove.Kind.CAUGHT_UP;
import static io.k2.floe.coordinator.markers.LedgerMarkerMove.Kind.FORWARD;
import static io.k2.floe.coordinator.markers.LedgerMarkerMove.Kind.LOST;
import static io.k2.floe.coordinator.markers.LedgerMarkerMove.Kind.REBUILT;
import static io.k2.floe.coordinator.markers.LedgerMarkerMove.Kind.SAME_UPPER;
import static io.k2.floe.coordinator.markers.LedgerMarkerMove.Kind.UNCHANGED;
import static org.assertj.core.api.Assertions.assertThat;

class LedgerMarkerMoveTest {

    private static final Instant T10 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant T11 = Instant.parse("2026-03-01T11:00:00Z");

    @Test
    void aLostIcebergMarkerNeverEmptiesTheLedgerWhateverTheLedgerHolds() {
        // history without a findable marker: not "nothing offloaded yet", whether or not the ledger knows a marker
        assertThat(LedgerMarkerMove.decide(T10, 1L, null, null, true, null)).isEqualTo(LOST);
        assertThat(LedgerMarkerMove.decide(null, null, null, null, true, null)).isEqualTo(LOST);
        assertThat(LedgerMarkerMove.decide(T10, 1L, null, null, true, T11)).isEqualTo(LOST);
        assertThat(LedgerMarkerMove.advances(LOST)).isFalse();
    }

    @Test
    void anEmptiedLedgerIsRebuiltFromIcebergsMarkerEvenWhenOnlyTheTagOrPropertiesHoldIt() {
        // the marker's snapshot was expired: ColdMarkers still reads the marker (and its snapshot id) from tag/properties
        assertThat(LedgerMarkerMove.decide(null, null, T10, 7L, false, null)).isEqualTo(REBUILT);
        assertThat(LedgerMarkerMove.advances(REBUILT)).isTrue();
    }

    @Test
    void aLedgerAheadOfIcebergOrAnIcebergWithoutHistoryIsAMoveBack() {
        assertThat(LedgerMarkerMove.decide(T11, 2L, T10, 1L, false, null)).isEqualTo(BACK);
        assertThat(LedgerMarkerMove.decide(T11, 2L, null, null, false, null)).isEqualTo(BACK);
        assertThat(LedgerMarkerMove.advances(BACK)).isFalse();
    }

    @Test
    void aReportedCommitIsCatchingUpAndAMissedOneIsAForwardCorrection() {
        assertThat(LedgerMarkerMove.decide(T10, 1L, T11, 2L, false, T11)).isEqualTo(CAUGHT_UP);
        assertThat(LedgerMarkerMove.decide(null, null, T11, 2L, false, T11)).isEqualTo(CAUGHT_UP);
        assertThat(LedgerMarkerMove.decide(T10, 1L, T11, 2L, false, null)).isEqualTo(FORWARD);
        // a worker's report older than Iceberg's marker (an event that arrived late) is still a forward correction
        assertThat(LedgerMarkerMove.decide(T10, 1L, T11, 2L, false, T10)).isEqualTo(FORWARD);
    }

    @Test
    void agreementWritesNothingAndARestoredMarkerOfTheSameBoundTakesItsSnapshot() {
        assertThat(LedgerMarkerMove.decide(T10, 1L, T10, 1L, false, null)).isEqualTo(UNCHANGED);
        assertThat(LedgerMarkerMove.decide(null, null, null, null, false, null)).isEqualTo(UNCHANGED);
        assertThat(LedgerMarkerMove.decide(T10, 1L, T10, 9L, false, null)).isEqualTo(SAME_UPPER);
    }
}
