package io.k2.floe.coordinator.ledger;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a task was {@link TaskStatus#SKIPPED}. The ledger keeps the reason as the task's note, in the words operators
 * read in the API and that existing rows already hold; {@link #note()} writes exactly those words and
 * {@link #of(TaskRecord)} reads them back, so no other code looks at a note's wording.
 */
public sealed interface SkipReason {

    /** The task's note. */
    String note();

    /**
     * Whether the task's downstream tasks in the run are skipped too. Only a failed chain propagates: a paused upstream
     * merely holds its downstreams back at its committed marker.
     */
    default boolean skipsDownstreams() {
        return false;
    }

    /** The table was paused when the task was created or was due. */
    record TablePaused() implements SkipReason {
        @Override
        public String note() {
            return "table is paused";
        }
    }

    /** An upstream table's task of the run failed, or was itself skipped for that reason. */
    record UpstreamIncomplete(String upstream) implements SkipReason {
        @Override
        public String note() {
            return "upstream " + upstream + " did not complete";
        }

        @Override
        public boolean skipsDownstreams() {
            return true;
        }
    }

    /** A maintenance run of the table had a step still open, so a second one did not start. */
    record MaintenanceRunning(String runId, String table) implements SkipReason {
        @Override
        public String note() {
            return "maintenance run " + runId + " of " + table + " is still running";
        }
    }

    /** The table was paused when its maintenance was asked for. */
    record MaintenancePaused(String table) implements SkipReason {
        @Override
        public String note() {
            return "table " + table + " is paused: resume it before maintaining it";
        }
    }

    /** The reason a skipped task was given; empty for a task that is not skipped or whose note no reason wrote. */
    static Optional<SkipReason> of(TaskRecord task) {
        return task.status == TaskStatus.SKIPPED ? parse(task.note) : Optional.empty();
    }

    /** The reason whose {@link #note()} is exactly {@code note}. */
    static Optional<SkipReason> parse(String note) {
        if (note == null) {
            return Optional.empty();
        }
        if (note.equals(new TablePaused().note())) {
            return Optional.of(new TablePaused());
        }
        Matcher upstream = Notes.UPSTREAM.matcher(note);
        if (upstream.matches()) {
            return Optional.of(new UpstreamIncomplete(upstream.group(1)));
        }
        Matcher running = Notes.MAINTENANCE_RUNNING.matcher(note);
        if (running.matches()) {
            return Optional.of(new MaintenanceRunning(running.group(1), running.group(2)));
        }
        Matcher paused = Notes.MAINTENANCE_PAUSED.matcher(note);
        if (paused.matches()) {
            return Optional.of(new MaintenancePaused(paused.group(1)));
        }
        return Optional.empty();
    }

    /** The stored notes' shapes; table ids and run ids contain no spaces. */
    final class Notes {
        private static final Pattern UPSTREAM = Pattern.compile("upstream (\\S+) did not complete");
        private static final Pattern MAINTENANCE_RUNNING =
                Pattern.compile("maintenance run (\\S+) of (\\S+) is still running");
        private static final Pattern MAINTENANCE_PAUSED =
                Pattern.compile("table (\\S+) is paused: resume it before maintaining it");

        private Notes() {
        }
    }
}
