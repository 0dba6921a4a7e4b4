package io.k2.floe.tiering.messages;

/** How a run went for one table. */
public enum TableOutcome {
    /** The table's tasks completed (including windows reported as repeats, or with no rows). */
    SUCCEEDED,
    /** A task failed for good (retries exhausted). */
    FAILED,
    /** Nothing was sent: the table is paused, or an upstream table failed. */
    SKIPPED
}
