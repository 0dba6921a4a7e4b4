package io.k2.floe.maintenance.orphans;

import io.k2.floe.maintenance.testing.MaintainedTable;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.MaintenanceCompleted;
import io.k2.floe.tiering.messages.TaskFailed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Orphan-file cleanup on a real table of one kind of warehouse (the subclasses: S3 on the local s3proxy, a local
 * directory): files planted under the table's location — data files a window writer wrote and never committed (what a
 * SIGKILLed offload leaves) and junk in the data and metadata folders — some old, some young.
 */
abstract class OrphanRemovalContract {

    /** The test-only age guard: old files are planted, then we wait past it, then young ones are planted. */
    private static final String AGE = "3s";
    private static final long WAIT_MS = 5_000;

    protected MaintainedTable t;

    abstract MaintainedTable openTable();

    @BeforeEach
    void createTable() {
        t = openTable();
    }

    @AfterEach
    void dropTable() {
        t.close();
    }

    private OrphanRemoval step(boolean testOnlyShortAge) {
        return new OrphanRemoval(t.catalog(), t.tables(), t.metrics(), Clock.systemUTC(), testOnlyShortAge);
    }

    private MaintenanceCompleted run(Map<String, String> options) {
        Event answer = step(true).perform(t.command(MaintenanceAction.REMOVE_ORPHANS, options));
        assertThat(answer).as(answer.toString()).isInstanceOf(MaintenanceCompleted.class);
        return (MaintenanceCompleted) answer;
    }

    @Test
    void oldUnreferencedFilesGoYoungOnesAndEveryReferencedFileStay() throws Exception {
        t.offloadWindow(2, 100);
        t.offloadWindow(2, 100);
        t.rewriteFirstDay(); // the replaced files stay referenced by the older snapshots: not orphans
        t.offloadWindow(2, 100);
        Set<String> referenced = t.filesOfEverySnapshot();

        List<String> old = new ArrayList<>(t.uncommittedWindow("killed-offload"));
        old.add(t.plant("data/trade_time_us_day=2026-03-01/junk-old.parquet"));
        old.add(t.plant("metadata/junk-old.avro"));
        // a sibling whose location merely starts like the table's: not under the table, never touched
        String sibling = t.plantAt(t.cold().location() + "_sibling/data/old.parquet");
        Thread.sleep(WAIT_MS);
        List<String> young = new ArrayList<>(t.uncommittedWindow("running-offload"));
        young.add(t.plant("data/trade_time_us_day=2026-03-02/junk-young.parquet"));
        assertThat(old).hasSizeGreaterThanOrEqualTo(3);

        // dry run: counts what would go, deletes nothing
        MaintenanceCompleted dry = run(Map.of("older-than", AGE, "dry-run", "true"));
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.results()).containsEntry("orphanFiles", (long) old.size())
                .containsEntry("youngUnreferencedFiles", (long) young.size())
                .containsEntry("deletedOrphanFiles", 0L);
        assertThat(dry.results().get("orphanBytes")).isPositive();
        assertThat(old).allMatch(t::exists);
        assertThat(t.counter("floe.maintenance.orphans.removed")).isZero();

        MaintenanceCompleted done = run(Map.of("older-than", AGE));
        assertThat(done.dryRun()).isFalse();
        assertThat(done.results()).containsEntry("orphanFiles", (long) old.size())
                .containsEntry("deletedOrphanFiles", (long) old.size())
                .containsEntry("youngUnreferencedFiles", (long) young.size());
        assertThat(old).noneMatch(t::exists);
        assertThat(young).allMatch(t::exists);
        assertThat(t.exists(sibling)).isTrue();
        assertThat(referenced).allSatisfy(f -> assertThat(t.exists(f)).as(f).isTrue());
        assertThat(t.filesOfEverySnapshot()).allSatisfy(f -> assertThat(t.exists(f)).as(f).isTrue());
        assertThat(t.readKeys()).isEqualTo(t.expectedKeys());
        assertThat(t.counter("floe.maintenance.orphans.removed")).isEqualTo(old.size());
        assertThat(t.counter("floe.maintenance.orphan.bytes.removed")).isEqualTo(dry.results().get("orphanBytes").doubleValue());

        // a second pass finds nothing more to remove; the young files go once they are old
        assertThat(run(Map.of("older-than", "1h")).results()).containsEntry("orphanFiles", 0L);
        Thread.sleep(WAIT_MS);
        assertThat(run(Map.of("older-than", AGE)).results()).containsEntry("deletedOrphanFiles", (long) young.size());
        assertThat(young).noneMatch(t::exists);
        assertThat(t.readKeys()).isEqualTo(t.expectedKeys());
    }

    @Test
    void nothingIsDeletedWhenTheReferencedFilesCannotAllBeRead() throws Exception {
        t.offloadWindow(1, 50);
        t.offloadWindow(1, 50);
        String old = t.plant("data/junk.parquet");
        // a manifest of the table goes missing: what the table references can no longer be known completely
        org.apache.iceberg.Table cold = t.cold();
        String manifest = cold.currentSnapshot().allManifests(cold.io()).get(0).path();
        cold.io().deleteFile(manifest);
        Thread.sleep(WAIT_MS);

        Event answer = step(true).perform(t.command(MaintenanceAction.REMOVE_ORPHANS, Map.of("older-than", AGE)));
        assertThat(answer).isInstanceOf(TaskFailed.class);
        assertThat(((TaskFailed) answer).message()).contains(manifest.substring(manifest.lastIndexOf('/') + 1));
        assertThat(t.exists(old)).isTrue();
        assertThat(t.counter("floe.maintenance.orphans.removed")).isZero();
    }

    @Test
    void theAgeGuardHasAFloorUnlessTheWorkerIsATestOne() throws Exception {
        t.offloadWindow(1, 50);
        String old = t.plant("data/junk.parquet");
        Thread.sleep(WAIT_MS);
        for (String age : List.of("30m", "3s", "0s")) {
            Event answer = step(false).perform(t.command(MaintenanceAction.REMOVE_ORPHANS, Map.of("older-than", age)));
            assertThat(answer).isInstanceOf(TaskFailed.class);
            TaskFailed failed = (TaskFailed) answer;
            assertThat(failed.errorType()).isEqualTo(ErrorTypes.INVALID_COMMAND);
            assertThat(failed.message()).contains("'older-than'", "1h");
        }
        // the policy's 3 days apply without the option: the file is seconds old
        Event policy = step(false).perform(t.command(MaintenanceAction.REMOVE_ORPHANS, Map.of()));
        assertThat(((MaintenanceCompleted) policy).results()).containsEntry("orphanFiles", 0L)
                .containsEntry("youngUnreferencedFiles", 1L);
        assertThat(t.exists(old)).isTrue();
        // an unknown option is refused too (a misspelt dry-run must never delete)
        TaskFailed misspelt = (TaskFailed) step(true).perform(
                t.command(MaintenanceAction.REMOVE_ORPHANS, Map.of("older-than", AGE, "dryrun", "true")));
        assertThat(misspelt.errorType()).isEqualTo(ErrorTypes.INVALID_COMMAND);
        assertThat(misspelt.message()).contains("'dryrun'");
        assertThat(t.exists(old)).isTrue();
    }
}
