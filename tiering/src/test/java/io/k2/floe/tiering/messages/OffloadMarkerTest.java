package io.k2.floe.tiering.messages;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffloadMarkerTest {

    @Test
    void theMarkerRoundTripsThroughASnapshotSummary() {
        Map<String, String> summary = new HashMap<>(Samples.MARKER.toSnapshotSummary());
        assertThat(summary).containsEntry("floe.marker.window-upper", "2026-03-02T10:00:00Z")
                .containsEntry("floe.marker.command-id", "cmd-1")
                .containsEntry("floe.marker.version", "1");
        summary.put("added-records", "1234"); // Iceberg's own summary entries sit beside it
        assertThat(OffloadMarker.fromSnapshotSummary(summary)).contains(Samples.MARKER);
    }

    @Test
    void aSnapshotWithoutAMarkerHasNone() {
        assertThat(OffloadMarker.fromSnapshotSummary(Map.of("operation", "replace"))).isEmpty();
        assertThat(OffloadMarker.fromSnapshotSummary(null)).isEmpty();
    }

    @Test
    void aBrokenMarkerIsNotMistakenForNone() {
        Map<String, String> summary = new HashMap<>(Samples.MARKER.toSnapshotSummary());
        summary.remove("floe.marker.window-lower");
        assertThatThrownBy(() -> OffloadMarker.fromSnapshotSummary(summary))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("snapshot summary marker lacks floe.marker.window-lower");
        summary.put("floe.marker.window-lower", "x");
        assertThatThrownBy(() -> OffloadMarker.fromSnapshotSummary(summary)).hasMessageContaining("'x' is not an ISO-8601");
        summary.put("floe.marker.version", "2");
        assertThatThrownBy(() -> OffloadMarker.fromSnapshotSummary(summary)).hasMessageContaining("marker version 2");
    }

    @Test
    void windowSemanticsAreLowerExclusiveUpperInclusive() {
        Window w = Samples.WINDOW;
        assertThat(w.contains(w.lower())).isFalse();
        assertThat(w.contains(w.upper())).isTrue();
        assertThat(w.contains(w.lower().plusNanos(1000))).isTrue();
        assertThat(w.contains(w.upper().plusSeconds(1))).isFalse();
        assertThat(Samples.MARKER.window()).isEqualTo(w);
        assertThat(w.toString()).isEqualTo("(2026-03-02T09:45:00Z, 2026-03-02T10:00:00Z]");
    }

    @Test
    void aMarkerNeedsAnOrderedWindowAndIds() {
        Instant t = Instant.parse("2026-03-02T10:00:00Z");
        assertThatThrownBy(() -> new OffloadMarker(t, t, "c", "r"))
                .hasMessage("windowLower (2026-03-02T10:00:00Z) must be before windowUpper (2026-03-02T10:00:00Z)");
        assertThatThrownBy(() -> new OffloadMarker(t.minusSeconds(1), t, " ", "r")).hasMessage("commandId must not be blank");
    }
}
