package io.k2.floe.tiering.cold;

import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
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
 * <p>Three ways in. A {@link ColdRowSink} fills batches of rows that a second thread writes while the caller reads
 * on (see {@link BatchHandoff}): the offload's way, so that decoding and Parquet encoding use two cores. A failure
 * of the writing thread is thrown to the reading thread at its next hand-over, or by {@link #finish()}.
 * {@link #append(Record)} copies generic records into the same batches, written by the same second thread:
 * compaction's way, which reads rows back from data files (one core merges, the other encodes). {@link #write(Record)}
 * writes one generic record at once on the caller's thread (tools and tests). One window uses one of them.
 *
 * <p>Whatever the way in, the files are the same: one writer ({@link ColdFileWriters}, Iceberg's Parquet data writer
 * with the table's properties over Floe's encodings, zstd, v2 pages, metrics and the table's sort order id), so the
 * offload's files and compaction's are written alike.
 *
 * <p>Nothing written here is visible until {@link ColdCommitter} commits {@link #finish()}'s files. After a failure,
 * {@link #abort()} stops the writing thread, closes what is open and returns every file created, for the failed
 * event and orphan cleanup. One of {@link #finish()}, {@link #abort()} or {@link #close()} must be called.
 */
public final class WindowWriter implements AutoCloseable {

    /** Batches in circulation: one being filled, one being written, two queued to absorb jitter. */
    private static final int BATCHES = 4;

    private final Table table;
    private final Schema schema;
    private final PartitionSpec spec;
    private final BatchPartitioner partitioner;
    private final RecordingFileIO io;
    private final ClusteredDataWriter<ColdBatch> writer;
    private final BatchHandoff handoff;
    private ColdBatch single;
    private ColdBatch filling;
    private boolean streaming;
    private boolean closed;
    private boolean writerClosed;
    private long rows;

    private WindowWriter(Table table, String operationId, long targetFileSizeBytes) {
        if (targetFileSizeBytes <= 0) {
            throw new IllegalArgumentException("target file size must be positive, was " + targetFileSizeBytes);
        }
        this.table = table;
        this.schema = table.schema();
        this.spec = table.spec();
        this.partitioner = new BatchPartitioner(spec, schema);
        this.io = new RecordingFileIO(table.io());
        OutputFileFactory names = OutputFileFactory.builderFor(table, 0, 0)
                .format(FileFormat.PARQUET)
                .operationId(operationId)
                .ioSupplier(() -> io)
                .build();
        this.writer = new ClusteredDataWriter<>(new ColdFileWriters(table, schema), names, io, targetFileSizeBytes);
        int batchRows = ColdBatch.rowsFor(schema);
        this.handoff = new BatchHandoff("floe-window-writer-" + operationId, BATCHES,
                () -> new ColdBatch(schema, batchRows), this::writeBatch);
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
        return open(table, operationId, target);
    }

    /**
     * A writer for {@code table} at its current schema and partition spec that rolls to a new file at
     * {@code targetFileSizeBytes} rather than the table's property (compaction writes to its policy's target size).
     *
     * @param operationId goes into the file names (e.g. the command id) so that files can be traced to their operation
     * @throws IllegalArgumentException when the target size is not positive
     */
    public static WindowWriter open(Table table, String operationId, long targetFileSizeBytes) {
        String op = operationId == null || operationId.isBlank() ? UUID.randomUUID().toString()
                : operationId.replaceAll("[^A-Za-z0-9_.-]", "_");
        return new WindowWriter(table, op, targetFileSizeBytes);
    }

    /** The schema rows are written with: the table's when the writer was opened. */
    Schema schema() {
        return schema;
    }

    /**
     * Appends one generic record (values as Iceberg's generic records hold them), written before this returns;
     * see the class comment for the required order.
     */
    public void write(Record row) {
        requireOpen();
        if (streaming) {
            throw new IllegalStateException("window writer for " + table.name() + " is fed by a row sink");
        }
        if (single == null) {
            single = new ColdBatch(schema, 1);
        }
        List<org.apache.iceberg.types.Types.NestedField> fields = schema.columns();
        single.clear();
        for (int c = 0; c < fields.size(); c++) {
            single.setGeneric(c, row.getField(fields.get(c).name()));
        }
        single.endRow();
        writeBatch(single);
        rows++;
    }

    /**
     * Hands one generic record (values as Iceberg's generic records hold them, fields in the order of the table's
     * schema when the writer was opened, or found by name) to the writing thread: its values are copied into the batch being filled,
     * which goes to the second thread when full. The record may be reused once this returns. A failure of the
     * writing thread is thrown here at a later hand-over, or by {@link #finish()}; see the class comment for the
     * required order.
     */
    public void append(Record row) {
        ColdBatch batch = batchToFill();
        List<org.apache.iceberg.types.Types.NestedField> fields = schema.columns();
        boolean positional = row.struct().equals(schema.asStruct());
        for (int c = 0; c < fields.size(); c++) {
            batch.setGeneric(c, positional ? row.get(c) : row.getField(fields.get(c).name()));
        }
        rowFilled(batch);
    }

    /** The batch to fill the next row into (the row sink's side). */
    ColdBatch batchToFill() {
        requireOpen();
        streaming = true;
        if (filling == null) {
            filling = handoff.empty();
        }
        return filling;
    }

    /** The row just filled into {@code batch} is complete; returns the batch for the next row. */
    ColdBatch rowFilled(ColdBatch batch) {
        requireOpen();
        batch.endRow();
        rows++;
        if (batch.isFull()) {
            filling = null;
            handoff.submit(batch);
            return batchToFill();
        }
        return batch;
    }

    /** Rows written or handed over so far. */
    public long rows() {
        return rows;
    }

    /**
     * Writes what is still queued, closes the last file and returns all data files, ready to commit. Throws the
     * writing thread's failure, if it had one (then {@link #abort()} lists the files left behind).
     */
    public WrittenFiles finish() {
        requireOpen();
        if (filling != null && filling.rows() > 0) {
            ColdBatch last = filling;
            filling = null;
            handoff.submit(last);
        }
        handoff.finish();
        closed = true;
        writerClosed = true;
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing data files of " + table.name() + " failed", e);
        }
        DataWriteResult result = writer.result();
        return new WrittenFiles(result.dataFiles());
    }

    /**
     * Gives up the window: stops the writing thread, closes what is open (best effort) and returns the location of
     * every file this writer created, complete or partial. None of them is in the table; orphan cleanup removes them.
     */
    public List<String> abort() {
        closed = true;
        handoff.abort();
        if (!writerClosed) {
            writerClosed = true;
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
        if (!writerClosed) {
            abort();
        }
    }

    /** Writes a batch's rows through the clustered writer: on the writing thread, or the caller's for records. */
    private void writeBatch(ColdBatch batch) {
        int n = batch.rows();
        for (int r = 0; r < n; r++) {
            batch.at(r);
            writer.write(batch, spec, partitioner.partition(batch));
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("window writer for " + table.name() + " is already closed");
        }
    }
}
