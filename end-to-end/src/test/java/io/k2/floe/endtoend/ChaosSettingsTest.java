package io.k2.floe.endtoend;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChaosSettingsTest {

    @Test
    void theShortRunIsCisTwoMinutesWithTenFaultsAndARandomSeed() {
        ChaosSettings settings = ChaosSettings.from(Map.of(), 42);
        assertThat(settings.full()).isFalse();
        assertThat(settings.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.faults()).isEqualTo(10);
        assertThat(settings.seed()).isEqualTo(42);
        assertThat(settings.pace()).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void theFullRunIsHalfAnHourWithFiftyFaultsOfEveryKind() {
        ChaosSettings settings = ChaosSettings.from(Map.of("floe.chaos.full", "true"), 1);
        assertThat(settings.duration()).isEqualTo(Duration.ofMinutes(30));
        assertThat(settings.faults()).isEqualTo(50 * FaultKind.values().length);
        assertThat(ChaosSettings.from(Map.of("floe.chaos.full", ""), 1).full()).as("-Dfloe.chaos.full alone").isTrue();
    }

    @Test
    void minutesFaultsAndSeedOverrideTheRun() {
        ChaosSettings settings = ChaosSettings.from(Map.of("floe.chaos.minutes", "7", "floe.chaos.faults", "20",
                "floe.chaos.seed", "-5"), 1);
        assertThat(settings.duration()).isEqualTo(Duration.ofMinutes(7));
        assertThat(settings.faults()).isEqualTo(20);
        assertThat(settings.seed()).isEqualTo(-5);
    }

    @Test
    void aBadValueIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> ChaosSettings.from(Map.of("floe.chaos.minutes", "ten"), 1))
                .hasMessage("floe.chaos.minutes must be a whole number, got 'ten'");
        assertThatThrownBy(() -> ChaosSettings.from(Map.of("floe.chaos.faults", "0"), 1))
                .hasMessage("floe.chaos.faults must be between 1 and 100000, got 0");
        assertThatThrownBy(() -> ChaosSettings.from(Map.of("floe.chaos.full", "yes"), 1))
                .hasMessage("floe.chaos.full must be true or false, got 'yes'");
    }

    @Test
    void everyKindGetsItsShareAndTheSameSeedPicksTheSameSequence() {
        FaultPicker picker = new FaultPicker(new Random(7));
        FaultPicker again = new FaultPicker(new Random(7));
        int kinds = FaultKind.values().length;
        for (int i = 0; i < 3 * kinds + 2; i++) {
            assertThat(picker.next()).as("pick %d", i).isEqualTo(again.next());
        }
        assertThat(picker.counts().values()).allSatisfy(count -> assertThat(count).isBetween(3, 4));
        assertThat(picker.counts().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(3 * kinds + 2);
    }
}
