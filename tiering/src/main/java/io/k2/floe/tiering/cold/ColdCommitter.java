package io.k2.floe.tiering.cold;

import io.k2.floe.tiering.messages.OffloadMarker;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotAncestryValidator;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;

import java.util.List;
import java.util.Optional;

/**
 * Commits a window's data files as one Iceberg snapshot whose summary holds the window's marker, exactly once
 * (R-EXACTLY-ONCE, docs/requirements.md). The same commit (one Iceberg {@link Transaction}) moves the {@link MarkerHistory#MARKER_TAG}
 * tag to that snapshot and writes the marker into the table properties, so that expiring snapshots cannot lose it.
 *
 * <p>The check runs before every commit attempt against the ancestry the commit would build on: once on a
 * refreshed table, then again inside Iceberg's own retry loop (through {@link AppendFiles#validateWith}, which the
 * transaction re-runs on every retry against the refreshed metadata), so a
 * concurrent writer that commits the same window between our check and our commit makes our commit fail its
 * validation instead of duplicating the rows. After such a failure the table is refreshed and checked anew, which
 * turns it into a repeat (or a refusal).
 */
public final class ColdCommitter {

    private static final int MAX_ROUNDS = 5;

    private ColdCommitter() {
    }

    /**
     * Commits {@code files} with {@code marker}, or reports a repeat and commits nothing. The new snapshot's summary
     * holds the marker, and the same commit moves the {@link MarkerHistory#MARKER_TAG} tag to it and writes the marker
     * into the table properties, so that no snapshot expiry can lose it.
     *
     * <p>When this returns, the catalog swap has happened and nothing has been asked of the catalog since: a failure
     * thrown from here is either from before the swap (nothing of ours is in the table) or a
     * {@link CommitStateUnknownException} (maybe it is). The snapshot id is known before the swap (Iceberg keeps a
     * snapshot's id across its commit retries), not read back after it.
     *
     * @throws MarkerRefusedException when the window leaves a gap after, or goes back before, the latest marker, or
     *                                the table has snapshots but no findable marker
     * @throws CommitStateUnknownException when the catalog could not say whether the commit happened and a re-read
     *                                     of the table does not show it (a redelivery will find out)
     */
    public static CommitOutcome commit(Table table, OffloadMarker marker, List<DataFile> files) {
        ValidationException lastConflict = null;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            table.refresh();
            Optional<MarkerAt> fallback = MarkerHistory.fallback(table);
            MarkerCheck.Verdict verdict = MarkerCheck.check(MarkerHistory.ancestry(table), fallback, marker);
            Optional<CommitOutcome> decided = decided(table, marker, verdict);
            if (decided.isPresent()) {
                return decided.get();
            }
            Transaction transaction = table.newTransaction();
            AppendFiles append = transaction.newAppend();
            files.forEach(append::appendFile);
            marker.toSnapshotSummary().forEach(append::set);
            // validated on this table now, and again on every retry of the transaction against the refreshed table
            append.validateWith(new Continues(marker, fallback));
            try {
                append.commit();
                long snapshotId = transaction.table().currentSnapshot().snapshotId();
                MarkerHistory.carry(transaction, marker, snapshotId);
                transaction.commitTransaction();
                return new CommitOutcome(false, snapshotId, marker);
            } catch (ValidationException conflict) {
                // another writer moved the marker between our check and our commit: look again
                lastConflict = conflict;
            } catch (CommitFailedException conflict) {
                lastConflict = new ValidationException(conflict, "commit of %s kept conflicting", table.name());
            } catch (CommitStateUnknownException unknown) {
                if (committedAfterAll(table, marker, unknown) instanceof MarkerCheck.Repeat r) {
                    return new CommitOutcome(false, r.snapshotId(), marker);
                }
                throw unknown;
            }
        }
        throw new IllegalStateException("table " + table.name() + ": window " + marker.window()
                + " could not be committed after " + MAX_ROUNDS + " rounds of conflicts", lastConflict);
    }

    /**
     * After an unknown commit state: a repeat of our own command if the re-read table shows it. A re-read that fails
     * is added to {@code unknown} and {@code unknown} goes up: never a different failure, which a caller could take for
     * "not committed" and delete files that are in the table.
     */
    private static MarkerCheck.Verdict committedAfterAll(Table table, OffloadMarker marker,
                                                         CommitStateUnknownException unknown) {
        try {
            table.refresh();
            MarkerCheck.Verdict verdict = MarkerCheck.check(MarkerHistory.ancestry(table), marker);
            boolean ours = verdict instanceof MarkerCheck.Repeat r
                    && r.committed().commandId().equals(marker.commandId());
            return ours ? verdict : new MarkerCheck.Proceed(Optional.empty());
        } catch (RuntimeException reRead) {
            unknown.addSuppressed(reRead);
            throw unknown;
        }
    }

    private static Optional<CommitOutcome> decided(Table table, OffloadMarker marker, MarkerCheck.Verdict verdict) {
        return switch (verdict) {
            case MarkerCheck.Repeat r -> Optional.of(new CommitOutcome(true, r.snapshotId(), r.committed()));
            case MarkerCheck.Refuse r -> throw new MarkerRefusedException(r.reason(), table.name(),
                    r.latest().marker(), marker.window());
            case MarkerCheck.Lost l -> throw MarkerRefusedException.markerLost(table.name(), l.currentSnapshot(),
                    marker.window());
            case MarkerCheck.Proceed p -> Optional.empty();
        };
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
                case MarkerCheck.Lost l -> "the table's marker can no longer be found (current snapshot "
                        + l.currentSnapshot() + ")";
            };
            return problem.isEmpty();
        }

        @Override
        public String errorMessage() {
            return problem;
        }
    }
}
