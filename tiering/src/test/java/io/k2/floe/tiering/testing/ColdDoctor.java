package io.k2.floe.tiering.testing;

import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Damages a cold table on purpose, the way a bug or a stray tool could: one data file of a partition is replaced, in
 * an ordinary Iceberg commit, by a copy with a row removed, a row repeated or a value changed. The commit carries no
 * Floe marker, like any foreign commit. For tests that prove the auditor notices.
 */
public final class ColdDoctor {

    private ColdDoctor() {
    }

    /**
     * Replaces the first data file of partition {@code label} (Iceberg's partition path value, e.g. {@code 2026-11-20})
     * with {@code change} applied to its rows; returns the new snapshot id.
     *
     * @throws IllegalStateException when the partition has no data file
     */
    public static long rewrite(Table table, String label, UnaryOperator<List<Record>> change) {
        table.refresh();
        DataFile victim = firstFile(table, label);
        List<Record> rows = read(table, victim);
        List<Record> changed = change.apply(rows);
        DataFile replacement = write(table, victim, changed);
        table.newOverwrite().deleteFile(victim).addFile(replacement).commit();
        table.refresh();
        return table.currentSnapshot().snapshotId();
    }

    /** Drops the first row. */
    public static UnaryOperator<List<Record>> loseOneRow() {
        return rows -> new ArrayList<>(rows.subList(1, rows.size()));
    }

    /** Writes the first row twice. */
    public static UnaryOperator<List<Record>> duplicateOneRow() {
        return rows -> {
            List<Record> copy = new ArrayList<>(rows);
            copy.add(rows.get(0).copy());
            return copy;
        };
    }

    /** Changes {@code column} of the first row with {@code alter}. */
    public static UnaryOperator<List<Record>> alterOneValue(String column, Function<Object, Object> alter) {
        return rows -> {
            List<Record> copy = new ArrayList<>(rows);
            Record first = rows.get(0).copy();
            first.setField(column, alter.apply(first.getField(column)));
            copy.set(0, first);
            return copy;
        };
    }

    /** The partition path value of {@code file}, e.g. {@code 2026-11-20}. */
    public static String labelOf(Table table, DataFile file) {
        String path = table.specs().get(file.specId()).partitionToPath(file.partition());
        return path.substring(path.indexOf('=') + 1);
    }

    private static DataFile firstFile(Table table, String label) {
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                if (label.equals(labelOf(table, task.file())) && task.file().recordCount() > 0) {
                    return task.file();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("partition " + label + " of " + table.name() + " has no data file");
    }

    private static List<Record> read(Table table, DataFile file) {
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = Parquet.read(table.io().newInputFile(file.location()))
                .project(table.schema())
                .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(table.schema(), fileSchema))
                .build()) {
            for (Record r : records) {
                rows.add(r.copy());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static DataFile write(Table table, DataFile like, List<Record> rows) {
        String location = table.locationProvider().newDataLocation(table.specs().get(like.specId()), like.partition(),
                "doctored-" + UUID.randomUUID() + ".parquet");
        EncryptedOutputFile out = EncryptedFiles.plainAsEncryptedOutput(table.io().newOutputFile(location));
        DataWriter<Record> writer = new GenericFileWriterFactory.Builder(table).dataFileFormat(FileFormat.PARQUET)
                .build().newDataWriter(out, table.specs().get(like.specId()), like.partition());
        try (writer) {
            rows.forEach(writer::write);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writer.toDataFile();
    }
}
