package io.k2.floe.offload.window;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import io.k2.floe.tiering.warm.WarmColumn;
import io.k2.floe.tiering.warm.figures.DecimalText;
import io.k2.floe.tiering.warm.figures.RowBytes;
import io.k2.floe.tiering.warm.figures.RowChecksum;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Refuses a repair that would lose rows (issue 11): a repair replaces a cold partition with what the warm tier holds,
 * so when the warm side holds less than cold — a gold month rebuilt after silver's retention dropped some of its days,
 * a bronze day part of which is gone — the replacement would silently drop rows. Before the commit, every row key of
 * the cold partition (the catalog's key columns) at the snapshot the repair read must be among the keys the repair
 * read from the warm tier. Keys, not counts: a repair that removes a duplicate the cold partition held twice, or
 * replaces an altered row, loses nothing and goes ahead.
 *
 * <p>The keys are compared as 64-bit hashes of their canonical text (the auditor's, docs/audit.md): ClickHouse lists
 * the warm keys, sorted and distinct; the cold keys are read from the partition's files (key columns only) into one
 * {@code long} per cold row, 8 bytes a row, sorted, and the two walked side by side. A hash collision could at worst
 * hide one lost key (probability about n/2^64).
 */
@ApplicationScoped
public class RepairGuard {

    private final ClickHouseHttp http;

    public RepairGuard(ClickHouseHttp http) {
        this.http = http;
    }

    /** What the comparison found. */
    public record KeyCount(long coldRows, long coldKeys, long missing) {
    }

    /**
     * Compares the keys of the cold partition {@code [start, end)} at {@code readAt} with those of the warm rows the
     * repair reads with {@code repairSql}.
     *
     * @param columns the warm columns the repair reads (the key columns are among them)
     */
    public KeyCount compare(CatalogTable table, List<WarmColumn> columns, Table cold, Snapshot readAt, Instant start,
                            Instant end, String repairSql, Map<String, String> settings) throws IOException {
        List<WarmColumn> keys = keyColumns(table, columns);
        if (readAt == null) {
            return new KeyCount(0, 0, 0);
        }
        RowChecksum hash = new RowChecksum(keys, decimalText());
        long coldRows = coldRows(cold, readAt, table, start, end);
        long[] coldKeys = coldKeys(cold, readAt, table, start, end, keys, hash, coldRows);
        int distinct = distinctSorted(coldKeys);
        MissingKeys missing = new MissingKeys(coldKeys, distinct);
        warmKeys(hash, repairSql, settings, missing);
        return new KeyCount(coldRows, distinct, missing.count());
    }

    /** Walks the warm keys (ascending) beside the sorted distinct cold keys: a cold key the warm side skips is missing. */
    private static final class MissingKeys implements KeyWalk {
        private final long[] cold;
        private final int distinct;
        private int next;
        private long skipped;

        MissingKeys(long[] cold, int distinct) {
            this.cold = cold;
            this.distinct = distinct;
        }

        @Override
        public boolean next(long warm) {
            while (next < distinct && cold[next] < warm) {
                skipped++;
                next++;
            }
            if (next < distinct && cold[next] == warm) {
                next++;
            }
            return next < distinct;
        }

        /** Cold keys skipped, and those left after the last warm key. */
        long count() {
            return skipped + distinct - next;
        }
    }

    /** Receives warm key hashes in ascending order; answers whether it wants more. */
    @FunctionalInterface
    interface KeyWalk {
        boolean next(long signFlippedHash);
    }

    /**
     * Streams the distinct key hashes of the warm rows {@code repairSql} reads, ascending as signed longs (the hash
     * sign-flipped, as the cold keys are), until {@code walk} wants no more. ClickHouse does the distinct and the sort.
     */
    void warmKeys(RowChecksum hash, String repairSql, Map<String, String> settings, KeyWalk walk) throws IOException {
        String sql = "SELECT DISTINCT " + hash.warmRowHash() + " AS k FROM (" + repairSql + ") ORDER BY k"
                + " FORMAT TabSeparated";
        try (InputStream body = http.query(sql, settings);
             BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank() && !walk.next(Long.parseUnsignedLong(line.trim()) ^ Long.MIN_VALUE)) {
                    return;
                }
            }
        }
    }

    /** The catalog's key columns among the columns the repair reads. */
    static List<WarmColumn> keyColumns(CatalogTable table, List<WarmColumn> columns) {
        return table.keyColumns().stream()
                .map(k -> columns.stream().filter(c -> c.name().equals(k)).findFirst().orElseThrow(
                        () -> new IllegalStateException("key column " + k + " of " + table.id()
                                + " is not among the columns the repair reads")))
                .toList();
    }

    /** The partition's rows at the snapshot, from the manifests' record counts (no data read). */
    private static long coldRows(Table cold, Snapshot readAt, CatalogTable table, Instant start, Instant end)
            throws IOException {
        long rows = 0;
        try (CloseableIterable<FileScanTask> tasks = cold.newScan().useSnapshot(readAt.snapshotId())
                .filter(range(cold, table, start, end)).planFiles()) {
            for (FileScanTask task : tasks) {
                DataFile file = task.file();
                rows += file.recordCount();
            }
        }
        return rows;
    }

    /** The hashes of the cold rows' keys, sign-flipped so that a signed sort orders them as ClickHouse does. */
    private static long[] coldKeys(Table cold, Snapshot readAt, CatalogTable table, Instant start, Instant end,
                                   List<WarmColumn> keys, RowChecksum hash, long expected) throws IOException {
        long[] hashes = new long[Math.toIntExact(Math.max(expected, 16))];
        int n = 0;
        RowBytes buffer = new RowBytes();
        String[] names = keys.stream().map(WarmColumn::name).toArray(String[]::new);
        try (CloseableIterable<Record> rows = IcebergGenerics.read(cold).useSnapshot(readAt.snapshotId())
                .where(range(cold, table, start, end)).select(names).build()) {
            for (Record row : rows) {
                if (n == hashes.length) {
                    hashes = Arrays.copyOf(hashes, hashes.length * 2);
                }
                hashes[n++] = hash.coldRowHash(i -> row.getField(names[i]), buffer) ^ Long.MIN_VALUE;
            }
        }
        long[] found = Arrays.copyOf(hashes, n);
        Arrays.sort(found);
        return found;
    }

    /** Moves the distinct values of the sorted {@code values} to its front and returns how many there are. */
    private static int distinctSorted(long[] values) {
        int distinct = 0;
        for (int i = 0; i < values.length; i++) {
            if (i == 0 || values[i] != values[i - 1]) {
                values[distinct++] = values[i];
            }
        }
        return distinct;
    }

    /** The partition's time range, in the literal type of the cold time column (µs for timestamps, days for dates). */
    private static Expression range(Table cold, CatalogTable table, Instant start, Instant end) {
        String column = table.partition().column();
        org.apache.iceberg.types.Types.NestedField field = cold.schema().findField(column);
        if (field != null && field.type().typeId() == org.apache.iceberg.types.Type.TypeID.DATE) {
            return Expressions.and(Expressions.greaterThanOrEqual(column, (int) days(start)),
                    Expressions.lessThan(column, (int) days(end)));
        }
        return Expressions.and(Expressions.greaterThanOrEqual(column, micros(start)),
                Expressions.lessThan(column, micros(end)));
    }

    private static long days(Instant time) {
        return Math.floorDiv(time.getEpochSecond(), 86_400L);
    }

    /** How this server prints decimals (the auditor's probe): the key hashes are of the server's text. */
    DecimalText decimalText() throws IOException {
        try (InputStream body = http.query(DecimalText.PROBE)) {
            return DecimalText.fromProbe(new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static long micros(Instant time) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, time);
    }
}
