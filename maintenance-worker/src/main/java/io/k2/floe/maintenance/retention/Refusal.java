package io.k2.floe.maintenance.retention;

import java.util.Objects;

/**
 * Why warm retention leaves a partition alone. It goes into {@code MaintenanceCompleted.refused} as
 * {@code REASON: message}, from which the coordinator raises {@code RetentionBlocked} once the partition is past its
 * retention plus the grace; see docs/maintenance/retention.md.
 */
record Refusal(Reason reason, String message) {

    /** The reason codes, stable for alerts and the {@code reason} tag of the metrics. */
    enum Reason {
        /** The partition's end is not older than the table's {@code warm-retention}. */
        NOT_PAST_RETENTION,
        /** No verdict for the partition. */
        NOT_VERIFIED,
        /** The latest verdict says warm and cold differ. */
        MISMATCH,
        /** The files the verdict audited are not the partition's current files (appended, rewritten, expired). */
        COLD_CHANGED,
        /** The warm partition no longer gives the verdict's rows and checksum (late rows, changes): re-audit first. */
        WARM_CHANGED,
        /** A downstream table's partition covering this one is not verified: a repair of it would need these rows. */
        UPSTREAM_NEEDS_IT,
        /** The warm partition holding these rows also holds rows of other cold partitions, or they are spread. */
        WARM_PARTITION_WIDER
    }

    Refusal {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    /** How the refusal reads in {@code refused}. */
    String text() {
        return reason + ": " + message;
    }
}
