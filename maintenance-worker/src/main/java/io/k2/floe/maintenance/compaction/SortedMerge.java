package io.k2.floe.maintenance.compaction;

import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.SortOrderComparators;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.parquet.Parquet;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Merges data files that are each sorted by the table's sort order into one sorted stream of rows, k-way: one open
 * reader per input (Iceberg's generic Parquet reader, projecting the table's current schema) and a priority queue of
 * their current rows. Nothing is sorted in memory, so memory is bounded by the inputs' readers (about one Parquet row
 * group each) and the queue (one row per input), whatever the number of rows.
 *
 * <p>Each input's order is checked as it is read: an input whose rows go backwards would make the output claim an
 * order it does not have, so the merge fails naming the file instead (nothing is committed).
 */
final class SortedMerge implements Closeable {

    private final List<Input> inputs = new ArrayList<>();
    private final PriorityQueue<Input> queue;
    private final Comparator<StructLike> order;

    /** Opens a reader on every file; each reads its first row. */
    SortedMerge(FileIO io, Schema schema, SortOrder sortOrder, List<DataFile> files) {
        this.order = SortOrderComparators.forSchema(schema, sortOrder);
        Comparator<Input> byRow = (a, b) -> order.compare(a.current, b.current);
        this.queue = new PriorityQueue<>(Math.max(1, files.size()), byRow.thenComparingInt(i -> i.index));
        try {
            for (DataFile file : files) {
                CloseableIterable<Record> rows = Parquet.read(io.newInputFile(file.location(), file.fileSizeInBytes()))
                        .project(schema)
                        .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(schema, fileSchema))
                        .build();
                Input input = new Input(inputs.size(), file.location(), rows, schema);
                inputs.add(input);
                if (input.advance(order)) {
                    queue.add(input);
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Hands every row to {@code out} in sort order; returns how many. A row may be reused once {@code out} returns. */
    long drainTo(Consumer<Record> out) {
        long rows = 0;
        while (!queue.isEmpty()) {
            Input next = queue.poll();
            out.accept(next.record);
            rows++;
            if (next.advance(order)) {
                queue.add(next);
            }
        }
        return rows;
    }

    @Override
    public void close() {
        IOException failure = null;
        for (Input input : inputs) {
            try {
                input.rows.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw new UncheckedIOException("closing a compaction input failed", failure);
        }
    }

    /** One input file: its reader and its current row (wrapped for comparison in Iceberg's internal representation). */
    private static final class Input {
        final int index;
        final String location;
        final CloseableIterable<Record> rows;
        final CloseableIterator<Record> iterator;
        InternalRecordWrapper current;
        InternalRecordWrapper previous;
        Record record;

        Input(int index, String location, CloseableIterable<Record> rows, Schema schema) {
            this.index = index;
            this.location = location;
            this.rows = rows;
            this.iterator = rows.iterator();
            this.current = new InternalRecordWrapper(schema.asStruct());
            this.previous = new InternalRecordWrapper(schema.asStruct());
        }

        /** Moves to the next row; false at the end. Throws when the file is not sorted. */
        boolean advance(Comparator<StructLike> order) {
            if (!iterator.hasNext()) {
                record = null;
                return false;
            }
            Record next = iterator.next();
            InternalRecordWrapper swap = previous;
            previous = current;
            current = swap.wrap(next);
            if (record != null && order.compare(previous, current) > 0) {
                throw new IllegalStateException("data file " + location + " is not sorted by the table's sort order"
                        + " (a row goes backwards); it cannot be merged");
            }
            record = next;
            return true;
        }
    }
}
