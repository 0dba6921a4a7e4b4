package io.k2.floe.tiering.cold;

import io.k2.floe.tiering.messages.OffloadMarker;
import org.apache.iceberg.Snapshot;

import java.util.Optional;

/**
 * The decision taken before every commit attempt, from the table's snapshot ancestry (newest first): has this
 * command or this window already been committed, and does the window continue the latest marker? When the ancestry
 * holds no marker (snapshot expiry cut it short), the marker the table carries elsewhere stands in for it: the
 * {@link MarkerHistory#MARKER_TAG} tag, else the table properties ({@link MarkerHistory#fallback}). A table with
 * snapshots but no marker anywhere is {@link Lost}: nothing is committed, because any window could duplicate rows.
 */
public final class MarkerCheck {

    /** Outcome of the check. */
    public sealed interface Verdict {
    }

    /** Already committed by {@code snapshotId} (as {@code committed}): commit nothing. */
    public record Repeat(long snapshotId, OffloadMarker committed) implements Verdict {
    }

    /** The window continues {@code latest} (or the table holds no marker yet): commit. */
    public record Proceed(Optional<MarkerAt> latest) implements Verdict {
    }

    /** The window would leave a gap or go backwards. */
    public record Refuse(MarkerRefusedException.Reason reason, MarkerAt latest) implements Verdict {
    }

    /**
     * The table has history (its newest snapshot is {@code currentSnapshot}) but no findable marker: refuse every
     * window ({@link MarkerRefusedException.Reason#MARKER_LOST}) rather than start over and offload rows twice.
     */
    public record Lost(long currentSnapshot) implements Verdict {
    }

    private MarkerCheck() {
    }

    /**
     * Checks {@code requested} against {@code ancestry}, newest snapshot first. Snapshots without a marker
     * (compaction, maintenance) are passed over. A window that exactly equals a committed one, or a command id
     * already committed, is a repeat wherever it is in the ancestry.
     */
    public static Verdict check(Iterable<Snapshot> ancestry, OffloadMarker requested) {
        return check(ancestry, Optional.empty(), requested);
    }

    /**
     * As {@link #check(Iterable, OffloadMarker)}, with {@code pinned} (the marker the table carries outside its
     * ancestry: {@link MarkerHistory#fallback}) standing in for the latest marker when expiry has cut the ancestry
     * short of any marker. With neither, an ancestry that holds any snapshot is {@link Lost}; an empty one (a table
     * without snapshots) accepts its first window.
     */
    public static Verdict check(Iterable<Snapshot> ancestry, Optional<MarkerAt> pinned, OffloadMarker requested) {
        MarkerAt latest = null;
        Long current = null;
        for (Snapshot snapshot : ancestry) {
            if (current == null) {
                current = snapshot.snapshotId();
            }
            Optional<OffloadMarker> marker = OffloadMarker.fromSnapshotSummary(snapshot.summary());
            if (marker.isEmpty()) {
                continue;
            }
            OffloadMarker m = marker.get();
            if (m.commandId().equals(requested.commandId()) || m.window().equals(requested.window())) {
                return new Repeat(snapshot.snapshotId(), m);
            }
            if (latest == null) {
                latest = new MarkerAt(m, snapshot.snapshotId());
            }
        }
        if (latest == null && pinned.isPresent()) {
            OffloadMarker m = pinned.get().marker();
            if (m.commandId().equals(requested.commandId()) || m.window().equals(requested.window())) {
                return new Repeat(pinned.get().snapshotId(), m);
            }
            latest = pinned.get();
        }
        if (latest == null) {
            return current == null ? new Proceed(Optional.empty()) : new Lost(current);
        }
        int c = requested.windowLower().compareTo(latest.marker().windowUpper());
        if (c > 0) {
            return new Refuse(MarkerRefusedException.Reason.GAP, latest);
        }
        if (c < 0) {
            return new Refuse(MarkerRefusedException.Reason.REGRESSION, latest);
        }
        return new Proceed(Optional.of(latest));
    }
}
