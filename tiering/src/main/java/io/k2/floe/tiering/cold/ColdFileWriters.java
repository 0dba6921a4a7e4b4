package io.k2.floe.tiering.cold;

import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.FileWriterFactory;
import org.apache.iceberg.parquet.Parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Opens the Parquet data files of a window for Iceberg's clustered writer: Iceberg's own Parquet data writer (the
 * table's Parquet properties over Floe's {@link ColdTables#parquetEncodings}, its metrics configuration, partition
 * value and sort order, metrics from the footer), fed by {@link ColdParquetRows} from {@link ColdBatch} rows. Data
 * files only: the offload never writes deletes.
 */
final class ColdFileWriters implements FileWriterFactory<ColdBatch> {

    private final Schema schema;
    private final SortOrder sortOrder;
    private final Map<String, String> properties;
    private final MetricsConfig metricsConfig;

    ColdFileWriters(Table table, Schema schema) {
        this.schema = schema;
        this.sortOrder = table.sortOrder();
        Map<String, String> properties = new HashMap<>(ColdTables.parquetEncodings(schema));
        properties.putAll(table.properties());
        this.properties = Map.copyOf(properties);
        this.metricsConfig = MetricsConfig.forTable(table);
    }

    @Override
    public DataWriter<ColdBatch> newDataWriter(EncryptedOutputFile file, PartitionSpec spec, StructLike partition) {
        try {
            return Parquet.writeData(file)
                    .schema(schema)
                    .setAll(properties)
                    .metricsConfig(metricsConfig)
                    .createWriterFunc(parquet -> new ColdParquetRows(schema, parquet))
                    .withSpec(spec)
                    .withPartition(partition)
                    .withKeyMetadata(file.keyMetadata())
                    .withSortOrder(sortOrder)
                    .overwrite()
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("opening data file " + file.encryptingOutputFile().location() + " failed", e);
        }
    }

    @Override
    public EqualityDeleteWriter<ColdBatch> newEqualityDeleteWriter(EncryptedOutputFile file, PartitionSpec spec,
                                                                  StructLike partition) {
        throw new UnsupportedOperationException("the window writer writes data files only");
    }

    @Override
    public PositionDeleteWriter<ColdBatch> newPositionDeleteWriter(EncryptedOutputFile file, PartitionSpec spec,
                                                                  StructLike partition) {
        throw new UnsupportedOperationException("the window writer writes data files only");
    }
}
