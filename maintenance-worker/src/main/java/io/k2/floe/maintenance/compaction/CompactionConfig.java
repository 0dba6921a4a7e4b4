package io.k2.floe.maintenance.compaction;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Compaction settings of the worker itself (prefix {@code floe.compaction}); what to compact and to which size is the
 * table's {@link io.k2.floe.tiering.catalog.MaintenancePolicy}.
 */
@ConfigMapping(prefix = "floe.compaction")
public interface CompactionConfig {

    /**
     * Most input files one merge reads at once. The merge holds one Parquet row group of every open input in memory,
     * so this bounds its memory together with the policy's group size (docs/maintenance/compaction.md); a group with
     * more inputs is split into groups of at most this many. Default 128 (one day of 15-minute windows fits one group),
     * env {@code FLOE_COMPACTION_MAX_FAN_IN}.
     */
    @WithDefault("128")
    int maxFanIn();

    /**
     * Most input bytes one merge reads, whatever the table's policy allows per group: each open reader holds its
     * current row group decompressed (measured ≈ 3.3 × the file's bytes, docs/maintenance/compaction.md), so this
     * bounds the merge's heap. Groups above it are split; output files are not fewer for bigger groups once a group
     * exceeds the target size. Default 256 MiB (twice the default target), env
     * {@code FLOE_COMPACTION_MAX_MERGE_BYTES}.
     */
    @WithDefault("268435456")
    long maxMergeBytes();

    /**
     * Attempts to commit one partition's rewrite when commits conflict (a repair replaced the partition, or the
     * catalog refused the commit): each conflict re-plans the partition from the table as it now is. Default 4, env
     * {@code FLOE_COMPACTION_MAX_COMMIT_ATTEMPTS}.
     */
    @WithDefault("4")
    int maxCommitAttempts();
}
