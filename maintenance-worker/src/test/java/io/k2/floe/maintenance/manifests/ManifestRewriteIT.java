package io.k2.floe.maintenance.manifests;

import io.k2.floe.maintenance.testing.MaintainedTable;
import io.k2.floe.tiering.cold.MarkerHistory;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.MaintenanceCompleted;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Manifest rewrite on a real table (local PostgreSQL catalog, local S3) written by eight offload windows. */
class ManifestRewriteIT {

    private MaintainedTable t;

    @BeforeEach
    void createTable() {
        t = MaintainedTable.onS3("manifests_it");
        for (int i = 0; i < 8; i++) {
            t.offloadWindow(3, 40); // each window's manifest spans three days
        }
    }

    @AfterEach
    void dropTable() {
        t.close();
    }

    private ManifestRewrite step() {
        return new ManifestRewrite(t.catalog(), t.tables(), t.metrics(), Clock.systemUTC());
    }

    private List<ManifestFile> manifests() {
        Table cold = t.cold();
        return cold.currentSnapshot().dataManifests(cold.io());
    }

    @Test
    void aboveTheThresholdManifestsAreClusteredByPartitionAndEveryRowStays() {
        assertThat(manifests()).hasSize(8);
        long current = t.cold().currentSnapshot().snapshotId();

        // under the policy's 100 there is nothing to do
        MaintenanceCompleted policy = (MaintenanceCompleted) step().perform(
                t.command(MaintenanceAction.REWRITE_MANIFESTS, Map.of()));
        assertThat(policy.results()).containsEntry("manifestsBefore", 8L).containsEntry("rewrittenManifests", 0L);
        assertThat(policy.snapshotId()).isEmpty();

        MaintenanceCompleted dry = (MaintenanceCompleted) step().perform(
                t.command(MaintenanceAction.REWRITE_MANIFESTS, Map.of("max-manifests", "4", "dry-run", "true")));
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.results()).containsEntry("manifestsBefore", 8L).containsEntry("rewrittenManifests", 8L);
        assertThat(t.cold().currentSnapshot().snapshotId()).isEqualTo(current);
        assertThat(manifests()).hasSize(8);

        MaintenanceCompleted done = (MaintenanceCompleted) step().perform(
                t.command(MaintenanceAction.REWRITE_MANIFESTS, Map.of("max-manifests", "4")));
        assertThat(done.results()).containsEntry("manifestsBefore", 8L).containsEntry("manifestsAfter", 3L)
                .containsEntry("rewrittenManifests", 8L);
        assertThat(done.snapshotId()).contains(t.cold().currentSnapshot().snapshotId());
        List<ManifestFile> after = manifests();
        assertThat(after).hasSize(3);
        // one partition per manifest: its partition summary's bounds are one day
        assertThat(after).allSatisfy(m -> assertThat(m.partitions().get(0).lowerBound())
                .isEqualTo(m.partitions().get(0).upperBound()));
        assertThat(t.readKeys()).isEqualTo(t.expectedKeys());
        assertThat(MarkerHistory.latest(t.cold()).orElseThrow().marker()).isEqualTo(t.lastMarker());
        assertThat(t.counter("floe.maintenance.manifests.rewritten")).isEqualTo(8);

        // still above the threshold, but one partition per manifest already: nothing to rewrite again
        long rewritten = t.cold().currentSnapshot().snapshotId();
        MaintenanceCompleted again = (MaintenanceCompleted) step().perform(
                t.command(MaintenanceAction.REWRITE_MANIFESTS, Map.of("max-manifests", "1")));
        assertThat(again.results()).containsEntry("manifestsBefore", 3L).containsEntry("rewrittenManifests", 0L);
        assertThat(again.snapshotId()).isEmpty();
        assertThat(t.cold().currentSnapshot().snapshotId()).isEqualTo(rewritten);
    }
}
