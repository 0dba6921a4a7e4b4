package io.k2.floe.tiering.verdicts;

import io.k2.floe.tiering.catalog.PartitionTransform;
import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.cold.WindowWriter;
import io.k2.floe.tiering.testing.LocalColdTier;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.ReplacePartitions;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.k2.floe.tiering.verdicts.Verdicts.verdict;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verification against a real Iceberg table (JDBC catalog on the local PostgreSQL, data on the local S3 server)
 * under a catalog name, warehouse and namespace of this test's own: a partition stays verified only while the
 * files its equal verdict audited are the partition's files.
 */
class VerificationIT {

    private static final PartitionTransform DAY = new PartitionTransform(PartitionTransform.Unit.DAY, "ts");
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.required(2, "ts", Types.TimestampType.withZone()));
    private static final String DAY1 = "2026-03-01";
    private static final String DAY2 = "2026-03-02";
    private static final Instant AUDITED = Instant.parse("2026-03-03T01:00:00Z");

    private ColdCatalogs catalogs;
    private TableIdentifier id;
    private Table table;
    private long nextId;

    @BeforeEach
    void createTable() {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        catalogs = LocalColdTier.open("verification_it_" + run,
                "s3://" + LocalColdTier.env("FLOE_S3_BUCKET") + "/it-verification-" + run);
        Namespace namespace = Namespace.of("verification_it_" + run);
        ((SupportsNamespaces) catalogs.catalog()).createNamespace(namespace);
        id = TableIdentifier.of(namespace, "trades");
        table = catalogs.catalog().buildTable(id, SCHEMA)
                .withPartitionSpec(PartitionSpec.builderFor(SCHEMA).day("ts").build())
                .withProperties(Map.of(TableProperties.FORMAT_VERSION, "2"))
                .create();
    }

    @AfterEach
    void dropTable() throws IOException {
        try {
            catalogs.catalog().dropTable(id, true);
            ((SupportsNamespaces) catalogs.catalog()).dropNamespace(id.namespace());
        } finally {
            catalogs.close();
        }
    }

    /** Writes {@code rows} rows on {@code day} as one Parquet file (not committed). */
    private DataFile file(String day, int rows) {
        Instant start = DAY.startOf(day);
        try (WindowWriter writer = WindowWriter.open(table, "verification-" + nextId)) {
            for (int i = 0; i < rows; i++) {
                Record r = GenericRecord.create(SCHEMA);
                r.setField("id", nextId++);
                r.setField("ts", start.plusSeconds(60L * i).atOffset(ZoneOffset.UTC));
                writer.write(r);
            }
            return writer.finish().dataFiles().getFirst();
        }
    }

    /** Appends one new file per day and returns the snapshot committed. */
    private long append(String... days) {
        AppendFiles append = table.newAppend();
        for (String day : days) {
            append.appendFile(file(day, 10));
        }
        append.commit();
        return table.currentSnapshot().snapshotId();
    }

    private VerificationResult verify(Optional<RecordedVerdict> latest) {
        return Verification.isVerified(latest, catalogs.catalog().loadTable(id), DAY);
    }

    private VerificationResult verify(String partition, boolean equal, long snapshot) {
        return verify(Optional.of(verdict("trades", partition, equal, snapshot, AUDITED)));
    }

    @Test
    void anEqualVerdictVerifiesItsPartitionUntilAFileIsAppendedToIt() {
        long audited = append(DAY1, DAY2);

        VerificationResult verified = verify(DAY1, true, audited);
        assertThat(verified.verified()).as(verified.reason()).isTrue();
        assertThat(verified.reason()).startsWith("equal at snapshot " + audited);

        long otherDay = append(DAY2);
        assertThat(verify(DAY1, true, audited).verified()).as("an offload into another partition changes nothing").isTrue();
        assertThat(verify(DAY2, true, audited).reason()).startsWith("partition rewritten since snapshot " + audited);

        long sameDay = append(DAY1);
        VerificationResult rewritten = verify(DAY1, true, audited);
        assertThat(rewritten.verified()).isFalse();
        assertThat(rewritten.reason()).isEqualTo("partition rewritten since snapshot " + audited
                + " (1 file(s) added, 0 removed or with new deletes, at snapshot " + sameDay + ")");
        assertThat(verify(DAY1, true, sameDay).verified()).as("a new audit at the new snapshot").isTrue();
        assertThat(verify(DAY2, true, otherDay).verified()).isTrue();
    }

    @Test
    void aMismatchVerifiesNothing() {
        long audited = append(DAY1);

        VerificationResult result = verify(DAY1, false, audited);

        assertThat(result).isEqualTo(new VerificationResult(false, "mismatched at snapshot " + audited));
    }

    @Test
    void anEqualVerdictAtAnExpiredSnapshotVerifiesNothing() {
        long audited = append(DAY1);
        long later = append(DAY2);
        table.expireSnapshots().expireSnapshotId(audited).commit();

        assertThat(verify(DAY1, true, audited)).isEqualTo(new VerificationResult(false, "snapshot " + audited + " expired"));
        assertThat(verify(DAY1, true, later).verified()).as("the same files, audited at a live snapshot").isTrue();
    }

    @Test
    void anUnknownPartitionIsNotVerified() {
        long audited = append(DAY1);

        assertThat(verify(Optional.empty())).isEqualTo(new VerificationResult(false, "no verdict"));
        assertThat(verify("2026-03-09", true, audited))
                .isEqualTo(new VerificationResult(false, "partition 2026-03-09 absent at snapshot " + audited));
        assertThat(verify("2026-03", true, audited))
                .isEqualTo(new VerificationResult(false, "partition '2026-03' is not a day partition of ts"));
        assertThat(verify(DAY1, true, audited + 1).reason()).isEqualTo("snapshot " + (audited + 1) + " expired");
    }

    @Test
    void aRowDeletedOrThePartitionReplacedSinceTheAuditUnverifiesIt() throws IOException {
        long audited = append(DAY1, DAY2);
        DataFile day1File = null;
        for (DataFile f : table.currentSnapshot().addedDataFiles(table.io())) {
            if (f.partition().get(0, Integer.class) == PartitionOrdinal.of(DAY, DAY1)) {
                day1File = f;
            }
        }
        assertThat(day1File).isNotNull();

        table.newRowDelta().addDeletes(positionDelete(day1File)).commit();
        VerificationResult deleted = verify(DAY1, true, audited);
        assertThat(deleted.verified()).isFalse();
        assertThat(deleted.reason()).isEqualTo("partition rewritten since snapshot " + audited
                + " (1 file(s) added, 1 removed or with new deletes, at snapshot " + table.currentSnapshot().snapshotId() + ")");

        assertThat(verify(DAY2, true, audited).verified()).isTrue();
        ReplacePartitions repair = table.newReplacePartitions();
        repair.addFile(file(DAY2, 10));
        repair.commit();
        assertThat(verify(DAY2, true, audited).reason()).startsWith("partition rewritten since snapshot " + audited
                + " (1 file(s) added, 1 removed");
    }

    /** A position delete of the first row of {@code file}, written as a real Parquet delete file. */
    private DeleteFile positionDelete(DataFile file) throws IOException {
        OutputFileFactory names = OutputFileFactory.builderFor(table, 1, 1).format(FileFormat.PARQUET).build();
        PositionDeleteWriter<Record> writer = new GenericFileWriterFactory.Builder(table).build()
                .newPositionDeleteWriter(names.newOutputFile(table.spec(), file.partition()), table.spec(), file.partition());
        try (writer) {
            writer.write(PositionDelete.<Record>create().set(file.location(), 0L));
        }
        return writer.toDeleteFile();
    }
}
