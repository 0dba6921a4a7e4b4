package io.k2.floe.tiering.messages;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A coordinator run ended (every table succeeded, failed for good, or was skipped).
 *
 * @param runId      the run
 * @param startedAt  when the run started
 * @param finishedAt when its last table finished
 * @param tables     one summary per table of the run
 */
public record RunCompleted(String runId, Instant startedAt, Instant finishedAt, List<TableRunSummary> tables)
        implements Event {

    public RunCompleted {
        Check.id("runId", runId);
        Check.present("startedAt", startedAt);
        Check.present("finishedAt", finishedAt);
        if (finishedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("finishedAt (" + finishedAt + ") is before startedAt (" + startedAt + ")");
        }
        tables = List.copyOf(Check.present("tables", tables));
        if (tables.stream().map(TableRunSummary::table).distinct().count() != tables.size()) {
            throw new IllegalArgumentException("tables lists a table twice");
        }
    }

    /** FAILED when any table failed, else SUCCEEDED. */
    public TableOutcome outcome() {
        return tables.stream().anyMatch(t -> t.outcome() == TableOutcome.FAILED) ? TableOutcome.FAILED : TableOutcome.SUCCEEDED;
    }

    /** {@code finishedAt - startedAt}. */
    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    /** A run is about many tables: no subject. */
    @Override
    public Optional<String> subject() {
        return Optional.empty();
    }
}
