package io.k2.floe.coordinator.maintenance;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.ColdTables;
import io.k2.floe.tiering.cold.ColdTier;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Type;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What maintenance decisions need from a cold table's metadata: its current snapshot, how many snapshots it holds
 * and, per partition, how many of its current data files are small. Reads metadata and manifests only, never data.
 * Throws when the catalog or object store cannot be read.
 */
@ApplicationScoped
public class ColdTableStats {

    private final ColdTier coldTier;
    private final TableCatalog catalog;

    public ColdTableStats(ColdTier coldTier, TableCatalog catalog) {
        this.coldTier = coldTier;
        this.catalog = catalog;
    }

    /** The cold table's current snapshot id; empty when the table does not exist or has no snapshot. */
    public Optional<Long> currentSnapshot(String tableId) {
        return load(tableId).map(Table::currentSnapshot).map(Snapshot::snapshotId);
    }

    /** Snapshot count and small files per partition; empty when the cold table does not exist yet. */
    public Optional<MaintenanceTriggers.ColdStats> stats(String tableId) {
        CatalogTable table = catalog.get(tableId);
        Optional<Table> loaded = load(tableId);
        if (loaded.isEmpty()) {
            return Optional.empty();
        }
        Table cold = loaded.get();
        int snapshots = 0;
        for (Snapshot ignored : cold.snapshots()) {
            snapshots++;
        }
        Map<String, Integer> small = new HashMap<>();
        if (cold.currentSnapshot() != null) {
            long limit = table.maintenance().minFileSizeBytes();
            try (CloseableIterable<FileScanTask> tasks = cold.newScan().ignoreResiduals().planFiles()) {
                for (FileScanTask task : tasks) {
                    DataFile file = task.file();
                    if (file.fileSizeInBytes() < limit) {
                        label(cold, file, table).ifPresent(label -> small.merge(label, 1, Integer::sum));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the data files of " + cold.name(), e);
            }
        }
        return Optional.of(new MaintenanceTriggers.ColdStats(snapshots, small));
    }

    /** The file's partition as the catalog labels it (Iceberg's human form of day and month values is the label). */
    private static Optional<String> label(Table cold, DataFile file, CatalogTable table) {
        PartitionSpec spec = cold.specs().get(file.specId());
        if (spec == null) {
            return Optional.empty();
        }
        for (int i = 0; i < spec.fields().size(); i++) {
            PartitionField field = spec.fields().get(i);
            if (field.transform().toString().equals(table.partition().unit().icebergName())) {
                Type type = field.transform().getResultType(spec.schema().findType(field.sourceId()));
                @SuppressWarnings("unchecked")
                org.apache.iceberg.transforms.Transform<Object, Object> transform =
                        (org.apache.iceberg.transforms.Transform<Object, Object>) field.transform();
                Object value = file.partition().get(i, Object.class);
                return value == null ? Optional.empty() : Optional.of(transform.toHumanString(type, value));
            }
        }
        return Optional.empty();
    }

    private Optional<Table> load(String tableId) {
        CatalogTable table = catalog.get(tableId);
        TableIdentifier id = ColdTables.identifier(table);
        Catalog cold = coldTier.catalog();
        return cold.tableExists(id) ? Optional.of(cold.loadTable(id)) : Optional.empty();
    }
}
