package io.k2.floe.coordinator.ledger;

/** What started a run. */
public enum RunKind {
    /** The cron schedule. */
    SCHEDULED,
    /** {@code POST /api/runs}: the same as a scheduled run, now. */
    MANUAL,
    /** {@code POST /api/tables/{table}/backfill}: one table up to a given ingestion time. */
    BACKFILL,
    /** {@code POST /api/tables/{table}/repair}: one cold partition re-read and replaced. */
    REPAIR,
    /**
     * {@code POST /api/tables/{table}/audit}: one table's partitions (or an event-time range) compared warm against
     * cold; the run is its one audit task.
     */
    AUDIT,
    /**
     * Table maintenance (docs/maintenance/scheduling.md): per table the steps COMPACT, an audit of what compaction
     * rewrote, REWRITE_MANIFESTS, EXPIRE_SNAPSHOTS, REMOVE_ORPHANS and warm retention, one after the other; started by
     * a table's maintenance schedule, by thresholds crossed after an offload, or through the API.
     */
    MAINTENANCE
}
