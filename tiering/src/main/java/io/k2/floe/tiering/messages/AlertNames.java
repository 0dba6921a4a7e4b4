package io.k2.floe.tiering.messages;

/**
 * Well-known {@link AlertRaised#name()} values (R-ALERTS, docs/requirements.md). The field is open (any
 * {@code UpperCamelCase} name is valid); these are the ones Floe raises.
 */
public final class AlertNames {

    /** A table's offload failed 3 times in a row. */
    public static final String OFFLOAD_FAILING = "OffloadFailing";
    /** A table's cold tier lags the warm tier by more than 30 minutes. */
    public static final String COLD_LAG_HIGH = "ColdLagHigh";
    /** A table's marker has not advanced for an hour. */
    public static final String MARKER_STALE = "MarkerStale";
    /** An audit found warm and cold different in a partition. */
    public static final String AUDIT_MISMATCH = "AuditMismatch";
    /**
     * A cold table has snapshots but no findable marker: its offloads are refused ({@link ErrorTypes#MARKER_LOST})
     * and the ledger keeps its marker until an operator restores Iceberg's (docs/exactly-once.md).
     */
    public static final String MARKER_LOST = "MarkerLost";
    /** The coordinator's ledger marker of a table was moved back (or to none) to agree with Iceberg's. */
    public static final String MARKER_MOVED_BACK = "MarkerMovedBack";
    /**
     * A warm partition is past its table's retention plus grace and still was not dropped (not verified equal, an
     * audit mismatch, refused by the maintenance worker, or kept for a downstream repair); severity warning.
     */
    public static final String RETENTION_BLOCKED = "RetentionBlocked";
    /** A message was sent to the dead-letter topic. */
    public static final String DEAD_LETTER = "DeadLetter";
    /** A repair was refused because it would have lost rows the warm tier no longer holds ({@code REPAIR_WOULD_LOSE_ROWS}). */
    public static final String REPAIR_WOULD_LOSE_ROWS = "RepairWouldLoseRows";

    private AlertNames() {
    }
}
