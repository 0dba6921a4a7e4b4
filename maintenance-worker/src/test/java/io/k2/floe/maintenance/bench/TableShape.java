package io.k2.floe.maintenance.bench;

import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.testing.bench.BenchException;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

import java.util.Map;
import java.util.TreeMap;

/**
 * What planning and reading a table costs, in counts: the current snapshot's data files and bytes, its manifests, the
 * snapshots kept, and the data files per partition (largest and smallest count), printed with {@code PREFIX_} keys.
 */
final class TableShape {

    private TableShape() {
    }

    static void main(String[] args) throws Exception {
        String prefix = args.length > 0 ? args[0] + "_" : "";
        try (ColdCatalogs catalogs = BenchTable.open()) {
            Table table = BenchTable.load(catalogs).orElseThrow(() -> new BenchException("the bench table is missing"));
            Snapshot current = table.currentSnapshot();
            if (current == null) {
                throw new BenchException("the bench table has no snapshot");
            }
            long files = 0;
            long bytes = 0;
            long rows = 0;
            Map<String, Integer> perPartition = new TreeMap<>();
            try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
                for (FileScanTask task : tasks) {
                    DataFile file = task.file();
                    files++;
                    bytes += file.fileSizeInBytes();
                    rows += file.recordCount();
                    perPartition.merge(task.spec().partitionToPath(file.partition()), 1, Integer::sum);
                }
            }
            int snapshots = 0;
            for (Snapshot ignored : table.snapshots()) {
                snapshots++;
            }
            System.out.println(prefix + "data_files=" + files);
            System.out.println(prefix + "data_bytes=" + bytes);
            System.out.println(prefix + "rows=" + rows);
            System.out.println(prefix + "manifests=" + current.allManifests(table.io()).size());
            System.out.println(prefix + "snapshots=" + snapshots);
            System.out.println(prefix + "partitions=" + perPartition.size());
            perPartition.forEach((partition, count) -> System.out.println(prefix + "files[" + partition + "]=" + count));
        }
    }
}
