package io.k2.floe.maintenance.compaction;

import io.k2.floe.tiering.catalog.Layer;
import io.k2.floe.tiering.catalog.MaintenancePolicy;
import io.k2.floe.tiering.catalog.PartitionTransform;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The planner's rules on file listings written out in code: closed partitions, candidates, groups, fan-in. */
class CompactionPlannerTest {

    private static final PartitionTransform DAY = new PartitionTransform(PartitionTransform.Unit.DAY, "ts");
    private static final long MB = 1024 * 1024;
    /** 100 MB target, candidates below 75 MB, 5 per partition, groups of up to 1 GB, closed 1 hour after the day. */
    private static final CompactionSettings SETTINGS =
            new CompactionSettings(100 * MB, 75 * MB, 5, 1000 * MB, Duration.ofHours(1), 128);

    private int n;

    private TableFile file(String day, long bytes) {
        return file(day, bytes, true);
    }

    private TableFile file(String day, long bytes, boolean rewritable) {
        DataFile data = DataFiles.builder(PartitionSpec.unpartitioned())
                .withPath("s3://b/t/data/" + day + "/f" + (n++) + ".parquet").withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(bytes).withRecordCount(bytes / 10).build();
        return new TableFile(day, data, rewritable);
    }

    private List<TableFile> files(String day, int count, long bytes) {
        List<TableFile> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            files.add(file(day, bytes));
        }
        return files;
    }

    private static Optional<Instant> marker(String at) {
        return Optional.of(Instant.parse(at));
    }

    @Test
    void aPartitionIsClosedOnceTheMarkerIsClosedAfterPastItsEnd() {
        List<TableFile> files = new ArrayList<>(files("2026-03-01", 6, MB));
        files.addAll(files("2026-03-02", 6, MB));

        CompactionPlan early = CompactionPlanner.plan(7L, marker("2026-03-02T00:59:59Z"), DAY, SETTINGS, List.of(), files);
        assertThat(early.labels()).as("an hour after 03-01 ends is not yet reached").isEmpty();

        CompactionPlan onTime = CompactionPlanner.plan(7L, marker("2026-03-02T01:00:00Z"), DAY, SETTINGS, List.of(), files);
        assertThat(onTime.labels()).containsExactly("2026-03-01");
        assertThat(onTime.snapshotId()).isEqualTo(7L);

        CompactionPlan nothingOffloaded = CompactionPlanner.plan(7L, Optional.empty(), DAY, SETTINGS, List.of(), files);
        assertThat(nothingOffloaded.isEmpty()).isTrue();
    }

    @Test
    void onlySmallRewritableFilesAreCandidatesAndAPartitionNeedsMinInputFilesOfThem() {
        List<TableFile> files = new ArrayList<>(files("2026-03-01", 4, MB));
        files.add(file("2026-03-01", 80 * MB)); // not below 75 MB
        files.add(file("2026-03-01", MB, false)); // other spec or sort order, or deletes against it
        Optional<Instant> marker = marker("2026-03-05T00:00:00Z");

        assertThat(CompactionPlanner.plan(1L, marker, DAY, SETTINGS, List.of(), files).isEmpty()).isTrue();

        files.add(file("2026-03-01", 74 * MB));
        CompactionPlan plan = CompactionPlanner.plan(1L, marker, DAY, SETTINGS, List.of(), files);
        assertThat(plan.groups()).hasSize(1);
        assertThat(plan.groups().getFirst().files()).hasSize(5)
                .allSatisfy(f -> assertThat(f.fileSizeInBytes()).isLessThan(75 * MB));
        assertThat(plan.groups().getFirst().bytes()).isEqualTo(78 * MB);
        assertThat(plan.groups().getFirst().rows()).isEqualTo(plan.groups().getFirst().files().stream()
                .mapToLong(DataFile::recordCount).sum());
        assertThat(plan.partitions().getFirst().expectedOutputFiles()).isEqualTo(1);
    }

    @Test
    void candidatesAreBinPackedIntoGroupsBoundedInBytesWithTheExpectedOutputFiles() {
        // 30 files of 70 MB = 2,100 MB: groups of at most 1,000 MB hold 14 files (980 MB), the last the 2 left
        List<TableFile> files = files("2026-03-01", 30, 70 * MB);
        CompactionPlan plan = CompactionPlanner.plan(1L, marker("2026-03-03T00:00:00Z"), DAY, SETTINGS, List.of(), files);

        assertThat(plan.groups()).extracting(g -> g.files().size()).containsExactly(14, 14, 2);
        assertThat(plan.groups()).allSatisfy(g -> assertThat(g.bytes()).isLessThanOrEqualTo(1000 * MB));
        // input bytes over the 100 MB target, rounded up: 980 MB -> 10 files, 140 MB -> 2
        assertThat(plan.groups()).extracting(CompactionPlan.FileGroup::expectedOutputFiles).containsExactly(10, 10, 2);
        assertThat(plan.partitions().getFirst().expectedOutputFiles()).isEqualTo(22);
    }

    @Test
    void aGroupOfMoreFilesThanTheFanInIsSplitEvenly() {
        CompactionSettings fanIn = new CompactionSettings(100 * MB, 75 * MB, 5, 1000 * MB, Duration.ofHours(1), 40);
        List<TableFile> files = files("2026-03-01", 97, MB);
        CompactionPlan plan = CompactionPlanner.plan(1L, marker("2026-03-03T00:00:00Z"), DAY, fanIn, List.of(), files);

        assertThat(plan.groups()).extracting(g -> g.files().size()).containsExactly(32, 32, 33);
        assertThat(plan.groups().stream().mapToInt(g -> g.files().size()).sum()).isEqualTo(97);
        assertThat(plan.groups().stream().flatMap(g -> g.files().stream()).distinct().count()).isEqualTo(97);
    }

    @Test
    void theRequestedPartitionsRestrictThePlanAndTheOnesLeftAloneSayWhy() {
        List<TableFile> files = new ArrayList<>(files("2026-03-01", 6, MB));
        files.addAll(files("2026-03-02", 6, MB));
        files.addAll(files("2026-03-03", 2, MB));
        files.addAll(files("2026-03-04", 6, MB));
        Optional<Instant> marker = marker("2026-03-04T02:00:00Z"); // 03-01 .. 03-03 closed, 03-04 open

        CompactionPlan all = CompactionPlanner.plan(1L, marker, DAY, SETTINGS, List.of(), files);
        assertThat(all.labels()).containsExactly("2026-03-01", "2026-03-02");
        assertThat(all.refused()).isEmpty();

        CompactionPlan some = CompactionPlanner.plan(1L, marker, DAY, SETTINGS,
                List.of("2026-03-02", "2026-03-03", "2026-03-04"), files);
        assertThat(some.labels()).containsExactly("2026-03-02");
        assertThat(some.refused()).containsOnlyKeys("2026-03-03", "2026-03-04");
        assertThat(some.refused().get("2026-03-03")).isEqualTo("only 2 file(s) below 78643200 bytes; compaction needs 5");
        assertThat(some.refused().get("2026-03-04")).startsWith("not closed: the committed marker (2026-03-04T02:00:00Z)"
                + " is not PT1H past the partition's end (2026-03-05T00:00:00Z)");
    }

    @Test
    void aLabelOfAnotherTransformIsRefusedNamingIt() {
        assertThatThrownBy(() -> CompactionPlanner.plan(1L, marker("2026-03-04T02:00:00Z"), DAY, SETTINGS,
                List.of("2026-03"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'2026-03'");
    }

    @Test
    void settingsComeFromThePolicyWithTheCommandsOptionsOverThem() {
        MaintenancePolicy policy = MaintenancePolicy.defaults(Layer.BRONZE);
        CompactionSettings defaults = CompactionSettings.of(policy, Map.of("dry-run", "true"), 128);
        assertThat(defaults.targetFileSizeBytes()).isEqualTo(128 * MB);
        assertThat(defaults.minFileSizeBytes()).isEqualTo(96 * MB);
        assertThat(defaults.minInputFiles()).isEqualTo(5);
        assertThat(defaults.closedAfter()).isEqualTo(Duration.ofHours(1));

        CompactionSettings smaller = CompactionSettings.of(policy, Map.of("target-file-size-bytes", "1048576",
                "min-input-files", "3", "max-group-size-bytes", "4194304"), 16);
        assertThat(smaller.targetFileSizeBytes()).isEqualTo(MB);
        assertThat(smaller.minFileSizeBytes()).as("0.75 of the new target").isEqualTo(786_432);
        assertThat(smaller.minInputFiles()).isEqualTo(3);
        assertThat(smaller.maxGroupSizeBytes()).isEqualTo(4 * MB);
        assertThat(smaller.maxFanIn()).isEqualTo(16);

        CompactionSettings capped = CompactionSettings.of(policy, Map.of(), 128, 256 * MB);
        assertThat(capped.maxGroupSizeBytes()).as("the worker's merge bound under the policy's 2 GiB")
                .isEqualTo(256 * MB);
        assertThat(CompactionSettings.of(policy, Map.of(), 128, 10 * MB).maxGroupSizeBytes())
                .as("never below the candidate size").isEqualTo(96 * MB);
    }

    @Test
    void badOptionsAreRefusedNamingTheOption() {
        MaintenancePolicy policy = MaintenancePolicy.defaults(Layer.SILVER);
        assertThatThrownBy(() -> CompactionSettings.of(policy, Map.of("target-file-size", "1"), 128))
                .hasMessageContaining("option 'target-file-size' is not a COMPACT option");
        assertThatThrownBy(() -> CompactionSettings.of(policy, Map.of("min-input-files", "many"), 128))
                .hasMessageContaining("min-input-files must be a whole number, got 'many'");
        assertThatThrownBy(() -> CompactionSettings.of(policy, Map.of("min-input-files", "1"), 128))
                .hasMessageContaining("min-input-files must be at least 2");
        assertThatThrownBy(() -> CompactionSettings.of(policy, Map.of("target-file-size-bytes", "-5"), 128))
                .hasMessageContaining("target-file-size-bytes must be positive");
        assertThatThrownBy(() -> CompactionSettings.of(policy, Map.of("min-file-size-bytes",
                Long.toString(200 * MB)), 128))
                .hasMessageContaining("min-file-size-bytes must be positive and at most target-file-size-bytes");
        assertThatThrownBy(() -> CompactionSettings.of(policy, Map.of(), 1))
                .hasMessageContaining("floe.compaction.max-fan-in must be at least 2");
    }
}
