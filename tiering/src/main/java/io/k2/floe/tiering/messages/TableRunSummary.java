package io.k2.floe.tiering.messages;

import java.time.Instant;
import java.util.Optional;

/**
 * How one table fared in a run.
 *
 * @param table      catalog table id
 * @param outcome    succeeded, failed or skipped
 * @param rows       rows offloaded in the run
 * @param durationMs time from the first command sent to the last event received for the table
 * @param marker     the table's committed marker (inclusive upper bound) after the run, if it has one
 * @param errorType  for a failed table: the last {@link TaskFailed#errorType()}
 */
public record TableRunSummary(
        String table,
        TableOutcome outcome,
        long rows,
        long durationMs,
        Optional<Instant> marker,
        Optional<String> errorType) {

    public TableRunSummary {
        Check.table("table", table);
        Check.present("outcome", outcome);
        Check.notNegative("rows", rows);
        Check.notNegative("durationMs", durationMs);
        marker = Check.optional(marker);
        errorType = Check.optional(errorType);
        errorType.ifPresent(e -> Check.matching("errorType", e, Check.ERROR_TYPE, "an UPPER_SNAKE code"));
    }
}
