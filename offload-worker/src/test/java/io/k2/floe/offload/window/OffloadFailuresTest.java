package io.k2.floe.offload.window;

import io.k2.floe.tiering.cold.MarkerRefusedException;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.OffloadMarker;
import io.k2.floe.tiering.messages.Window;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class OffloadFailuresTest {

    private static final Window WINDOW = new Window(Instant.parse("2026-03-01T10:00:00Z"),
            Instant.parse("2026-03-01T10:15:00Z"));

    @Test
    void eachRefusalHasItsOwnErrorTypeAndALostMarkerIsNotAWindowError() {
        OffloadMarker latest = OffloadMarker.of(new Window(WINDOW.lower().minusSeconds(900), WINDOW.lower()), "c", "r");
        assertThat(OffloadFailures.errorType(new MarkerRefusedException(MarkerRefusedException.Reason.GAP, "t",
                latest, WINDOW))).isEqualTo(ErrorTypes.WINDOW_GAP);
        assertThat(OffloadFailures.errorType(new MarkerRefusedException(MarkerRefusedException.Reason.REGRESSION, "t",
                latest, WINDOW))).isEqualTo(ErrorTypes.WINDOW_REGRESSION);
        // a window error would make the coordinator replan from a guess; MARKER_LOST is final
        assertThat(OffloadFailures.errorType(MarkerRefusedException.markerLost("t", 9, WINDOW)))
                .isEqualTo(ErrorTypes.MARKER_LOST);
    }
}
