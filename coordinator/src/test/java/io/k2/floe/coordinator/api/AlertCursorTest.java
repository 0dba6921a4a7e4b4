package io.k2.floe.coordinator.api;

import io.k2.floe.coordinator.runs.RequestRefused;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertCursorTest {

    @Test
    void anAlertIdWithSlashesSurvivesTheRoundTripToTheMicrosecond() {
        AlertCursor cursor = new AlertCursor(Instant.parse("2026-12-07T21:44:49.570123Z"),
                "RepairWouldLoseRows/gold_ohlcv_1m/2026-11");
        assertThat(cursor.text()).isEqualTo("2026-12-07T21:44:49.570123Z/RepairWouldLoseRows/gold_ohlcv_1m/2026-11");
        assertThat(AlertCursor.parse(cursor.text())).isEqualTo(cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "2026-12-07T21:44:49Z", "2026-12-07T21:44:49Z/", "/ColdLagHigh/silver_trades",
            "2026-12-07/ColdLagHigh/silver_trades", "-/x"})
    void anythingElseIsRefusedNamingTheParameterAndTheValue(String text) {
        assertThatThrownBy(() -> AlertCursor.parse(text)).isInstanceOf(RequestRefused.class)
                .hasMessageContaining("'after'").hasMessageContaining("'" + text + "'");
    }
}
