package io.k2.floe.coordinator.maintenance;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Bronze/silver defaults: more than 48 small files in a closed partition, or more than 500 snapshots. */
class MaintenanceTriggersTest {

    /** Day partitions close an hour after their end. */
    private static final Optional<Instant> MARKER = Optional.of(Instant.parse("2026-03-02T00:30:00Z"));

    @Test
    void manySmallFilesInAClosedPartitionTriggerMaintenance() {
        Optional<String> why = MaintenanceTriggers.crossed(Tables.SILVER, Optional.of(Instant.parse("2026-03-02T01:00:00Z")),
                new MaintenanceTriggers.ColdStats(10, Map.of("2026-03-01", 49)));
        assertThat(why).hasValueSatisfying(text -> assertThat(text).contains("2026-03-01").contains("49")
                .contains("more than 48"));
    }

    @Test
    void anOpenPartitionOrFewFilesDoNot() {
        assertThat(MaintenanceTriggers.crossed(Tables.SILVER, MARKER,
                new MaintenanceTriggers.ColdStats(10, Map.of("2026-03-01", 96)))).as("not closed until 01:00").isEmpty();
        assertThat(MaintenanceTriggers.crossed(Tables.SILVER, Optional.of(Instant.parse("2026-03-03T00:00:00Z")),
                new MaintenanceTriggers.ColdStats(10, Map.of("2026-03-01", 48)))).as("48 is not more than 48").isEmpty();
        assertThat(MaintenanceTriggers.crossed(Tables.SILVER, Optional.empty(),
                new MaintenanceTriggers.ColdStats(10, Map.of("2026-03-01", 96)))).isEmpty();
    }

    @Test
    void tooManySnapshotsTriggerMaintenanceWhateverTheFiles() {
        assertThat(MaintenanceTriggers.crossed(Tables.SILVER, Optional.empty(),
                new MaintenanceTriggers.ColdStats(501, Map.of()))).hasValueSatisfying(text -> assertThat(text)
                .contains("501 snapshots"));
        assertThat(MaintenanceTriggers.crossed(Tables.SILVER, MARKER, new MaintenanceTriggers.ColdStats(500, Map.of())))
                .isEmpty();
    }
}
