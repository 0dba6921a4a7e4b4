package io.k2.floe.tiering.cold;

import io.k2.floe.tiering.catalog.CatalogTable;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.types.Types;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Creates the cold tables on first use, with the layout R-TABLES (docs/requirements.md) asks for, and evolves them when the warm
 * table gains columns.
 *
 * <p>The target file size has one source: the table's maintenance policy
 * ({@code floe.catalog.tables.<id>.maintenance.target-file-size-bytes}, per-layer default
 * {@code floe.catalog.layer-defaults.<layer>.target-file-size-bytes}). It is kept in the Iceberg table property
 * {@code write.target-file-size-bytes}, which the offload's {@link WindowWriter} rolls files at and compaction writes
 * to, and brought up to date by {@link #createIfMissing} when the policy changes.
 */
public final class ColdTables {

    private final Catalog catalog;
    private final OptionalLong fixedTargetFileSizeBytes;

    /** Tables whose target file size is their catalog policy's {@code targetFileSizeBytes}. */
    public ColdTables(Catalog catalog) {
        this.catalog = catalog;
        this.fixedTargetFileSizeBytes = OptionalLong.empty();
    }

    /**
     * Tables whose target file size is {@code targetFileSizeBytes} whatever their policy says: for tests and tools
     * that write cold tables outside a service (e.g. small files to make a test roll over).
     */
    public ColdTables(Catalog catalog, long targetFileSizeBytes) {
        if (targetFileSizeBytes <= 0) {
            throw new IllegalArgumentException("target file size must be positive, was " + targetFileSizeBytes);
        }
        this.catalog = catalog;
        this.fixedTargetFileSizeBytes = OptionalLong.of(targetFileSizeBytes);
    }

    /** The size {@code table}'s data files roll over at: its policy's, unless this instance fixes one. */
    public long targetFileSizeBytes(CatalogTable table) {
        return fixedTargetFileSizeBytes.orElse(table.maintenance().targetFileSizeBytes());
    }

    /** The Iceberg identifier of {@code table}'s cold table, {@code cold.<name>}. */
    public static TableIdentifier identifier(CatalogTable table) {
        return TableIdentifier.of(Namespace.of(table.coldNamespace()), table.coldName());
    }

    /**
     * The cold table of {@code table}, created with {@code schema} when missing. Safe when several workers race:
     * one creates it, the others load what it created. An existing table is returned as it is (see
     * {@link #addMissingColumns} to evolve it), except that its {@code write.target-file-size-bytes} is set to
     * {@link #targetFileSizeBytes(CatalogTable)} when it differs (one small metadata commit after a policy change).
     *
     * @throws IllegalArgumentException naming the column when the partition or cluster-by columns are not in the schema
     */
    public Table createIfMissing(CatalogTable table, Schema schema) {
        TableIdentifier id = identifier(table);
        PartitionSpec spec = partitionSpec(table, schema);
        SortOrder order = sortOrder(table, schema);
        ensureNamespace(id.namespace());
        if (catalog.tableExists(id)) {
            return withTargetFileSize(catalog.loadTable(id), targetFileSizeBytes(table));
        }
        try {
            return catalog.buildTable(id, schema)
                    .withPartitionSpec(spec)
                    .withSortOrder(order)
                    .withProperties(properties(schema, targetFileSizeBytes(table)))
                    .create();
        } catch (AlreadyExistsException raced) {
            return withTargetFileSize(catalog.loadTable(id), targetFileSizeBytes(table));
        }
    }

    private static Table withTargetFileSize(Table table, long target) {
        String wanted = Long.toString(target);
        if (!wanted.equals(table.properties().get(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES))) {
            // Two workers doing this at once both set the same value; Iceberg retries the property commit.
            table.updateProperties().set(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, wanted).commit();
        }
        return table;
    }

    /**
     * The table properties every cold table of {@code table}'s kind gets: see {@link #properties(Schema, long)} with
     * {@link #targetFileSizeBytes(CatalogTable)}.
     */
    public Map<String, String> properties(CatalogTable table, Schema schema) {
        return properties(schema, targetFileSizeBytes(table));
    }

    /**
     * The table properties every cold table gets: Parquet, zstd level 3 (R-TABLES, docs/requirements.md), the target file size, and
     * Floe's Parquet encodings for {@code schema} ({@link #parquetEncodings}).
     */
    public static Map<String, String> properties(Schema schema, long targetFileSizeBytes) {
        Map<String, String> properties = new LinkedHashMap<>(parquetEncodings(schema));
        properties.put(TableProperties.FORMAT_VERSION, "2");
        properties.put(TableProperties.DEFAULT_FILE_FORMAT, "parquet");
        properties.put(TableProperties.PARQUET_COMPRESSION, "zstd");
        properties.put(TableProperties.PARQUET_COMPRESSION_LEVEL, "3");
        properties.put(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, Long.toString(targetFileSizeBytes));
        return properties;
    }

    /**
     * Parquet encodings suited to time-series rows written in cluster order (measured on bronze trades, see
     * PERFORMANCE.md): v2 data pages, whose delta encoding stores sorted ids and times as small differences
     * (a per-symbol trade id: 1 byte per row as v1 dictionary-or-plain, 0.05 as delta), and no dictionary for
     * {@code long}, {@code time} and timestamp columns: their values rarely repeat, so a dictionary is built and
     * thrown away for every row group (CPU for nothing) and delta does better. Other columns keep Parquet's
     * dictionary, which pays for symbols, lot sizes and flags, with room for 4 MiB of distinct values per column
     * chunk rather than 2: on v2 pages a dictionary that overflows falls back to delta encoding, which suits
     * random values (order sizes) worse than the dictionary (10 M bronze rows: quantity 2.81 bytes per row with
     * 2 MiB, 2.24 with 4 MiB).
     *
     * <p>The window writer also applies these to tables that lack them (created before, or columns added since);
     * a table's own setting of the same property wins.
     */
    public static Map<String, String> parquetEncodings(Schema schema) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(TableProperties.PARQUET_PAGE_VERSION, "v2");
        properties.put(TableProperties.PARQUET_DICT_SIZE_BYTES, Integer.toString(4 << 20));
        for (Types.NestedField field : schema.columns()) {
            switch (field.type().typeId()) {
                case LONG, TIME, TIMESTAMP -> properties.put(
                        TableProperties.PARQUET_DICT_ENCODING_ENABLED_COLUMN_PREFIX + field.name(), "false");
                default -> {
                }
            }
        }
        return properties;
    }

    /** Day/month/... of the table's time column, as its catalog entry says. */
    static PartitionSpec partitionSpec(CatalogTable table, Schema schema) {
        String column = table.partition().column();
        requireColumn(table, schema, column, "partition");
        PartitionSpec.Builder builder = PartitionSpec.builderFor(schema);
        return switch (table.partition().unit()) {
            case HOUR -> builder.hour(column).build();
            case DAY -> builder.day(column).build();
            case MONTH -> builder.month(column).build();
            case YEAR -> builder.year(column).build();
        };
    }

    /** The cluster-by columns, ascending, most significant first. */
    static SortOrder sortOrder(CatalogTable table, Schema schema) {
        SortOrder.Builder builder = SortOrder.builderFor(schema);
        for (String column : table.clusterBy()) {
            requireColumn(table, schema, column, "cluster-by");
            builder.asc(column);
        }
        return builder.build();
    }

    /**
     * Adds to {@code table} the top-level columns of {@code wanted} it lacks (as optional columns: existing rows have
     * no value). Additive only: nothing is dropped, renamed or retyped.
     *
     * @return the names of the columns added, in order; empty when the table already had them all
     * @throws IllegalArgumentException naming the column when a column exists with another type; nothing is changed
     */
    public static List<String> addMissingColumns(Table table, Schema wanted) {
        table.refresh();
        Schema current = table.schema();
        List<Types.NestedField> missing = new ArrayList<>();
        for (Types.NestedField field : wanted.columns()) {
            Types.NestedField existing = current.findField(field.name());
            if (existing == null) {
                missing.add(field);
            } else if (!existing.type().equals(field.type())) {
                throw new IllegalArgumentException("cold table " + table.name() + ": column '" + field.name()
                        + "' is " + existing.type() + " in the table but " + field.type()
                        + " in the warm table; type changes are not evolved automatically");
            }
        }
        if (missing.isEmpty()) {
            return List.of();
        }
        UpdateSchema update = table.updateSchema();
        for (Types.NestedField field : missing) {
            update.addColumn(field.name(), field.type(), field.doc());
        }
        update.commit();
        return missing.stream().map(Types.NestedField::name).toList();
    }

    private void ensureNamespace(Namespace namespace) {
        if (catalog instanceof SupportsNamespaces namespaces && !namespaces.namespaceExists(namespace)) {
            try {
                namespaces.createNamespace(namespace);
            } catch (AlreadyExistsException raced) {
                // another worker created it first: what we wanted
            }
        }
    }

    private static void requireColumn(CatalogTable table, Schema schema, String column, String role) {
        if (schema.findField(column) == null) {
            throw new IllegalArgumentException("table " + table.id() + ": " + role + " column '" + column
                    + "' is not in the cold schema");
        }
    }
}
