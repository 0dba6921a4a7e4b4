package io.k2.floe.tiering.catalog;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DurationsTest {

    @Test
    void shortAndIsoSpellings() {
        assertThat(Durations.parse("30s")).contains(Duration.ofSeconds(30));
        assertThat(Durations.parse("15m")).contains(Duration.ofMinutes(15));
        assertThat(Durations.parse(" 1H ")).contains(Duration.ofHours(1));
        assertThat(Durations.parse("1d")).contains(Duration.ofDays(1));
        assertThat(Durations.parse("PT2M")).contains(Duration.ofMinutes(2));
        assertThat(Durations.parse("-2m")).contains(Duration.ofMinutes(-2));
        assertThat(Durations.parse("2 minutes")).isEmpty();
        assertThat(Durations.parse("")).isEmpty();
        assertThat(Durations.parse(null)).isEmpty();
    }

    @Test
    void formatsTheShortestExactSpelling() {
        assertThat(Durations.format(Duration.ofDays(1))).isEqualTo("1d");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Durations.format(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("PT1.5S");
    }
}
