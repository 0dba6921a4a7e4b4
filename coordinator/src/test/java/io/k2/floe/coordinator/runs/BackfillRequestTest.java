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

    @Test
    void aFirstWindowThatWouldLeaveEarlierWarmRowsBehindIsRefusedNamingTheEarliestRow() {
        Instant from = Instant.parse("2026-03-01T00:00:00Z");
        Instant earliest = Instant.parse("2026-02-28T17:03:09Z");
        assertThatThrownBy(() -> BackfillRequest.checkEarlierRows("bronze_trades_binance", Optional.of(from),
                Optional.of(earliest), false))
                .isInstanceOfSatisfying(RequestRefused.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("bronze_trades_binance")
                .hasMessageContaining("warm rows from 2026-02-28T17:03:09Z")
                .hasMessageContaining("skipEarlierRows");
        // a row at exactly from is outside the window (from, to] too
        assertThatThrownBy(() -> BackfillRequest.checkEarlierRows("t", Optional.of(from), Optional.of(from), false))
                .hasMessageContaining("warm rows from " + from);
    }

    @Test
    void skippingEarlierRowsIsAllowedOnlyWhenAskedForAndOnlyWithFrom() {
        Instant from = Instant.parse("2026-03-01T00:00:00Z");
        Instant earliest = from.minusSeconds(3600);
        assertThatCode(() -> BackfillRequest.checkEarlierRows("t", Optional.of(from), Optional.of(earliest), true))
                .doesNotThrowAnyException();
        assertThatCode(() -> BackfillRequest.checkEarlierRows("t", Optional.of(from), Optional.of(from.plusSeconds(1)),
                false)).doesNotThrowAnyException();
        assertThatCode(() -> BackfillRequest.checkEarlierRows("t", Optional.of(from), Optional.empty(), false))
                .doesNotThrowAnyException();
        assertThatCode(() -> BackfillRequest.checkEarlierRows("t", Optional.empty(), Optional.empty(), false))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> BackfillRequest.checkEarlierRows("t", Optional.empty(), Optional.empty(), true))
                .isInstanceOfSatisfying(RequestRefused.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("skipEarlierRows only applies together with from");
    }
}
