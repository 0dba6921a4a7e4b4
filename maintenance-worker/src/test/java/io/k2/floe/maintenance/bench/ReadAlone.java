package io.k2.floe.maintenance.bench;

import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.testing.bench.BenchException;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The compaction's reference, on the same rows: Iceberg's generic reader alone reading every row of the given days
 * (all columns, no merge, no write), in this fresh JVM. Compaction reads the same rows, merges them and writes them
 * again, so its time over this one says what the merge and the writer cost on top of reading.
 *
 * <p>Arguments: {@code FIRST_DAY LAST_DAY} (ISO dates, inclusive). Prints {@code read_rows}, {@code read_s}.
 */
final class ReadAlone {

    private ReadAlone() {
    }

    static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new BenchException("usage: read-alone FIRST_DAY LAST_DAY");
        }
        long start = LocalDate.parse(args[0]).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
        long end = LocalDate.parse(args[1]).plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
        String timeColumn = BenchTable.declaration().timeColumn();
        try (ColdCatalogs catalogs = BenchTable.open()) {
            Table table = BenchTable.load(catalogs).orElseThrow(() -> new BenchException("the bench table is missing"));
            long started = System.nanoTime();
            long rows = 0;
            try (CloseableIterable<Record> records = IcebergGenerics.read(table)
                    .where(Expressions.and(Expressions.greaterThanOrEqual(timeColumn, start),
                            Expressions.lessThan(timeColumn, end)))
                    .build()) {
                for (Record ignored : records) {
                    rows++;
                }
            }
            System.out.println("read_rows=" + rows);
            System.out.printf("read_s=%.2f%n", (System.nanoTime() - started) / 1e9);
        }
    }
}
