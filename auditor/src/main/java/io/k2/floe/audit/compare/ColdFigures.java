package io.k2.floe.audit.compare;

import io.k2.floe.tiering.warm.figures.AuditSide;
import io.k2.floe.tiering.warm.figures.ColumnCanon;
import io.k2.floe.tiering.warm.figures.PartitionFigures;
import io.k2.floe.tiering.warm.figures.RowBytes;
import io.k2.floe.tiering.warm.figures.RowChecksum;
import io.k2.floe.tiering.catalog.PartitionTransform;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The cold side of a partition at one snapshot. Rows and the time range come from Iceberg's metadata (manifests: each
 * data file's record count and column bounds) without reading data; the content checksum reads the partition's data
 * files, several at a time, one row at a time — memory stays bounded by the number of files read at once, not by the
 * partition's size.
 */
public final class ColdFigures {

    private final Table table;
    private final long snapshotId;
    private final AuditSide side;
    private final PartitionTransform transform;
    private final Schema readSchema;
    private final int timeFieldId;

    /**
     * @throws IllegalStateException naming the column when the cold table lacks one of the compared columns
     */
    public ColdFigures(Table table, long snapshotId, AuditSide side) {
        this.table = table;
        this.snapshotId = snapshotId;
        this.side = side;
        this.transform = side.table().partition();
        List<Types.NestedField> fields = new ArrayList<>();
        for (var column : side.columns()) {
            Types.NestedField field = table.schema().findField(column.name());
            if (field == null) {
                throw new IllegalStateException("cold table " + table.name() + " has no column " + column.name());
            }
            fields.add(field);
        }
        this.readSchema = new Schema(fields);
        this.timeFieldId = table.schema().findField(transform.column()).fieldId();
    }

    /** The partition's data files at the snapshot. */
    public List<DataFile> files(String label) {
        long start = micros(transform.startOf(label));
        long end = micros(transform.endOf(label));
        List<DataFile> files = new ArrayList<>();
        TableScan scan = table.newScan().useSnapshot(snapshotId).includeColumnStats();
        if (table.schema().findType(timeFieldId).typeId() == Type.TypeID.TIMESTAMP) {
            // prunes the manifests to the partition (a microsecond literal fits timestamps only); the label decides
            scan = scan.filter(Expressions.and(Expressions.greaterThanOrEqual(transform.column(), start),
                    Expressions.lessThan(transform.column(), end)));
        }
        try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
            for (FileScanTask task : tasks) {
                if (!label.equals(labelOf(task.spec(), task.file()))) {
                    continue;
                }
                if (!task.deletes().isEmpty()) {
                    // Floe writes copy-on-write only; a delete file means someone else wrote to the table.
                    throw new IllegalStateException("partition " + label + " of " + table.name() + " has delete files,"
                            + " which the auditor does not apply (Floe never writes them)");
                }
                files.add(task.file());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Rows and time range from the files' metadata; no checksum. */
    public PartitionFigures fromMetadata(List<DataFile> files) {
        long rows = 0;
        Long min = null;
        Long max = null;
        boolean bounded = true;
        for (DataFile file : files) {
            rows += file.recordCount();
            if (file.recordCount() == 0) {
                continue;
            }
            Long lower = bound(file.lowerBounds() == null ? null : file.lowerBounds().get(timeFieldId));
            Long upper = bound(file.upperBounds() == null ? null : file.upperBounds().get(timeFieldId));
            if (lower == null || upper == null) {
                bounded = false;
                continue;
            }
            min = min == null ? lower : Math.min(min, lower);
            max = max == null ? upper : Math.max(max, upper);
        }
        boolean known = rows > 0 && bounded;
        return new PartitionFigures(rows, known ? OptionalLong.of(min) : OptionalLong.empty(),
                known ? OptionalLong.of(max) : OptionalLong.empty(), Optional.empty());
    }

    /** Every row of the files read: rows, exact time range and content checksum. */
    public PartitionFigures fromData(List<DataFile> files, ExecutorService readers) {
        return read(files, readers).result();
    }

    /**
     * Starts reading every row of the files on {@code readers}, a file per task; {@link Reading#result()} waits for
     * the figures, {@link Reading#cancel()} stops the read.
     */
    public Reading read(List<DataFile> files, ExecutorService readers) {
        List<Future<Tally>> parts = new ArrayList<>();
        for (DataFile file : files) {
            parts.add(readers.submit(() -> read(file)));
        }
        return new Reading(parts);
    }

    /** A read under way. */
    public final class Reading {
        private final List<Future<Tally>> parts;

        private Reading(List<Future<Tally>> parts) {
            this.parts = parts;
        }

        /** Stops the read; its figures are not wanted. */
        public void cancel() {
            parts.forEach(p -> p.cancel(true));
        }

        /** Rows, exact time range and content checksum of every row read. */
        public PartitionFigures result() {
            Tally total = new Tally();
            try {
                for (Future<Tally> part : parts) {
                    total.add(part.get());
                }
            } catch (InterruptedException e) {
                cancel();
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted while reading " + table.name()));
            } catch (ExecutionException e) {
                cancel();
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw new UncheckedIOException("reading " + table.name() + " failed: " + io.getMessage(), io);
                }
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("reading " + table.name() + " failed: " + cause, cause);
            }
            return total.figures();
        }
    }

    private Tally read(DataFile file) throws IOException {
        if (file.format() != FileFormat.PARQUET) {
            throw new IllegalStateException("data file " + file.location() + " of " + table.name() + " is "
                    + file.format() + "; the auditor reads Parquet");
        }
        Tally tally = new Tally();
        RowBytes buffer = new RowBytes();
        RowChecksum checksum = side.checksum();
        int time = side.timeIndex();
        try (CloseableIterable<Record> rows = Parquet.read(table.io().newInputFile(file.location()))
                .project(readSchema)
                .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(readSchema, fileSchema))
                .reuseContainers()
                .build()) {
            for (Record row : rows) {
                Object t = row.get(time);
                tally.add(checksum.coldRowHash(row::get, buffer), t == null ? null : ColumnCanon.micros(t));
            }
        }
        return tally;
    }

    private Long bound(ByteBuffer value) {
        if (value == null) {
            return null;
        }
        Object decoded = Conversions.fromByteBuffer(table.schema().findType(timeFieldId), value);
        return decoded instanceof Number n ? n.longValue() : null;
    }

    /** The partition label of a data file, e.g. {@code 2026-11-20}, from Iceberg's own partition path. */
    private String labelOf(PartitionSpec spec, DataFile file) {
        String prefix = transform.fieldName() + "=";
        for (String segment : spec.partitionToPath(file.partition()).split("/")) {
            if (segment.startsWith(prefix)) {
                return segment.substring(prefix.length());
            }
        }
        return null;
    }

    private static long micros(java.time.Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    /** Rows, time range and hash sum of some rows; sums of parts add up. */
    private static final class Tally {
        long rows;
        long sum;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        boolean timed;

        void add(long hash, Long time) {
            rows++;
            sum += hash;
            if (time != null) {
                timed = true;
                min = Math.min(min, time);
                max = Math.max(max, time);
            }
        }

        void add(Tally other) {
            rows += other.rows;
            sum += other.sum;
            if (other.timed) {
                timed = true;
                min = Math.min(min, other.min);
                max = Math.max(max, other.max);
            }
        }

        PartitionFigures figures() {
            return new PartitionFigures(rows, timed ? OptionalLong.of(min) : OptionalLong.empty(),
                    timed ? OptionalLong.of(max) : OptionalLong.empty(), Optional.of(RowChecksum.text(sum)));
        }
    }
}
