package io.k2.floe.maintenance.commands;

import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.MaintenanceCommand;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StepOptionsTest {

    private static StepOptions options(Map<String, String> options) {
        return StepOptions.of(new MaintenanceCommand("c1", "r1", "t", 1, MaintenanceAction.REMOVE_ORPHANS, List.of(),
                options, Instant.now()), Set.of("older-than", "retain-last"));
    }

    @Test
    void anUnknownOptionIsRefusedNamingItAndTheKnownOnes() {
        assertThatThrownBy(() -> options(Map.of("dryrun", "true")))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("option 'dryrun'")
                .hasMessageContaining("dry-run, older-than, retain-last");
    }

    @Test
    void dryRunIsTrueOrFalse() {
        assertThat(options(Map.of()).dryRun()).isFalse();
        assertThat(options(Map.of("dry-run", " TRUE ")).dryRun()).isTrue();
        assertThatThrownBy(() -> options(Map.of("dry-run", "yes")).dryRun())
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("'dry-run'");
    }

    @Test
    void durationsAreReadLikeTheCatalogsAndHeldToTheirFloor() {
        StepOptions o = options(Map.of("older-than", "2d"));
        assertThat(o.duration("older-than", Duration.ofHours(1))).contains(Duration.ofDays(2));
        assertThat(options(Map.of("older-than", "PT90M")).duration("older-than", Duration.ofHours(1)))
                .contains(Duration.ofMinutes(90));
        assertThat(options(Map.of()).duration("older-than", Duration.ofHours(1))).isEmpty();
        assertThatThrownBy(() -> options(Map.of("older-than", "59m")).duration("older-than", Duration.ofHours(1)))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("shorter than 1h");
        assertThatThrownBy(() -> options(Map.of("older-than", "0s")).duration("older-than", Duration.ZERO))
                .isInstanceOf(InvalidOptionException.class);
        assertThatThrownBy(() -> options(Map.of("older-than", "-1d")).duration("older-than", Duration.ZERO))
                .isInstanceOf(InvalidOptionException.class);
        assertThatThrownBy(() -> options(Map.of("older-than", "a week")).duration("older-than", Duration.ZERO))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("cannot parse 'a week'");
    }

    @Test
    void countsAreAtLeastOne() {
        assertThat(options(Map.of("retain-last", "3")).count("retain-last")).contains(3);
        assertThatThrownBy(() -> options(Map.of("retain-last", "0")).count("retain-last"))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("'retain-last'");
        assertThatThrownBy(() -> options(Map.of("retain-last", "x")).count("retain-last"))
                .isInstanceOf(InvalidOptionException.class);
    }
}
