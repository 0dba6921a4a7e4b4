package io.k2.floe.tiering.messages;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A table's progress marker: the last window committed to the cold table, and by which command.
 * The offload worker writes it into the Iceberg snapshot summary in the same commit as the data
 * ({@link #toSnapshotSummary()}), which makes Iceberg the source of truth; events and the ledger
 * carry copies.
 *
 * @param windowLower exclusive lower bound of the committed window
 * @param windowUpper inclusive upper bound: every row with ordering value {@code <= windowUpper} is committed
 * @param commandId   the command that committed it
 * @param runId       the run that command belonged to
 */
public record OffloadMarker(Instant windowLower, Instant windowUpper, String commandId, String runId) {

    /** Snapshot summary property: marker format version. */
    public static final String SUMMARY_VERSION = "floe.marker.version";
    /** Snapshot summary property: {@link #windowLower()}, ISO-8601. */
    public static final String SUMMARY_WINDOW_LOWER = "floe.marker.window-lower";
    /** Snapshot summary property: {@link #windowUpper()}, ISO-8601. */
    public static final String SUMMARY_WINDOW_UPPER = "floe.marker.window-upper";
    /** Snapshot summary property: {@link #commandId()}. */
    public static final String SUMMARY_COMMAND_ID = "floe.marker.command-id";
    /** Snapshot summary property: {@link #runId()}. */
    public static final String SUMMARY_RUN_ID = "floe.marker.run-id";

    public OffloadMarker {
        Check.present("windowLower", windowLower);
        Check.present("windowUpper", windowUpper);
        if (!windowLower.isBefore(windowUpper)) {
            throw new IllegalArgumentException("windowLower (" + windowLower + ") must be before windowUpper ("
                    + windowUpper + ")");
        }
        Check.id("commandId", commandId);
        Check.id("runId", runId);
    }

    /** The marker for committing {@code window} with this command. */
    public static OffloadMarker of(Window window, String commandId, String runId) {
        return new OffloadMarker(window.lower(), window.upper(), commandId, runId);
    }

    /** The committed window. */
    public Window window() {
        return new Window(windowLower, windowUpper);
    }

    /** The snapshot summary properties that record this marker. */
    public Map<String, String> toSnapshotSummary() {
        Map<String, String> summary = new LinkedHashMap<>();
        summary.put(SUMMARY_VERSION, "1");
        summary.put(SUMMARY_WINDOW_LOWER, windowLower.toString());
        summary.put(SUMMARY_WINDOW_UPPER, windowUpper.toString());
        summary.put(SUMMARY_COMMAND_ID, commandId);
        summary.put(SUMMARY_RUN_ID, runId);
        return Map.copyOf(summary);
    }

    /**
     * The marker a snapshot summary records; empty when it records none (a snapshot not written by
     * an offload, e.g. a compaction that did not copy the marker).
     *
     * @throws IllegalArgumentException when the summary holds a marker that is incomplete or unreadable
     */
    public static Optional<OffloadMarker> fromSnapshotSummary(Map<String, String> summary) {
        if (summary == null || summary.keySet().stream().noneMatch(k -> k.startsWith("floe.marker."))) {
            return Optional.empty();
        }
        String version = summary.get(SUMMARY_VERSION);
        if (!"1".equals(version)) {
            throw new IllegalArgumentException("snapshot summary has marker version " + version + "; this Floe reads version 1");
        }
        return Optional.of(new OffloadMarker(
                instant(summary, SUMMARY_WINDOW_LOWER), instant(summary, SUMMARY_WINDOW_UPPER),
                summary.get(SUMMARY_COMMAND_ID), summary.get(SUMMARY_RUN_ID)));
    }

    private static Instant instant(Map<String, String> summary, String key) {
        String value = summary.get(key);
        if (value == null) {
            throw new IllegalArgumentException("snapshot summary marker lacks " + key);
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("snapshot summary " + key + " '" + value + "' is not an ISO-8601 instant");
        }
    }
}
