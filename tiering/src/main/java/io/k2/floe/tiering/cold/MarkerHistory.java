package io.k2.floe.tiering.cold;

import io.k2.floe.tiering.messages.OffloadMarker;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

import java.util.List;
import java.util.Optional;

/**
 * Reads a cold table's progress marker from Iceberg, the source of truth (SPEC R-EXACTLY-ONCE), and keeps it
 * findable across maintenance: see {@code docs/exactly-once.md}.
 */
public final class MarkerHistory {

    /**
     * Tag on the newest snapshot holding a marker, set by {@link #pinLatest} before snapshots are expired. Tags
     * are kept by snapshot expiry (no max age is set on it), so the marker outlives the snapshots around it.
     */
    public static final String MARKER_TAG = "floe-marker";

    private MarkerHistory() {
    }

    /** The current snapshot's ancestry, newest first; empty for a table without snapshots. */
    public static Iterable<Snapshot> ancestry(Table table) {
        Snapshot current = table.currentSnapshot();
        return current == null ? List.of() : SnapshotUtil.ancestorsOf(current.snapshotId(), table::snapshot);
    }

    /**
     * The latest committed marker: the newest marker in the current snapshot's ancestry (compaction snapshots carry
     * none and are passed over), else, when expiry has cut the ancestry short, the one on the {@link #MARKER_TAG}
     * tag. Empty for a table nothing was offloaded to. Reads the table as it is loaded; refresh it first for news.
     */
    public static Optional<MarkerAt> latest(Table table) {
        for (Snapshot snapshot : ancestry(table)) {
            Optional<OffloadMarker> marker = OffloadMarker.fromSnapshotSummary(snapshot.summary());
            if (marker.isPresent()) {
                return Optional.of(new MarkerAt(marker.get(), snapshot.snapshotId()));
            }
        }
        return tagged(table);
    }

    /**
     * The marker in force at {@code snapshotId}: the newest marker in that snapshot's ancestry, else (expiry cut it
     * short) the tagged one if its snapshot is not newer. Empty when none is known, or the snapshot does not exist.
     */
    public static Optional<MarkerAt> asOf(Table table, long snapshotId) {
        if (table.snapshot(snapshotId) == null) {
            return Optional.empty();
        }
        for (Snapshot snapshot : SnapshotUtil.ancestorsOf(snapshotId, table::snapshot)) {
            Optional<OffloadMarker> marker = OffloadMarker.fromSnapshotSummary(snapshot.summary());
            if (marker.isPresent()) {
                return Optional.of(new MarkerAt(marker.get(), snapshot.snapshotId()));
            }
        }
        long sequence = table.snapshot(snapshotId).sequenceNumber();
        return tagged(table).filter(at -> table.snapshot(at.snapshotId()).sequenceNumber() <= sequence);
    }

    /** The marker on the {@link #MARKER_TAG} tag, if the tag exists and its snapshot holds one. */
    public static Optional<MarkerAt> tagged(Table table) {
        SnapshotRef ref = table.refs().get(MARKER_TAG);
        if (ref == null || !ref.isTag()) {
            return Optional.empty();
        }
        Snapshot snapshot = table.snapshot(ref.snapshotId());
        if (snapshot == null) {
            return Optional.empty();
        }
        return OffloadMarker.fromSnapshotSummary(snapshot.summary()).map(m -> new MarkerAt(m, snapshot.snapshotId()));
    }

    /**
     * Points the {@link #MARKER_TAG} tag at the newest snapshot holding a marker, so that expiring snapshots never
     * loses it. Maintenance calls this right before {@code expireSnapshots()}.
     *
     * @return the pinned marker; empty (and nothing changed) when the table holds none
     */
    public static Optional<MarkerAt> pinLatest(Table table) {
        table.refresh();
        Optional<MarkerAt> latest = latest(table);
        latest.ifPresent(at -> {
            SnapshotRef ref = table.refs().get(MARKER_TAG);
            if (ref == null) {
                table.manageSnapshots().createTag(MARKER_TAG, at.snapshotId()).commit();
            } else if (ref.snapshotId() != at.snapshotId()) {
                table.manageSnapshots().replaceTag(MARKER_TAG, at.snapshotId()).commit();
            }
        });
        return latest;
    }
}
