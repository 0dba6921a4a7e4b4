package io.k2.floe.tiering.cold;

import io.k2.floe.tiering.messages.OffloadMarker;
import org.apache.iceberg.ManageSnapshots;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.util.SnapshotUtil;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a cold table's progress marker from Iceberg, the source of truth (R-EXACTLY-ONCE, docs/requirements.md), and keeps it
 * findable whatever expires snapshots: see {@code docs/exactly-once.md}.
 *
 * <p>Every offload commit writes the marker three times, in one Iceberg commit: in the new snapshot's summary, as the
 * {@link #MARKER_TAG} tag moved to that snapshot, and as table properties ({@link #PROPERTY_PREFIX}{@code *}). Readers
 * look in that order: the ancestry first (it is what the data was built on, and a rollback moves it back with the
 * data), then the tag (kept by any expiry that honours references), then the properties (kept by anything short of
 * rewriting the table's metadata, also by a tool that drops tags and expires every snapshot but the current one).
 */
public final class MarkerHistory {

    /**
     * Tag on the newest snapshot holding a marker, moved by every offload commit (and by {@link #pinLatest}). Tags
     * are kept by snapshot expiry (no max age is set on it), so the marker outlives the snapshots around it.
     */
    public static final String MARKER_TAG = "floe-marker";

    /**
     * Prefix of the table properties that carry the latest marker: the snapshot summary's keys
     * ({@link OffloadMarker#toSnapshotSummary()}) plus {@link #PROPERTY_SNAPSHOT_ID}.
     */
    public static final String PROPERTY_PREFIX = "floe.marker.";

    /** Table property: the id of the snapshot that committed the marker in the properties (it may be expired). */
    public static final String PROPERTY_SNAPSHOT_ID = "floe.marker.snapshot-id";

    private MarkerHistory() {
    }

    /** The current snapshot's ancestry, newest first; empty for a table without snapshots. */
    public static Iterable<Snapshot> ancestry(Table table) {
        Snapshot current = table.currentSnapshot();
        return current == null ? List.of() : SnapshotUtil.ancestorsOf(current.snapshotId(), table::snapshot);
    }

    /**
     * The latest committed marker: the newest marker in the current snapshot's ancestry (compaction and repair
     * snapshots carry none and are passed over), else, when expiry has cut the ancestry short, {@link #fallback}.
     * Empty for a table nothing was offloaded to, and for one whose marker is lost (it has snapshots: check
     * {@code table.currentSnapshot()}). Reads the table as it is loaded; refresh it first for news.
     */
    public static Optional<MarkerAt> latest(Table table) {
        for (Snapshot snapshot : ancestry(table)) {
            Optional<OffloadMarker> marker = OffloadMarker.fromSnapshotSummary(snapshot.summary());
            if (marker.isPresent()) {
                return Optional.of(new MarkerAt(marker.get(), snapshot.snapshotId()));
            }
        }
        return fallback(table);
    }

    /** Whether the table has snapshots but no marker can be found anywhere: windows are refused until restored. */
    public static boolean lost(Table table) {
        return table.currentSnapshot() != null && latest(table).isEmpty();
    }

    /**
     * The marker the table carries outside its snapshot ancestry: the {@link #MARKER_TAG} tag's, else the table
     * properties'. Both are written in the commit that committed the marker.
     */
    public static Optional<MarkerAt> fallback(Table table) {
        return tagged(table).or(() -> fromProperties(table));
    }

    /**
     * The marker in force at {@code snapshotId}: the newest marker in that snapshot's ancestry, else (expiry cut it
     * short) the tagged one if its snapshot is not newer, else the properties' one if its snapshot is not newer, or
     * if that snapshot was expired and {@code snapshotId} is the current snapshot (the properties always hold the
     * latest marker of the current snapshot's history). Empty when none is known, or the snapshot does not exist.
     */
    public static Optional<MarkerAt> asOf(Table table, long snapshotId) {
        Snapshot at = table.snapshot(snapshotId);
        if (at == null) {
            return Optional.empty();
        }
        for (Snapshot snapshot : SnapshotUtil.ancestorsOf(snapshotId, table::snapshot)) {
            Optional<OffloadMarker> marker = OffloadMarker.fromSnapshotSummary(snapshot.summary());
            if (marker.isPresent()) {
                return Optional.of(new MarkerAt(marker.get(), snapshot.snapshotId()));
            }
        }
        long sequence = at.sequenceNumber();
        Optional<MarkerAt> tagged = tagged(table)
                .filter(m -> table.snapshot(m.snapshotId()).sequenceNumber() <= sequence);
        if (tagged.isPresent()) {
            return tagged;
        }
        Snapshot current = table.currentSnapshot();
        return fromProperties(table).filter(m -> {
            Snapshot committed = table.snapshot(m.snapshotId());
            return committed == null ? current != null && current.snapshotId() == snapshotId
                    : committed.sequenceNumber() <= sequence;
        });
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
     * The marker in the table properties, if they hold one.
     *
     * @throws IllegalArgumentException when they hold an incomplete or unreadable one (names the property)
     */
    public static Optional<MarkerAt> fromProperties(Table table) {
        Map<String, String> properties = table.properties();
        Optional<OffloadMarker> marker = OffloadMarker.fromSnapshotSummary(properties);
        if (marker.isEmpty()) {
            return Optional.empty();
        }
        String id = properties.get(PROPERTY_SNAPSHOT_ID);
        try {
            return Optional.of(new MarkerAt(marker.get(), Long.parseLong(String.valueOf(id))));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("table " + table.name() + ": property " + PROPERTY_SNAPSHOT_ID + " '"
                    + id + "' is not a snapshot id");
        }
    }

    /** The table properties that record {@code marker}, committed by snapshot {@code snapshotId}. */
    public static Map<String, String> properties(OffloadMarker marker, long snapshotId) {
        Map<String, String> properties = new LinkedHashMap<>(marker.toSnapshotSummary());
        properties.put(PROPERTY_SNAPSHOT_ID, Long.toString(snapshotId));
        return properties;
    }

    /**
     * Adds to {@code transaction} (after the operation that creates snapshot {@code snapshotId} with {@code marker}
     * in its summary) the moves of the {@link #MARKER_TAG} tag and of the marker properties to it, so that data,
     * summary, tag and properties become visible in the same catalog swap. Iceberg re-applies both on a commit retry
     * with the same snapshot id (a snapshot producer keeps its id across retries).
     */
    static void carry(Transaction transaction, OffloadMarker marker, long snapshotId) {
        ManageSnapshots refs = transaction.manageSnapshots();
        if (transaction.table().refs().containsKey(MARKER_TAG)) {
            refs.replaceTag(MARKER_TAG, snapshotId);
        } else {
            refs.createTag(MARKER_TAG, snapshotId);
        }
        refs.commit();
        UpdateProperties update = transaction.updateProperties();
        properties(marker, snapshotId).forEach(update::set);
        update.commit();
    }

    /**
     * Points the {@link #MARKER_TAG} tag at the newest snapshot holding a marker. Every offload commit does this
     * already; kept for tables whose last offload predates that, and as a harmless step before expiry.
     *
     * @return the pinned marker; empty (and nothing changed) when the table holds none
     */
    public static Optional<MarkerAt> pinLatest(Table table) {
        table.refresh();
        Optional<MarkerAt> latest = latest(table);
        latest.filter(at -> table.snapshot(at.snapshotId()) != null).ifPresent(at -> {
            SnapshotRef ref = table.refs().get(MARKER_TAG);
            if (ref == null) {
                table.manageSnapshots().createTag(MARKER_TAG, at.snapshotId()).commit();
            } else if (ref.snapshotId() != at.snapshotId()) {
                table.manageSnapshots().replaceTag(MARKER_TAG, at.snapshotId()).commit();
            }
        });
        return latest;
    }

    /**
     * The operator's way out of a lost marker (docs/exactly-once.md, "Resetting a marker"): records {@code marker} in
     * the table properties, with the current snapshot as the one that committed it. Offload resumes at its upper
     * bound. The operator must have established that the cold table holds every warm row up to that bound and none
     * after it; nothing here can check that.
     *
     * @throws IllegalStateException when the table has no snapshot (a table without history needs no marker)
     */
    public static MarkerAt restore(Table table, OffloadMarker marker) {
        table.refresh();
        Snapshot current = table.currentSnapshot();
        if (current == null) {
            throw new IllegalStateException("table " + table.name() + " has no snapshot: its first window needs no"
                    + " restored marker");
        }
        UpdateProperties update = table.updateProperties();
        properties(marker, current.snapshotId()).forEach(update::set);
        update.commit();
        return new MarkerAt(marker, current.snapshotId());
    }
}
