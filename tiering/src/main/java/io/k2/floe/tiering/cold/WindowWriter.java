package io.k2.floe.tiering.cold;

import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.ClusteredDataWriter;
import org.apache.iceberg.io.DataWriteResult;
import org.apache.iceberg.io.OutputFileFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;

/**
 * Writes one window's rows as Parquet data files of a cold table, without committing them.
 *
 * <p>Rows must arrive in partition order, and within a partition in cluster-by order (the warm query sorts them):
 * the clustered writer keeps a single file open, so memory stays bounded by one Parquet row group whatever the
 * window size, and it rolls to a new file at the table's target size. A row of a partition already closed is
 * refused (Iceberg's clustered writer throws) rather than silently producing a second file set for it.
 *
 * <p>Nothing written here is visible until {@link ColdCommitter} commits {@link #finish()}'s files. After a failure,
 * {@link #abort()} closes what is open and returns every file created, for the failed event and orphan cleanup.
 */
public final class WindowWriter implements AutoCloseable {

    private final Table table;
    private final PartitionSpec spec;
    private final PartitionKey partitionKey;
    private final InternalRecordWrapper wrapper;
    private final RecordingFileIO io;
    private final ClusteredDataWriter<Record> writer;
    private boolean closed;
    private long rows;

    private WindowWriter(Table table, String operationId, long targetFileSizeBytes) {
        this.table = table;
        this.spec = table.spec();
        this.partitionKey = new PartitionKey(spec, table.schema());
        this.wrapper = new InternalRecordWrapper(table.schema().asStruct());
        this.io = new RecordingFileIO(table.io());
        GenericFileWriterFactory files = new GenericFileWriterFactory.Builder(table)
                .dataFileFormat(FileFormat.PARQUET)
                .dataSchema(table.schema())
                .dataSortOrder(table.sortOrder())
                .build();
        OutputFileFactory names = OutputFileFactory.builderFor(table, 0, 0)
                .format(FileFormat.PARQUET)
                .operationId(operationId)
                .ioSupplier(() -> io)
                .build();
        this.writer = new ClusteredDataWriter<>(files, names, io, targetFileSizeBytes);
    }

    /**
     * A writer for {@code table} at its current schema and partition spec, with its target file size.
     *
     * @param operationId goes into the file names (e.g. the command id) so that files can be traced to their offload
     */
    public static WindowWriter open(Table table, String operationId) {
        long target = Long.parseLong(table.properties().getOrDefault(
                org.apache.iceberg.TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
                Long.toString(ColdWriteConfig.DEFAULT_TARGET_FILE_SIZE)));
        String op = operationId == null || operationId.isBlank() ? UUID.randomUUID().toString()
                : operationId.replaceAll("[^A-Za-z0-9_.-]", "_");
        return new WindowWriter(table, op, target);
    }

    /** Appends one row; see the class comment for the required order. */
    public void write(Record row) {
        if (closed) {
            throw new IllegalStateException("window writer for " + table.name() + " is already closed");
        }
        partitionKey.partition(wrapper.wrap(row));
        writer.write(row, spec, partitionKey);
        rows++;
    }

    /** Rows written so far. */
    public long rows() {
        return rows;
    }

    /** Closes the last file and returns all data files, ready to commit. */
    public WrittenFiles finish() {
        try {
            closed = true;
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing data files of " + table.name() + " failed", e);
        }
        DataWriteResult result = writer.result();
        return new WrittenFiles(result.dataFiles());
    }

    /**
     * Gives up the window: closes what is open (best effort) and returns the location of every file this writer
     * created, complete or partial. None of them is in the table; orphan cleanup removes them.
     */
    public List<String> abort() {
        if (!closed) {
            closed = true;
            try {
                writer.close();
            } catch (IOException | RuntimeException ignored) {
                // the file being written may be broken; it is listed below either way
            }
        }
        return io.created();
    }

    /** Locations of the files created so far (complete or not). */
    public List<String> createdFiles() {
        return io.created();
    }

    /** Same as {@link #abort()} when neither finished nor aborted; nothing otherwise. */
    @Override
    public void close() {
        if (!closed) {
            abort();
        }
    }
}
