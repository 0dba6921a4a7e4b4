package io.k2.floe.coordinator.maintenance;

import io.k2.floe.tiering.messages.MaintenanceAction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.k2.floe.coordinator.maintenance.MaintenanceStep.AUDIT_COMPACTED;
import static io.k2.floe.coordinator.maintenance.MaintenanceStep.AUDIT_RETENTION;
import static io.k2.floe.coordinator.maintenance.MaintenanceStep.COMPACT;
import static io.k2.floe.coordinator.maintenance.MaintenanceStep.DROP_WARM_PARTITIONS;
import static io.k2.floe.coordinator.maintenance.MaintenanceStep.EXPIRE_SNAPSHOTS;
import static io.k2.floe.coordinator.maintenance.MaintenanceStep.REMOVE_ORPHANS;
import static io.k2.floe.coordinator.maintenance.MaintenanceStep.REWRITE_MANIFESTS;
import static org.assertj.core.api.Assertions.assertThat;

class MaintenanceStepTest {

    @Test
    void everyActionRunsInTheFixedOrderWithTheAuditsBetween() {
        assertThat(walk(EnumSet.allOf(MaintenanceAction.class), false)).containsExactly(COMPACT, AUDIT_COMPACTED,
                REWRITE_MANIFESTS, EXPIRE_SNAPSHOTS, REMOVE_ORPHANS, AUDIT_RETENTION, DROP_WARM_PARTITIONS);
    }

    @Test
    void aDryRunAuditsNothing() {
        assertThat(walk(EnumSet.allOf(MaintenanceAction.class), true)).containsExactly(COMPACT, REWRITE_MANIFESTS,
                EXPIRE_SNAPSHOTS, REMOVE_ORPHANS, DROP_WARM_PARTITIONS);
    }

    @Test
    void aSubsetKeepsTheOrderWhateverTheOrderAskedIn() {
        assertThat(walk(EnumSet.of(MaintenanceAction.REMOVE_ORPHANS, MaintenanceAction.COMPACT), false))
                .containsExactly(COMPACT, AUDIT_COMPACTED, REMOVE_ORPHANS);
        assertThat(walk(EnumSet.of(MaintenanceAction.DROP_WARM_PARTITIONS), false))
                .as("the drop always follows the audit that decides what it drops")
                .containsExactly(AUDIT_RETENTION, DROP_WARM_PARTITIONS);
        assertThat(walk(EnumSet.of(MaintenanceAction.EXPIRE_SNAPSHOTS), false)).containsExactly(EXPIRE_SNAPSHOTS);
        assertThat(MaintenanceStep.first(EnumSet.noneOf(MaintenanceAction.class), false)).isEmpty();
    }

    @Test
    void auditsGoToTheAuditorTheRestToTheMaintenanceWorker() {
        assertThat(AUDIT_COMPACTED.isAudit()).isTrue();
        assertThat(AUDIT_RETENTION.isAudit()).isTrue();
        assertThat(EnumSet.complementOf(EnumSet.of(AUDIT_COMPACTED, AUDIT_RETENTION)))
                .allSatisfy(step -> assertThat(step.isAudit()).isFalse());
    }

    private static List<MaintenanceStep> walk(Set<MaintenanceAction> actions, boolean dryRun) {
        List<MaintenanceStep> steps = new ArrayList<>();
        Optional<MaintenanceStep> step = MaintenanceStep.first(actions, dryRun);
        while (step.isPresent()) {
            steps.add(step.get());
            step = MaintenanceStep.after(step.get(), actions, dryRun);
        }
        return steps;
    }
}
