package io.k2.floe.maintenance.expiry;

import io.k2.floe.maintenance.manifests.ManifestRewrite;
import io.k2.floe.maintenance.testing.MaintainedTable;
import io.k2.floe.tiering.cold.MarkerHistory;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.MaintenanceCompleted;
import io.k2.floe.tiering.messages.TaskFailed;
import org.apache.iceberg.SnapshotRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshot expiry against a real Iceberg table (JDBC catalog on the local PostgreSQL, files on the local S3 server),
 * written as offloads write, with a compaction-like rewrite so that some files are referenced only by old snapshots.
 */
class SnapshotExpiryIT {

    private MaintainedTable t;

    @BeforeEach
    void createTable() {
        t = MaintainedTable.onS3("expiry_it");
    }

    @AfterEach
    void dropTable() {
        t.close();
    }

    /** The step with a clock 8 days ahead: every snapshot is older than the default 7 days. */
    private SnapshotExpiry step() {
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(8));
        return new SnapshotExpiry(t.catalog(), t.tables(), t.metrics(), later);
    }

    private List<Long> snapshotIds() {
        List<Long> ids = new ArrayList<>();
        t.cold().snapshots().forEach(s -> ids.add(s.snapshotId()));
        return ids;
    }

    @Test
    void expiredSnapshotsAndTheFilesOnlyTheyReferencedAreGoneAndEveryRemainingFileIsReadable() {
        for (int i = 0; i < 5; i++) {
            t.offloadWindow(2, 200);
        }
        List<String> replaced = t.rewriteFirstDay();   // snapshot 6: day 1's five files become one, as compaction does
        // snapshot 7: manifests rewritten, so no remaining manifest lists the replaced files, even as deleted
        // (Iceberg keeps a file as long as a remaining snapshot's manifest mentions it)
        MaintenanceCompleted rewritten = (MaintenanceCompleted) new ManifestRewrite(t.catalog(), t.tables(),
                t.metrics(), Clock.systemUTC()).perform(t.command(MaintenanceAction.REWRITE_MANIFESTS,
                Map.of("max-manifests", "1")));
        assertThat(rewritten.snapshotId()).isPresent();
        t.offloadWindow(2, 200);                        // snapshot 8: the marker moves on
        assertThat(replaced).hasSize(5);
        assertThat(snapshotIds()).hasSize(8);
        Set<Long> expected = t.expectedKeys();
        assertThat(t.readKeys()).isEqualTo(expected);
        long markerSnapshot = t.cold().currentSnapshot().snapshotId();
        Map<String, SnapshotRef> refs = Map.copyOf(t.cold().refs());

        // dry run: says what would go, changes nothing (not even the marker tag)
        Event preview = step().perform(t.command(MaintenanceAction.EXPIRE_SNAPSHOTS, Map.of("retain-last", "2",
                "dry-run", "true")));
        assertThat(preview).isInstanceOf(MaintenanceCompleted.class);
        MaintenanceCompleted dry = (MaintenanceCompleted) preview;
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.results()).containsEntry("expiredSnapshots", 6L).containsEntry("remainingSnapshots", 2L)
                .containsEntry("deletedDataFiles", 5L).containsEntry("deletedManifestLists", 6L);
        assertThat(snapshotIds()).hasSize(8);
        assertThat(replaced).allMatch(t::exists);
        assertThat(t.cold().refs()).isEqualTo(refs);
        assertThat(t.counter("floe.maintenance.snapshots.expired")).isZero();

        // the real run: keeps the last two of main, deletes exactly the files only the expired ones referenced
        Event answer = step().perform(t.command(MaintenanceAction.EXPIRE_SNAPSHOTS, Map.of("retain-last", "2")));
        assertThat(answer).isInstanceOf(MaintenanceCompleted.class);
        MaintenanceCompleted done = (MaintenanceCompleted) answer;
        assertThat(done.dryRun()).isFalse();
        assertThat(done.results()).containsEntry("expiredSnapshots", 6L).containsEntry("remainingSnapshots", 2L)
                .containsEntry("deletedDataFiles", 5L).containsEntry("deletedManifestLists", 6L)
                .containsEntry("deletedManifests", dry.results().get("deletedManifests"));
        assertThat(snapshotIds()).hasSize(2);
        assertThat(replaced).noneMatch(t::exists);

        // what remains is whole: every file of every remaining snapshot exists, every committed row is read once
        assertThat(t.filesOfEverySnapshot()).allSatisfy(f -> assertThat(t.exists(f)).as(f).isTrue());
        assertThat(t.readKeys()).isEqualTo(expected);
        // the marker is still found, pinned by the tag
        assertThat(MarkerHistory.latest(t.cold()).orElseThrow().marker()).isEqualTo(t.lastMarker());
        SnapshotRef tag = t.cold().refs().get(MarkerHistory.MARKER_TAG);
        assertThat(tag.snapshotId()).isEqualTo(markerSnapshot);

        assertThat(t.counter("floe.maintenance.snapshots.expired")).isEqualTo(6);
        assertThat(t.counter("floe.maintenance.files.deleted", "kind", "data")).isEqualTo(5);
        assertThat(t.counter("floe.maintenance.files.deleted", "kind", "manifest_list")).isEqualTo(6);
    }

    @Test
    void theSnapshotHoldingTheMarkerOutlivesAnyAgeAndCount() {
        t.offloadWindow(1, 50);
        t.offloadWindow(1, 50);
        long marker = t.cold().currentSnapshot().snapshotId();
        t.rewriteFirstDay();  // the current snapshot holds no marker
        t.rewriteFirstDay();

        MaintenanceCompleted done = (MaintenanceCompleted) step().perform(
                t.command(MaintenanceAction.EXPIRE_SNAPSHOTS, Map.of("retain-last", "1")));
        assertThat(done.results()).containsEntry("expiredSnapshots", 2L);
        List<Long> left = snapshotIds();
        assertThat(left).contains(marker, t.cold().currentSnapshot().snapshotId()).hasSize(2);
        assertThat(MarkerHistory.latest(t.cold()).orElseThrow().marker()).isEqualTo(t.lastMarker());
        assertThat(t.readKeys()).isEqualTo(t.expectedKeys());
    }

    @Test
    void youngSnapshotsAndTheLastOnesOfMainAreKept() {
        for (int i = 0; i < 3; i++) {
            t.offloadWindow(1, 50);
        }
        // policy: 7 days; the snapshots are minutes old
        SnapshotExpiry now = new SnapshotExpiry(t.catalog(), t.tables(), t.metrics(), Clock.systemUTC());
        MaintenanceCompleted young = (MaintenanceCompleted) now.perform(
                t.command(MaintenanceAction.EXPIRE_SNAPSHOTS, Map.of()));
        assertThat(young.results()).containsEntry("expiredSnapshots", 0L).containsEntry("deletedFiles", 0L);
        // all old, but the policy's 50 (more than there are) are kept
        MaintenanceCompleted kept = (MaintenanceCompleted) step().perform(
                t.command(MaintenanceAction.EXPIRE_SNAPSHOTS, Map.of()));
        assertThat(kept.results()).containsEntry("expiredSnapshots", 0L);
        assertThat(snapshotIds()).hasSize(3);
    }

    @Test
    void badOptionsAreRefusedNamingTheOptionAndChangeNothing() {
        t.offloadWindow(1, 50);
        t.offloadWindow(1, 50);
        List<Long> before = snapshotIds();
        Map<String, SnapshotRef> refs = Map.copyOf(t.cold().refs());
        for (Map<String, String> options : List.of(Map.of("retain-last", "0"), Map.of("older-than", "soon"),
                Map.of("dryrun", "true"), Map.of("dry-run", "yes"))) {
            Event answer = step().perform(t.command(MaintenanceAction.EXPIRE_SNAPSHOTS, options));
            assertThat(answer).as(options.toString()).isInstanceOf(TaskFailed.class);
            TaskFailed failed = (TaskFailed) answer;
            assertThat(failed.errorType()).isEqualTo(ErrorTypes.INVALID_COMMAND);
            assertThat(failed.message()).contains("'" + options.keySet().iterator().next() + "'");
            assertThat(failed.uncommittedFiles()).isEmpty();
        }
        assertThat(snapshotIds()).isEqualTo(before);
        assertThat(t.cold().refs()).isEqualTo(refs);
    }

    @Test
    void aTableNeverOffloadedHasNothingToExpire() {
        // the table exists but holds no snapshot
        MaintenanceCompleted done = (MaintenanceCompleted) step().perform(
                t.command(MaintenanceAction.EXPIRE_SNAPSHOTS, Map.of()));
        assertThat(done.results()).containsEntry("expiredSnapshots", 0L);
        assertThat(t.cold().currentSnapshot()).isNull();
    }
}
