package io.k2.floe.tiering.messages;

/** Table maintenance a maintenance worker performs. */
public enum MaintenanceAction {
    /** Bin-pack small data files of closed partitions into target-size, sorted files. */
    COMPACT,
    /** Expire old snapshots (never the newest one holding the offload marker). */
    EXPIRE_SNAPSHOTS,
    /** Delete files in the table location that no snapshot references. */
    REMOVE_ORPHANS,
    /** Rewrite manifests for faster planning. */
    REWRITE_MANIFESTS,
    /** Drop warm-tier partitions the auditor has verified equal in the cold tier (partitions required). */
    DROP_WARM_PARTITIONS
}
