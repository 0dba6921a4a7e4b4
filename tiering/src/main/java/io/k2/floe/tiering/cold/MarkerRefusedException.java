package io.k2.floe.tiering.cold;

import io.k2.floe.tiering.messages.OffloadMarker;
import io.k2.floe.tiering.messages.Window;

/**
 * A window that would not move the table's marker forward by exactly one step: it leaves a gap after the latest
 * committed window, or goes back below it, or the table has history but its marker cannot be found at all
 * ({@link Reason#MARKER_LOST}). Nothing was committed.
 */
public final class MarkerRefusedException extends RuntimeException {

    /** Why the window was refused. */
    public enum Reason {
        /** The window starts after the latest marker's upper bound: rows in between would be lost. */
        GAP,
        /** The window starts before the latest marker's upper bound: rows would be committed twice. */
        REGRESSION,
        /**
         * The table has snapshots but no marker can be found (not in the ancestry, not on the tag, not in the table
         * properties: docs/exactly-once.md): where offload stopped is unknown, so any window could commit rows twice.
         * Nothing is committed until an operator restores the marker.
         */
        MARKER_LOST
    }

    private final Reason reason;
    private final String table;
    private final OffloadMarker latest;
    private final Window requested;

    /** A {@link Reason#GAP} or {@link Reason#REGRESSION} after {@code latest}; a lost marker is {@link #markerLost}. */
    public MarkerRefusedException(Reason reason, String table, OffloadMarker latest, Window requested) {
        this(reason, table, latest, requested, message(reason, table, latest, requested));
    }

    private MarkerRefusedException(Reason reason, String table, OffloadMarker latest, Window requested,
                                   String message) {
        super(message);
        this.reason = reason;
        this.table = table;
        this.latest = latest;
        this.requested = requested;
    }

    /** The table {@code table} has history (its current snapshot is {@code currentSnapshot}) but no findable marker. */
    public static MarkerRefusedException markerLost(String table, long currentSnapshot, Window requested) {
        return new MarkerRefusedException(Reason.MARKER_LOST, table, null, requested, "table " + table + ": window "
                + requested + " refused: the table has snapshots (current " + currentSnapshot + ") but its marker"
                + " cannot be found (none in the snapshot ancestry, no '" + MarkerHistory.MARKER_TAG + "' tag, no '"
                + MarkerHistory.PROPERTY_PREFIX + "*' table properties), so where offload stopped is unknown and any"
                + " window could commit rows twice; an operator must restore the marker (docs/exactly-once.md,"
                + " \"Resetting a marker\")");
    }

    private static String message(Reason reason, String table, OffloadMarker latest, Window requested) {
        String why = reason == Reason.GAP ? "would leave a gap" : "would move the marker backwards";
        return "table " + table + ": window " + requested + " " + why + "; the latest committed marker is "
                + latest.window() + " (command " + latest.commandId() + ", run " + latest.runId()
                + "), so the next window must start at " + latest.windowUpper();
    }

    public Reason reason() {
        return reason;
    }

    public String table() {
        return table;
    }

    /** The latest committed marker; null for {@link Reason#MARKER_LOST}. */
    public OffloadMarker latest() {
        return latest;
    }

    public Window requested() {
        return requested;
    }
}
