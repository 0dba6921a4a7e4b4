package io.k2.floe.offload.crash;

import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.BitSet;

/**
 * Reads a range of offloaded rows back from the cold table with Iceberg's own generic reader (no Floe code on the read
 * path) and counts, against the rows the warm table holds for that range, what a user would call duplicates, losses
 * and strangers.
 */
final class ColdRowsCheck {

    /**
     * What the cold table holds for rows {@code [firstRow, endRow)}.
     *
     * @param expected   rows the warm table holds in the range
     * @param rows       cold rows whose ingestion time lies in the range
     * @param duplicates cold rows whose key had already been seen (a second copy of a warm row)
     * @param losses     warm rows of the range without a cold copy
     * @param strangers  cold rows in the range's time that are no row of the range (wrong key or wrong ingestion time)
     */
    record Counts(long expected, long rows, long duplicates, long losses, long strangers) {
        @Override
        public String toString() {
            return "expected " + expected + ", cold " + rows + ", duplicates " + duplicates + ", losses " + losses
                    + ", strangers " + strangers;
        }
    }

    private ColdRowsCheck() {
    }

    /**
     * Counts the cold rows of warm rows {@code [firstRow, endRow)}: the scan takes the rows whose ingestion second lies
     * in their span, and each row's key must name a row of the range ingested at exactly that second.
     */
    static Counts count(Table table, CrashTrades trades, long firstRow, long endRow) {
        long lowerSecond = trades.ingestedSecond(firstRow);
        long upperSecond = trades.ingestedSecond(endRow - 1);
        int span = Math.toIntExact(endRow - firstRow);
        BitSet seen = new BitSet(span);
        long rows = 0;
        long duplicates = 0;
        long strangers = 0;
        table.refresh();
        if (table.currentSnapshot() == null) {
            return new Counts(span, 0, 0, span, 0);
        }
        try (CloseableIterable<Record> records = IcebergGenerics.read(table)
                .select("symbol", "trade_id", "ingested_at")
                .where(Expressions.and(
                        Expressions.greaterThanOrEqual("ingested_at", lowerSecond * 1_000_000L),
                        Expressions.lessThanOrEqual("ingested_at", upperSecond * 1_000_000L)))
                .build()) {
            for (Record record : records) {
                long ingested = ((OffsetDateTime) record.getField("ingested_at")).toEpochSecond();
                if (ingested < lowerSecond || ingested > upperSecond) {
                    continue; // another range's row that the reader did not filter out
                }
                rows++;
                long n = trades.rowNumber(record.getField("symbol").toString(), (Long) record.getField("trade_id"));
                if (n < firstRow || n >= endRow || trades.ingestedSecond(n) != ingested) {
                    strangers++;
                    continue;
                }
                int bit = Math.toIntExact(n - firstRow);
                if (seen.get(bit)) {
                    duplicates++;
                } else {
                    seen.set(bit);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + table.name(), e);
        }
        return new Counts(span, rows, duplicates, span - seen.cardinality(), strangers);
    }
}
