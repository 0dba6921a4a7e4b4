package io.k2.floe.offload.bench;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.testing.bench.BenchEnv;
import io.k2.floe.tiering.testing.bench.BenchException;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the worker committed, read back from the catalog (not from the worker's own report): the current snapshot's
 * summary (records, data files, their total size), the Parquet codec, and the bytes of each column over all data
 * files (from the files' column-size metrics), to show where the cold bytes go. {@code --purge} then drops the
 * table and its files (the run's catalog is its own, so nothing else is touched).
 */
final class ColdTableFigures {

    private ColdTableFigures() {
    }

    static void main(String[] args) throws IOException {
        boolean purge = args.length > 0 && args[0].equals("--purge");
        CatalogTable table = TableCatalog.load().get(BenchWindow.TABLE);
        TableIdentifier id = TableIdentifier.of(table.coldNamespace(), table.coldName());
        try (ColdCatalogs catalogs = ColdCatalogs.open(BenchEnv.catalog(), BenchEnv.objectStore())) {
            Table cold = catalogs.catalog().loadTable(id);
            Snapshot snapshot = cold.currentSnapshot();
            if (snapshot == null) {
                throw new BenchException("cold table " + id + " has no snapshot");
            }
            Map<String, String> summary = snapshot.summary();
            System.out.println("cold_location=" + cold.location());
            System.out.println("cold_snapshots=" + count(cold.snapshots()));
            System.out.println("cold_total_records=" + summary.getOrDefault("total-records", ""));
            System.out.println("cold_total_files_size=" + summary.getOrDefault("total-files-size", ""));
            System.out.println("cold_total_data_files=" + summary.getOrDefault("total-data-files", ""));
            System.out.println("cold_partition_spec=" + cold.spec().fields());
            System.out.println("cold_sort_order=" + cold.sortOrder().fields());
            System.out.println("cold_parquet_codec=" + cold.properties().getOrDefault(
                    TableProperties.PARQUET_COMPRESSION, TableProperties.PARQUET_COMPRESSION_DEFAULT) + " level "
                    + cold.properties().getOrDefault(TableProperties.PARQUET_COMPRESSION_LEVEL, "default"));
            Map<String, Long> columnBytes = new TreeMap<>();
            long partitions;
            java.util.Set<String> seen = new java.util.HashSet<>();
            try (CloseableIterable<FileScanTask> tasks = cold.newScan().includeColumnStats().planFiles()) {
                for (FileScanTask task : tasks) {
                    DataFile file = task.file();
                    seen.add(file.partition().toString());
                    if (file.columnSizes() == null) {
                        continue;
                    }
                    for (Map.Entry<Integer, Long> e : file.columnSizes().entrySet()) {
                        Types.NestedField field = cold.schema().findField(e.getKey());
                        columnBytes.merge(field == null ? "field" + e.getKey() : field.name(), e.getValue(), Long::sum);
                    }
                }
            }
            partitions = seen.size();
            System.out.println("cold_partitions=" + partitions);
            columnBytes.forEach((name, bytes) -> System.out.println("column_bytes." + name + "=" + bytes));
            if (purge) {
                catalogs.catalog().dropTable(id, true);
                if (catalogs.catalog() instanceof SupportsNamespaces namespaces) {
                    try {
                        namespaces.dropNamespace(Namespace.of(table.coldNamespace()));
                    } catch (RuntimeException e) {
                        System.err.println("bench: namespace left in place: " + e.getMessage());
                    }
                }
                System.out.println("cold_purged=true");
            }
        }
    }

    private static int count(Iterable<?> items) {
        int n = 0;
        for (Object ignored : items) {
            n++;
        }
        return n;
    }
}
