package io.k2.floe.coordinator.runs;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackfillRequestTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    private static final Duration LAG = Duration.ofSeconds(30);
    private static final Instant MARKER = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void aBackfillContinuesFromTheMarkerUpToASettledTime() {
        assertThatCode(() -> BackfillRequest.check("t", Optional.empty(), NOW.minusSeconds(60), Optional.of(MARKER), NOW,
                LAG, false)).doesNotThrowAnyException();
        assertThatCode(() -> BackfillRequest.check("t", Optional.of(MARKER), NOW.minusSeconds(60), Optional.empty(), NOW,
                LAG, false)).doesNotThrowAnyException();
    }

    @Test
    void refusals() {
        assertRefused(409, "paused", Optional.empty(), NOW.minusSeconds(60), Optional.of(MARKER), true);
        assertRefused(400, "settle lag", Optional.empty(), NOW, Optional.of(MARKER), false);
        assertRefused(409, "already offloaded up to " + MARKER, Optional.empty(), MARKER, Optional.of(MARKER), false);
        assertRefused(400, "from only applies", Optional.of(MARKER), NOW.minusSeconds(60), Optional.of(MARKER), false);
        assertRefused(400, "inverted", Optional.of(MARKER), MARKER.minusSeconds(1), Optional.empty(), false);
        assertRefused(400, "days", Optional.of(Instant.parse("2020-01-01T00:00:00Z")), NOW.minusSeconds(60),
                Optional.empty(), false);
    }

    private static void assertRefused(int status, String message, Optional<Instant> from, Instant to,
                                      Optional<Instant> marker, boolean paused) {
        assertThatThrownBy(() -> BackfillRequest.check("gold_ohlcv_1h", from, to, marker, NOW, LAG, paused))
                .isInstanceOfSatisfying(RequestRefused.class, r -> org.assertj.core.api.Assertions
                        .assertThat(r.status()).isEqualTo(status))
                .hasMessageContaining(message);
    }
}
