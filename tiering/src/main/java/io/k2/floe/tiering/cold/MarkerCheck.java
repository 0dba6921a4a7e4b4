package io.k2.floe.tiering.cold;

import io.k2.floe.tiering.messages.OffloadMarker;
import org.apache.iceberg.Snapshot;

import java.util.Optional;

/**
 * The decision taken before every commit attempt, from the table's snapshot ancestry (newest first): has this
 * command or this window already been committed, and does the window continue the latest marker?
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
     * As {@link #check(Iterable, OffloadMarker)}, with {@code pinned} (the marker tag, {@link MarkerHistory#MARKER_TAG})
     * standing in for the latest marker when expiry has cut the ancestry short of any marker.
     */
    public static Verdict check(Iterable<Snapshot> ancestry, Optional<MarkerAt> pinned, OffloadMarker requested) {
        MarkerAt latest = null;
        for (Snapshot snapshot : ancestry) {
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
            return new Proceed(Optional.empty());
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
