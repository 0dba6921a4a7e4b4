package io.k2.floe.tiering.messages;

/** Why an offload window is being offloaded. */
public enum OffloadKind {
    /** The scheduled cycle: the window right after the table's committed marker. */
    NORMAL,
    /** An operator-requested range, split by the coordinator into windows after the marker. */
    BACKFILL,
    /** Re-read one cold partition from the warm tier and replace it atomically ({@code partition} required). */
    REPAIR
}
