package io.k2.floe.tiering.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one table is kept healthy (R-COMPACT, R-EXPIRE, R-RETENTION, docs/requirements.md): compaction, snapshot expiry, orphan
 * cleanup, manifest rewrite, warm retention and when maintenance runs. Every field has a per-layer default
 * ({@link #defaults(Layer)}); the table catalog lets each be overridden per table.
 *
 * @param targetFileSizeBytes   compaction's output file size (and the offload's roll-over size)
 * @param minFileSizeBytes      data files smaller than this are compaction candidates (default 0.75 × target)
 * @param minInputFiles         a partition is compacted only when it holds at least this many candidates
 * @param maxGroupSizeBytes     upper bound of the input bytes one compaction group (one commit) rewrites
 * @param closedAfter           a partition is closed, hence compactable, once the table's committed marker is at
 *                              least this long past the partition's end (late rows after that are rare; a later
 *                              compaction picks them up again)
 * @param snapshotMaxAge        snapshots older than this are expired
 * @param minSnapshotsToKeep    at least this many snapshots of {@code main} are always kept
 * @param orphanMinAge          an unreferenced file is removed only when older than this (a file a running offload
 *                              is writing is never that old)
 * @param maxManifests          above this many manifests in the current snapshot, manifests are rewritten clustered
 *                              by partition
 * @param warmRetention         a warm partition whose end is older than this is dropped from ClickHouse, once
 *                              verified equal in the cold tier
 * @param retentionGrace        a partition past retention plus this grace that still cannot be dropped raises
 *                              {@code RetentionBlocked}
 * @param schedule              cron expression (Quarkus/Quartz syntax, seconds first) of the table's maintenance runs
 * @param smallFilesTrigger     maintenance also runs after an offload once a closed partition holds more small files
 *                              than this
 * @param snapshotsTrigger      maintenance also runs after an offload once the table holds more snapshots than this
 */
public record MaintenancePolicy(
        long targetFileSizeBytes,
        long minFileSizeBytes,
        int minInputFiles,
        long maxGroupSizeBytes,
        Duration closedAfter,
        Duration snapshotMaxAge,
        int minSnapshotsToKeep,
        Duration orphanMinAge,
        int maxManifests,
        Duration warmRetention,
        Duration retentionGrace,
        String schedule,
        int smallFilesTrigger,
        int snapshotsTrigger) {

    /** 128 MiB, R-TABLES (docs/requirements.md). */
    public static final long DEFAULT_TARGET_FILE_SIZE = 128L * 1024 * 1024;
    /** Daily at 03:30 UTC, a quiet hour for a crypto market that never closes but trades least then. */
    public static final String DEFAULT_SCHEDULE = "0 30 3 * * ?";

    /**
     * The configuration names of the fields, in record order: {@code floe.catalog.tables.<id>.maintenance.<name>} and
     * {@code floe.catalog.layer-defaults.<layer>.<name>} (docs/table-catalog.md).
     */
    public static final List<String> FIELDS = List.of("target-file-size-bytes", "min-file-size-bytes",
            "min-input-files", "max-group-size-bytes", "closed-after", "snapshot-max-age", "min-snapshots-to-keep",
            "orphan-min-age", "max-manifests", "warm-retention", "retention-grace", "schedule", "small-files-trigger",
            "snapshots-trigger");

    /**
     * The smallest {@code orphanMinAge} the catalog accepts: an offload writes its data files before it commits them,
     * and a window may take minutes, so a younger unreferenced file may be one a running offload is about to commit.
     */
    public static final Duration MIN_ORPHAN_AGE = Duration.ofHours(1);

    public MaintenancePolicy {
        Objects.requireNonNull(closedAfter, "closedAfter");
        Objects.requireNonNull(snapshotMaxAge, "snapshotMaxAge");
        Objects.requireNonNull(orphanMinAge, "orphanMinAge");
        Objects.requireNonNull(warmRetention, "warmRetention");
        Objects.requireNonNull(retentionGrace, "retentionGrace");
        Objects.requireNonNull(schedule, "schedule");
    }

    /**
     * The defaults of a layer: 128 MiB files (candidates below 96 MiB, at least 5 per partition, groups up to 2 GiB),
     * snapshots expired after 7 days keeping at least 50, orphans removed after 3 days, manifests rewritten above
     * 100, maintenance daily at 03:30 UTC and after an offload once a closed partition has more than 48 small files or
     * the table more than 500 snapshots; warm retention 7 days for bronze, 30 for silver, 400 for gold, with one day of
     * grace before {@code RetentionBlocked}. Day partitions are closed 1 hour after their end, gold's month partitions
     * 1 day after theirs (past the bars' grace and the late corrections of the last day).
     */
    public static MaintenancePolicy defaults(Layer layer) {
        Duration retention = switch (layer) {
            case BRONZE -> Duration.ofDays(7);
            case SILVER -> Duration.ofDays(30);
            case GOLD -> Duration.ofDays(400);
        };
        Duration closedAfter = layer == Layer.GOLD ? Duration.ofDays(1) : Duration.ofHours(1);
        return new MaintenancePolicy(DEFAULT_TARGET_FILE_SIZE, DEFAULT_TARGET_FILE_SIZE / 4 * 3, 5,
                2L * 1024 * 1024 * 1024, closedAfter, Duration.ofDays(7), 50, Duration.ofDays(3), 100, retention,
                Duration.ofDays(1), DEFAULT_SCHEDULE, 48, 500);
    }
}
