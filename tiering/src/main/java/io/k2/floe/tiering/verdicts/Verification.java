package io.k2.floe.tiering.verdicts;

import io.k2.floe.tiering.catalog.PartitionTransform;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether a partition is <em>verified</em> (R-RETENTION, docs/requirements.md): its latest verdict is equal, the snapshot
 * that verdict audited still exists, and the partition's files in the table's current snapshot are exactly those
 * the audit read — the same data files with the same delete files. An equal verdict therefore stops counting as
 * soon as anything rewrites, appends to or deletes from the partition, until a new audit says equal again.
 *
 * <p>The warm-retention step drops warm data on the strength of this answer, so whatever cannot be told for sure
 * (a label that is not a partition of the transform, a data file whose partition spec lacks the transform, a
 * partition absent from the audited snapshot) counts as not verified.
 */
public final class Verification {

    private Verification() {
    }

    /**
     * Whether the partition of {@code latest} is verified in {@code cold}. Refreshes {@code cold} first, so that a
     * change committed since the table was loaded is seen. Reads manifests only, no data.
     *
     * @param latest    the latest verdict recorded for the table and partition ({@link VerdictStore#latest}); the
     *                  caller pairs it with the right table, its table id is not compared with the Iceberg name
     * @param cold      the table's cold Iceberg table
     * @param transform the table's partition transform (from the table catalog)
     */
    public static VerificationResult isVerified(Optional<RecordedVerdict> latest, Table cold, PartitionTransform transform) {
        Objects.requireNonNull(cold, "cold");
        Objects.requireNonNull(transform, "transform");
        if (latest == null || latest.isEmpty()) {
            return VerificationResult.notVerified("no verdict");
        }
        RecordedVerdict verdict = latest.get();
        long audited = verdict.coldSnapshotId();
        if (!verdict.equal()) {
            return VerificationResult.notVerified("mismatched at snapshot " + audited);
        }
        int ordinal;
        try {
            ordinal = PartitionOrdinal.of(transform, verdict.partition());
        } catch (IllegalArgumentException e) {
            return VerificationResult.notVerified("partition '" + verdict.partition() + "' is not a "
                    + transform.unit().icebergName() + " partition of " + transform.column());
        }
        cold.refresh();
        Snapshot auditedSnapshot = cold.snapshot(audited);
        if (auditedSnapshot == null) {
            return VerificationResult.notVerified("snapshot " + audited + " expired");
        }
        Snapshot current = cold.currentSnapshot();
        if (current == null) {
            return VerificationResult.notVerified("table " + cold.name() + " has no current snapshot");
        }
        Types.NestedField column = cold.schema().findField(transform.column());
        if (column == null) {
            return VerificationResult.notVerified("table " + cold.name() + " has no column " + transform.column());
        }
        try {
            Set<String> then = files(cold, audited, column, transform, verdict.partition(), ordinal);
            if (then.isEmpty()) {
                return VerificationResult.notVerified("partition " + verdict.partition() + " absent at snapshot " + audited);
            }
            if (current.snapshotId() != audited) {
                Set<String> now = files(cold, current.snapshotId(), column, transform, verdict.partition(), ordinal);
                if (!now.equals(then)) {
                    return VerificationResult.notVerified("partition rewritten since snapshot " + audited + " ("
                            + difference(now, then) + " file(s) added, " + difference(then, now)
                            + " removed or with new deletes, at snapshot " + current.snapshotId() + ")");
                }
            }
        } catch (UnpartitionedFile e) {
            return VerificationResult.notVerified(e.getMessage());
        }
        return VerificationResult.verified("equal at snapshot " + audited + ", partition unchanged since (current snapshot "
                + current.snapshotId() + ")");
    }

    /**
     * The partition's files at {@code snapshotId}: each data file's location followed by the locations of the delete
     * files that apply to it.
     */
    private static Set<String> files(Table table, long snapshotId, Types.NestedField column, PartitionTransform transform,
                                     String label, int ordinal) {
        TableScan scan = table.newScan().useSnapshot(snapshotId).ignoreResiduals();
        if (column.type().typeId() == Type.TypeID.TIMESTAMP) {
            // Prunes manifests and files by partition; the partition tuple of each file left decides below.
            scan = scan.filter(Expressions.and(
                    Expressions.greaterThanOrEqual(column.name(), micros(transform.startOf(label))),
                    Expressions.lessThan(column.name(), micros(transform.endOf(label)))));
        }
        Set<String> files = new HashSet<>();
        try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
            for (FileScanTask task : tasks) {
                DataFile file = task.file();
                Integer value = partitionValue(table, file, column, transform);
                if (value != null && value == ordinal) {
                    files.add(identity(task));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the files of " + table.name() + " at snapshot " + snapshotId, e);
        }
        return files;
    }

    private static Integer partitionValue(Table table, DataFile file, Types.NestedField column, PartitionTransform transform) {
        PartitionSpec spec = table.specs().get(file.specId());
        if (spec != null) {
            for (int i = 0; i < spec.fields().size(); i++) {
                PartitionField field = spec.fields().get(i);
                if (field.sourceId() == column.fieldId()
                        && field.transform().toString().equals(transform.unit().icebergName())) {
                    return file.partition().get(i, Integer.class);
                }
            }
        }
        throw new UnpartitionedFile("data file " + file.location() + " (partition spec " + file.specId()
                + ") is not partitioned by " + transform + ": cannot tell which partition it belongs to");
    }

    private static String identity(FileScanTask task) {
        Set<String> deletes = new TreeSet<>();
        task.deletes().stream().map(ContentFile::location).forEach(deletes::add);
        return deletes.isEmpty() ? task.file().location() : task.file().location() + " deleted by " + deletes;
    }

    private static long difference(Set<String> a, Set<String> b) {
        return a.stream().filter(f -> !b.contains(f)).count();
    }

    private static long micros(Instant time) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, time);
    }

    /** A data file that may hold rows of the partition but whose partition tuple cannot say. */
    private static final class UnpartitionedFile extends RuntimeException {
        UnpartitionedFile(String message) {
            super(message, null, false, false);
        }
    }
}
