package io.k2.floe.audit.bench;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.PartitionTransform;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.cold.ColdTables;
import io.k2.floe.tiering.testing.bench.BenchEnv;
import io.k2.floe.tiering.testing.bench.BenchException;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The cold reference: the partition's rows at the audited snapshot, read with Iceberg's generic reader
 * ({@link IcebergGenerics}: Parquet into {@link Record}s, one file after another) and nothing else — no canonical
 * text, no hashing; every value is fetched once so none is left unread. The columns are those the audit compares.
 * Best of RUNS in one JVM; the first run includes the JIT's warm-up, as the auditor's single audit does, and its
 * CPU time (the whole JVM's, GC included) is printed too.
 *
 * <p>Arguments: {@code PARTITION SNAPSHOT_ID RUNS COLUMNS} (COLUMNS comma-separated, from the {@code scope} step).
 */
final class ColdReadAlone {

    private ColdReadAlone() {
    }

    static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new BenchException("usage: cold-read PARTITION SNAPSHOT_ID RUNS COLUMNS");
        }
        String label = args[0];
        long snapshotId = Long.parseLong(args[1]);
        int runs = Integer.parseInt(args[2]);
        List<String> columns = Arrays.asList(args[3].split(","));
        CatalogTable table = TableCatalog.load().get(AuditBench.TABLE);
        PartitionTransform transform = table.partition();
        try (ColdCatalogs catalogs = ColdCatalogs.open(BenchEnv.catalog(), BenchEnv.objectStore())) {
            Table cold = catalogs.catalog().loadTable(ColdTables.identifier(table));
            Expression partition = Expressions.and(
                    Expressions.greaterThanOrEqual(transform.column(), micros(transform.startOf(label))),
                    Expressions.lessThan(transform.column(), micros(transform.endOf(label))));
            int files = 0;
            long bytes = 0;
            try (CloseableIterable<FileScanTask> tasks = cold.newScan().useSnapshot(snapshotId).filter(partition)
                    .planFiles()) {
                for (FileScanTask task : tasks) {
                    files++;
                    bytes += task.file().fileSizeInBytes();
                }
            }
            System.out.println("cold_read_files=" + files);
            System.out.println("cold_read_bytes=" + bytes);
            double best = 0;
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            for (int run = 1; run <= runs; run++) {
                long cpuBegin = os.getProcessCpuTime();
                long begin = System.nanoTime();
                long rows = 0;
                long values = 0;
                try (CloseableIterable<Record> records = IcebergGenerics.read(cold).useSnapshot(snapshotId)
                        .where(partition).select(columns).reuseContainers().build()) {
                    for (Record record : records) {
                        rows++;
                        for (int i = 0; i < columns.size(); i++) {
                            if (record.get(i) != null) {
                                values++;
                            }
                        }
                    }
                }
                double seconds = (System.nanoTime() - begin) / 1e9;
                double cpu = (os.getProcessCpuTime() - cpuBegin) / 1e9;
                double rate = rows / seconds;
                System.err.printf("bench: cold read run %d: %d rows (%d values) in %.2f s (%.2f CPU-s) = %.0f rows/s%n",
                        run, rows, values, seconds, cpu, rate);
                if (run == 1) {
                    System.out.println("cold_read_rows=" + rows);
                    System.out.printf("cold_read_first_s=%.2f%n", seconds);
                    System.out.printf("cold_read_first_cpu_s=%.2f%n", cpu);
                    System.out.printf("cold_read_first_rows_per_s=%.0f%n", rate);
                }
                best = Math.max(best, rate);
            }
            System.out.printf("cold_read_best_rows_per_s=%.0f%n", best);
        }
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }
}
