package io.k2.floe.tiering.cold;

import io.k2.floe.tiering.messages.OffloadMarker;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotAncestryValidator;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Commits a window's data files as one Iceberg snapshot whose summary holds the window's marker, exactly once
 * (SPEC R-EXACTLY-ONCE).
 *
 * <p>The check runs before every commit attempt against the ancestry the commit would build on: once on a
 * refreshed table, then again inside Iceberg's own retry loop (through {@link AppendFiles#validateWith}), so a
 * concurrent writer that commits the same window between our check and our commit makes our commit fail its
 * validation instead of duplicating the rows. After such a failure the table is refreshed and checked anew, which
 * turns it into a repeat (or a refusal).
 */
public final class ColdCommitter {

    private static final int MAX_ROUNDS = 5;

    private ColdCommitter() {
    }

    /**
     * Commits {@code files} with {@code marker}, or reports a repeat and commits nothing.
     *
     * @throws MarkerRefusedException when the window leaves a gap after, or goes back before, the latest marker
     * @throws CommitStateUnknownException when the catalog could not say whether the commit happened and a re-read
     *                                     of the table does not show it (a redelivery will find out)
     */
    public static CommitOutcome commit(Table table, OffloadMarker marker, List<DataFile> files) {
        ValidationException lastConflict = null;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            table.refresh();
            Optional<MarkerAt> pinned = MarkerHistory.tagged(table);
            MarkerCheck.Verdict verdict = MarkerCheck.check(MarkerHistory.ancestry(table), pinned, marker);
            Optional<CommitOutcome> decided = decided(table, marker, verdict);
            if (decided.isPresent()) {
                return decided.get();
            }
            AppendFiles append = table.newAppend();
            files.forEach(append::appendFile);
            marker.toSnapshotSummary().forEach(append::set);
            append.validateWith(new Continues(marker, pinned));
            try {
                append.commit();
                table.refresh();
                return new CommitOutcome(false, committedId(table, marker), marker);
            } catch (ValidationException conflict) {
                // another writer moved the marker between our check and our commit: look again
                lastConflict = conflict;
            } catch (CommitFailedException conflict) {
                lastConflict = new ValidationException(conflict, "commit of %s kept conflicting", table.name());
            } catch (CommitStateUnknownException unknown) {
                table.refresh();
                if (MarkerCheck.check(MarkerHistory.ancestry(table), marker) instanceof MarkerCheck.Repeat r
                        && r.committed().commandId().equals(marker.commandId())) {
                    return new CommitOutcome(false, r.snapshotId(), marker);
                }
                throw unknown;
            }
        }
        throw new IllegalStateException("table " + table.name() + ": window " + marker.window()
                + " could not be committed after " + MAX_ROUNDS + " rounds of conflicts", lastConflict);
    }

    private static Optional<CommitOutcome> decided(Table table, OffloadMarker marker, MarkerCheck.Verdict verdict) {
        return switch (verdict) {
            case MarkerCheck.Repeat r -> Optional.of(new CommitOutcome(true, r.snapshotId(), r.committed()));
            case MarkerCheck.Refuse r -> throw new MarkerRefusedException(r.reason(), table.name(),
                    r.latest().marker(), marker.window());
            case MarkerCheck.Proceed p -> Optional.empty();
        };
    }

    /** The id of the snapshot that holds our marker (the one just committed), found by its command id. */
    private static long committedId(Table table, OffloadMarker marker) {
        for (Snapshot snapshot : MarkerHistory.ancestry(table)) {
            Map<String, String> summary = snapshot.summary();
            if (marker.commandId().equals(summary.get(OffloadMarker.SUMMARY_COMMAND_ID))) {
                return snapshot.snapshotId();
            }
        }
        return table.currentSnapshot().snapshotId();
    }

    /** Passes only when the ancestry the commit builds on still lets the window proceed. */
    private static final class Continues implements SnapshotAncestryValidator {
        private final OffloadMarker marker;
        private final Optional<MarkerAt> pinned;
        private String problem = "";

        Continues(OffloadMarker marker, Optional<MarkerAt> pinned) {
            this.marker = marker;
            this.pinned = pinned;
        }

        @Override
        public boolean validate(Iterable<Snapshot> ancestry) {
            MarkerCheck.Verdict verdict = MarkerCheck.check(ancestry, pinned, marker);
            problem = switch (verdict) {
                case MarkerCheck.Proceed p -> "";
                case MarkerCheck.Repeat r -> "window " + marker.window() + " was committed meanwhile by snapshot "
                        + r.snapshotId();
                case MarkerCheck.Refuse r -> "the marker moved meanwhile to " + r.latest().marker().window();
            };
            return problem.isEmpty();
        }

        @Override
        public String errorMessage() {
            return problem;
        }
    }
}
