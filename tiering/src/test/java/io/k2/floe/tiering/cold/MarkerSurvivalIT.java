package io.k2.floe.tiering.cold;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.messages.OffloadMarker;
import io.k2.floe.tiering.testing.CatalogBlips;
import io.k2.floe.tiering.testing.LocalColdTier;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The marker survives whatever expires snapshots, and a table that lost it refuses windows (docs/exactly-once.md),
 * on the real stack: a JDBC catalog of this test's own on the local PostgreSQL, tables on the local S3. Snapshots are
 * expired the way a tool outside Floe does it (Iceberg's own {@code expireSnapshots()}, keeping only the current
 * snapshot, with the {@code floe-marker} tag left alone or removed first), after a repair ({@link ColdPartitionReplace})
 * and after a compaction (Iceberg's {@link RewriteFiles}); the windows that follow are then counted key by key: every
 * row of every committed window exactly once, no row of any other.
 */
class MarkerSurvivalIT {

    private static final Instant W0 = Instant.parse("2026-03-10T00:00:00Z");
    /** Rows per window; window {@code w} holds trade ids {@code w * ROWS + 1 .. (w + 1) * ROWS}, all on day {@code w}. */
    private static final int ROWS = 1_000;

    private ColdCatalogs catalogs;
    private CatalogTable bronze;
    private Table table;

    @BeforeEach
    void createTable() {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        catalogs = LocalColdTier.open("marker_it_" + run,
                "s3://" + LocalColdTier.env("FLOE_S3_BUCKET") + "/it-marker-" + run);
        bronze = BronzeRows.table("marker_it_" + run);
        table = new ColdTables(catalogs.catalog(), ColdWriteConfig.DEFAULT_TARGET_FILE_SIZE)
                .createIfMissing(bronze, BronzeRows.SCHEMA);
    }

    @AfterEach
    void dropTable() throws IOException {
        try {
            catalogs.catalog().dropTable(ColdTables.identifier(bronze), true);
            ((SupportsNamespaces) catalogs.catalog()).dropNamespace(Namespace.of(CatalogTable.COLD_NAMESPACE));
        } finally {
            catalogs.close();
        }
    }

    @Test
    void everyOffloadMovesTheTagAndThePropertiesInTheSameCommitAsItsData() {
        int versions = metadataVersions();
        CommitOutcome first = offload(0);
        assertThat(metadataVersions()).as("one catalog swap for data, tag and properties").isEqualTo(versions + 1);
        assertMarkerEverywhere(marker(0), first.snapshotId());

        CommitOutcome second = offload(1);
        assertThat(metadataVersions()).isEqualTo(versions + 2);
        assertMarkerEverywhere(marker(1), second.snapshotId());
        assertExactlyOnce(0, 1);
    }

    @Test
    void afterARepairBecameCurrentExpiringEveryOtherSnapshotKeepsTheMarkerAndTheNextWindowsAreExactlyOnce() {
        offload(0);
        CommitOutcome marked = offload(1);
        long repair = repair(1);
        assertThat(table.currentSnapshot().snapshotId()).isEqualTo(repair);

        expireAllButCurrent();
        // the tag kept the marker's snapshot: the ancestry of the repair reaches it again
        assertThat(table.snapshot(marked.snapshotId())).isNotNull();
        assertThat(MarkerHistory.latest(table)).contains(new MarkerAt(marker(1), marked.snapshotId()));
        assertNextWindowsAreExactlyOnce(1, 2);
    }

    @Test
    void afterARepairWithTheTagRemovedByATagIgnorantToolThePropertiesKeepTheMarker() {
        offload(0);
        CommitOutcome marked = offload(1);
        repair(0);
        table.manageSnapshots().removeTag(MarkerHistory.MARKER_TAG).commit();

        expireAllButCurrent();
        assertThat(table.snapshot(marked.snapshotId())).as("the marker's snapshot is expired").isNull();
        assertThat(MarkerHistory.ancestry(table)).hasSize(1);
        assertThat(MarkerHistory.latest(table)).contains(new MarkerAt(marker(1), marked.snapshotId()));
        assertThat(MarkerHistory.asOf(table, table.currentSnapshot().snapshotId()))
                .contains(new MarkerAt(marker(1), marked.snapshotId()));
        assertNextWindowsAreExactlyOnce(1, 2);
    }

    @Test
    void afterACompactionExpiringEveryOtherSnapshotWithOrWithoutTheTagKeepsTheMarker() {
        offload(0);
        offload(1);
        CommitOutcome marked = offload(2);
        compact();
        expireAllButCurrent();
        assertThat(MarkerHistory.latest(table)).contains(new MarkerAt(marker(2), marked.snapshotId()));
        assertNextWindowsAreExactlyOnce(2, 3);

        CommitOutcome later = offload(4);
        compact();
        table.manageSnapshots().removeTag(MarkerHistory.MARKER_TAG).commit();
        expireAllButCurrent();
        assertThat(table.snapshot(later.snapshotId())).isNull();
        assertThat(MarkerHistory.latest(table)).contains(new MarkerAt(marker(4), later.snapshotId()));
        assertNextWindowsAreExactlyOnce(4, 5);
    }

    @Test
    void historyWithoutAnyFindableMarkerRefusesEveryWindowCommitsNothingAndGoesOnOnceRestored() {
        offload(0);
        offload(1);
        compact();
        // a tool that knows nothing of Floe: tag dropped, properties dropped, everything but the current snapshot expired
        table.manageSnapshots().removeTag(MarkerHistory.MARKER_TAG).commit();
        UpdateProperties drop = table.updateProperties();
        MarkerHistory.properties(marker(1), 0).keySet().forEach(drop::remove);
        drop.commit();
        expireAllButCurrent();
        long current = table.currentSnapshot().snapshotId();
        assertThat(MarkerHistory.lost(table)).isTrue();

        for (int w : new int[] {0, 1, 2}) {
            // window 0 and 1 again would be duplicates, window 2 a guess: all refused before anything is written
            List<DataFile> files = write(w, "lost-" + w);
            assertThatThrownBy(() -> ColdCommitter.commit(table, marker(w), files))
                    .isInstanceOfSatisfying(MarkerRefusedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(MarkerRefusedException.Reason.MARKER_LOST);
                        assertThat(e.getMessage()).contains(bronze.coldName(), Long.toString(current));
                    });
        }
        table.refresh();
        assertThat(table.currentSnapshot().snapshotId()).as("nothing committed").isEqualTo(current);
        assertExactlyOnce(0, 1);

        // the operator's way out: the marker restored where the cold table is known to end
        MarkerHistory.restore(table, marker(1));
        assertThat(MarkerHistory.lost(table)).isFalse();
        assertThat(ColdCommitter.commit(table, marker(1), List.of()).repeat()).isTrue();
        offload(2);
        assertExactlyOnce(0, 2);
    }

    @Test
    void aTableWithoutAnySnapshotStillAcceptsItsFirstWindow() {
        assertThat(MarkerHistory.lost(table)).isFalse();
        offload(3);
        assertExactlyOnce(3, 3);
    }

    @Test
    void aCatalogFailingRightAfterTheSwapNeverTurnsACommittedWindowOrRepairIntoAFailure() {
        offload(0);
        Table blipping = CatalogBlips.wrap(catalogs.catalog().loadTable(ColdTables.identifier(bronze)),
                CatalogBlips.Blip.REFRESH_AFTER_COMMIT);
        List<DataFile> files = write(1, "blip-1");

        CommitOutcome outcome = ColdCommitter.commit(blipping, marker(1), files);

        assertThat(CatalogBlips.of(blipping).committed()).isTrue();
        assertThat(outcome).isEqualTo(new CommitOutcome(false, outcome.snapshotId(), marker(1)));
        table.refresh();
        assertThat(table.currentSnapshot().snapshotId()).isEqualTo(outcome.snapshotId());
        assertThat(referencedFiles()).containsAll(files.stream().map(DataFile::location).toList());
        assertMarkerEverywhere(marker(1), outcome.snapshotId());

        Table blippingRepair = CatalogBlips.wrap(catalogs.catalog().loadTable(ColdTables.identifier(bronze)),
                CatalogBlips.Blip.REFRESH_AFTER_COMMIT);
        List<DataFile> repaired = write(1, "blip-repair");
        long repair = ColdPartitionReplace.replace(blippingRepair, "trade_time_us", day(1), day(2),
                table.currentSnapshot().snapshotId(), repaired, Map.of(ColdPartitionReplace.SUMMARY_COMMAND_ID, "r"));
        table.refresh();
        assertThat(table.currentSnapshot().snapshotId()).isEqualTo(repair);
        assertThat(referencedFiles()).containsAll(repaired.stream().map(DataFile::location).toList())
                .doesNotContainAnyElementsOf(files.stream().map(DataFile::location).toList());
        assertExactlyOnce(0, 1);
    }

    @Test
    void anUnknownCommitStateWhoseReReadAlsoFailsStaysUnknown() {
        offload(0);
        Table blipping = CatalogBlips.wrap(catalogs.catalog().loadTable(ColdTables.identifier(bronze)),
                CatalogBlips.Blip.UNKNOWN_AFTER_SWAP_THEN_UNREACHABLE);
        List<DataFile> files = write(1, "unknown-1");

        // never another failure, which a worker would take for "not committed" and list the files for deletion
        assertThatThrownBy(() -> ColdCommitter.commit(blipping, marker(1), files))
                .isInstanceOf(CommitStateUnknownException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).isNotEmpty());
        assertThat(CatalogBlips.of(blipping).failedRefreshes()).isPositive();
        // the window was committed after all, and the redelivery finds it
        assertThat(ColdCommitter.commit(table, marker(1), List.of()).repeat()).isTrue();
        assertThat(referencedFiles()).containsAll(files.stream().map(DataFile::location).toList());
        assertExactlyOnce(0, 1);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static OffloadMarker marker(int window) {
        return new OffloadMarker(W0.plusSeconds(3600L * window), W0.plusSeconds(3600L * (window + 1)),
                "cmd-" + window, "run-marker-it");
    }

    private static Instant day(int window) {
        return BronzeRows.FIRST_DAY.plus(Duration.ofDays(window));
    }

    /** Window {@code w}'s rows on day {@code w}, in the warm query's order (symbol, then time), as data files. */
    private List<DataFile> write(int window, String operation) {
        try (WindowWriter writer = WindowWriter.open(table, operation)) {
            rows(window).forEach(writer::write);
            return writer.finish().dataFiles();
        }
    }

    private static List<Record> rows(int window) {
        List<Record> rows = new ArrayList<>();
        Record template = GenericRecord.create(BronzeRows.SCHEMA);
        long dayStartMicros = day(window).toEpochMilli() * 1000;
        int perSymbol = ROWS / BronzeRows.SYMBOLS.size();
        long id = (long) window * ROWS;
        for (String symbol : BronzeRows.SYMBOLS) {
            for (int i = 0; i < perSymbol; i++) {
                id++;
                Record r = template.copy();
                r.set(0, symbol);
                r.set(1, id);
                r.set(2, BronzeRows.priceOf(id));
                r.set(3, BigDecimal.ONE.setScale(8));
                r.set(4, BronzeRows.micros(dayStartMicros + i * 1_000_000L));
                r.set(5, false);
                r.set(6, BronzeRows.micros(W0.plusSeconds(3600L * window + 1).toEpochMilli() * 1000));
                rows.add(r);
            }
        }
        return rows;
    }

    private CommitOutcome offload(int window) {
        CommitOutcome outcome = ColdCommitter.commit(table, marker(window), write(window, "cmd-" + window));
        assertThat(outcome.repeat()).as("window " + window + " committed now").isFalse();
        return outcome;
    }

    /** Replaces window {@code w}'s day with the same rows re-read (as a repair does from the warm tier). */
    private long repair(int window) {
        table.refresh();
        long readAt = table.currentSnapshot().snapshotId();
        long snapshot = ColdPartitionReplace.replace(table, "trade_time_us", day(window), day(window + 1), readAt,
                write(window, "repair-" + window), Map.of(ColdPartitionReplace.SUMMARY_COMMAND_ID, "repair-" + window));
        table.refresh();
        return snapshot;
    }

    /** What the maintenance worker's compaction will do, with Iceberg's RewriteFiles: all files into one per day. */
    private void compact() {
        table.refresh();
        Set<DataFile> old = new HashSet<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            tasks.forEach(t -> old.add(t.file()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Record> all = readAll();
        all.sort(Comparator.comparing((Record r) -> ((OffsetDateTime) r.getField("trade_time_us")).toLocalDate())
                .thenComparing(r -> (String) r.getField("symbol"))
                .thenComparing(r -> (OffsetDateTime) r.getField("trade_time_us")));
        List<DataFile> compacted;
        try (WindowWriter writer = WindowWriter.open(table, "compaction-" + UUID.randomUUID())) {
            all.forEach(writer::write);
            compacted = writer.finish().dataFiles();
        }
        RewriteFiles rewrite = table.newRewrite().validateFromSnapshot(table.currentSnapshot().snapshotId());
        old.forEach(rewrite::deleteFile);
        compacted.forEach(rewrite::addFile);
        rewrite.commit();
        table.refresh();
        assertThat(OffloadMarker.fromSnapshotSummary(table.currentSnapshot().summary())).isEmpty();
    }

    /** Iceberg's own expiry, as any tool outside Floe runs it: everything but the current snapshot (and what refs keep). */
    private void expireAllButCurrent() {
        table.refresh();
        long current = table.currentSnapshot().snapshotId();
        table.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 60_000).retainLast(1).commit();
        table.refresh();
        assertThat(table.currentSnapshot().snapshotId()).isEqualTo(current);
        for (Snapshot s : table.snapshots()) {
            assertThat(s.snapshotId() == current || table.refs().values().stream().anyMatch(r -> r.snapshotId() == s.snapshotId()))
                    .as("snapshot " + s.snapshotId() + " is current or referenced").isTrue();
        }
    }

    /**
     * Windows {@code from} (already committed) and {@code to} (not yet): a redelivery of {@code from} is a repeat, an
     * earlier window a regression, {@code to} commits; then every window up to {@code to} is in the table exactly once.
     */
    private void assertNextWindowsAreExactlyOnce(int from, int to) {
        assertThat(ColdCommitter.commit(table, marker(from), write(from, "again-" + from)).repeat()).isTrue();
        if (from > 0) {
            assertThatThrownBy(() -> ColdCommitter.commit(table, marker(from - 1), write(from - 1, "old")))
                    .isInstanceOfSatisfying(MarkerRefusedException.class,
                            e -> assertThat(e.reason()).isEqualTo(MarkerRefusedException.Reason.REGRESSION));
        }
        offload(to);
        assertExactlyOnce(0, to);
    }

    /** Every key of windows {@code first..last} exactly once, nothing else (count key by key). */
    private void assertExactlyOnce(int first, int last) {
        Map<Long, Integer> seen = new TreeMap<>();
        for (Record r : readAll()) {
            seen.merge((Long) r.getField("trade_id"), 1, Integer::sum);
        }
        long duplicates = seen.values().stream().filter(n -> n > 1).count();
        long strangers = seen.keySet().stream().filter(id -> id <= (long) first * ROWS || id > (long) (last + 1) * ROWS).count();
        long losses = 0;
        for (long id = (long) first * ROWS + 1; id <= (long) (last + 1) * ROWS; id++) {
            if (!seen.containsKey(id)) {
                losses++;
            }
        }
        assertThat(duplicates).as("duplicates").isZero();
        assertThat(losses).as("losses").isZero();
        assertThat(strangers).as("rows of no committed window").isZero();
        assertThat(seen).hasSize((last - first + 1) * ROWS);
    }

    private void assertMarkerEverywhere(OffloadMarker marker, long snapshotId) {
        table.refresh();
        assertThat(table.snapshot(snapshotId).summary()).containsAllEntriesOf(marker.toSnapshotSummary());
        assertThat(table.refs().get(MarkerHistory.MARKER_TAG).snapshotId()).isEqualTo(snapshotId);
        assertThat(table.properties()).containsAllEntriesOf(MarkerHistory.properties(marker, snapshotId));
        assertThat(MarkerHistory.tagged(table)).contains(new MarkerAt(marker, snapshotId));
        assertThat(MarkerHistory.fromProperties(table)).contains(new MarkerAt(marker, snapshotId));
    }

    private int metadataVersions() {
        table.refresh();
        return ((HasTableOperations) table).operations().current().previousFiles().size();
    }

    private List<Record> readAll() {
        table.refresh();
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            records.forEach(rows::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private Set<String> referencedFiles() {
        table.refresh();
        Set<String> files = new HashSet<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            tasks.forEach(t -> files.add(t.file().location()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
