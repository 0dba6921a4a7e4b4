package io.k2.floe.tiering.cold;

import io.k2.floe.tiering.messages.OffloadMarker;
import io.k2.floe.tiering.messages.Window;

/**
 * A window that would not move the table's marker forward by exactly one step: it leaves a gap after the latest
 * committed window, or goes back below it. Nothing was committed.
 */
public final class MarkerRefusedException extends RuntimeException {

    /** Why the window was refused. */
    public enum Reason {
        /** The window starts after the latest marker's upper bound: rows in between would be lost. */
        GAP,
        /** The window starts before the latest marker's upper bound: rows would be committed twice. */
        REGRESSION
    }

    private final Reason reason;
    private final String table;
    private final OffloadMarker latest;
    private final Window requested;

    public MarkerRefusedException(Reason reason, String table, OffloadMarker latest, Window requested) {
        super(message(reason, table, latest, requested));
        this.reason = reason;
        this.table = table;
        this.latest = latest;
        this.requested = requested;
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

    public OffloadMarker latest() {
        return latest;
    }

    public Window requested() {
        return requested;
    }
}
