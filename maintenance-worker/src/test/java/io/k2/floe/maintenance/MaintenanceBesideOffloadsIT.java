package io.k2.floe.maintenance;

import io.k2.floe.maintenance.expiry.SnapshotExpiry;
import io.k2.floe.maintenance.manifests.ManifestRewrite;
import io.k2.floe.maintenance.orphans.OrphanRemoval;
import io.k2.floe.maintenance.testing.MaintainedTable;
import io.k2.floe.tiering.cold.MarkerHistory;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.MaintenanceCompleted;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expiry, orphan cleanup and manifest rewrite over and over while offload windows keep committing to the same table
 * (real stack): every step completes, and afterwards every committed row is read exactly once, every file of every
 * remaining snapshot exists and the marker is the last window's.
 */
class MaintenanceBesideOffloadsIT {

    private static final int WINDOWS = 12;

    private MaintainedTable t;

    @BeforeEach
    void createTable() {
        t = MaintainedTable.onS3("beside_it");
        t.offloadWindow(2, 100);
    }

    @AfterEach
    void dropTable() {
        t.close();
    }

    @Test
    void offloadsAndMaintenanceRunSideBySideWithoutLossOrDuplicate() throws Exception {
        // expiry sees every snapshot as old (clock 8 days ahead) and keeps only the newest of main
        SnapshotExpiry expiry = new SnapshotExpiry(t.catalog(), t.tables(), t.metrics(),
                Clock.offset(Clock.systemUTC(), Duration.ofDays(8)));
        OrphanRemoval orphans = new OrphanRemoval(t.catalog(), t.tables(), t.metrics(), Clock.systemUTC(), true);
        ManifestRewrite manifests = new ManifestRewrite(t.catalog(), t.tables(), t.metrics(), Clock.systemUTC());

        ExecutorService offloads = Executors.newSingleThreadExecutor();
        List<Event> answers = new ArrayList<>();
        try {
            Future<?> writing = offloads.submit(() -> {
                for (int i = 0; i < WINDOWS; i++) {
                    t.offloadWindow(2, 100);
                }
            });
            while (!writing.isDone()) {
                answers.add(manifests.perform(t.command(MaintenanceAction.REWRITE_MANIFESTS, Map.of("max-manifests", "1"))));
                answers.add(expiry.perform(t.command(MaintenanceAction.EXPIRE_SNAPSHOTS, Map.of("retain-last", "1"))));
                // a window is written and committed well within the guard, so no file of a running offload is old
                answers.add(orphans.perform(t.command(MaintenanceAction.REMOVE_ORPHANS, Map.of("older-than", "10s"))));
            }
            writing.get(5, TimeUnit.MINUTES);
        } finally {
            offloads.shutdownNow();
        }

        assertThat(answers).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(a -> assertThat(a).as(a.toString()).isInstanceOf(MaintenanceCompleted.class));
        assertThat(t.readKeys()).isEqualTo(t.expectedKeys());
        assertThat(t.filesOfEverySnapshot()).allSatisfy(f -> assertThat(t.exists(f)).as(f).isTrue());
        assertThat(MarkerHistory.latest(t.cold()).orElseThrow().marker()).isEqualTo(t.lastMarker());
    }
}
