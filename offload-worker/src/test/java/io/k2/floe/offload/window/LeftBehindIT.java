package io.k2.floe.offload.window;

import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.cold.ColdCommitter;
import io.k2.floe.tiering.cold.WindowWriter;
import io.k2.floe.tiering.cold.WrittenFiles;
import io.k2.floe.tiering.messages.OffloadMarker;
import io.k2.floe.tiering.testing.LocalColdTier;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failed event's {@code uncommittedFiles} never names a file the table references (docs/exactly-once.md): on the
 * real stack (a JDBC catalog of this test's own on the local PostgreSQL, files on the local S3), an attempt that failed
 * before its commit lists its files, none of them in the table; one that failed after its commit happened (e.g. while
 * the event was built) or whose commit state is unknown lists none.
 */
class LeftBehindIT {

    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.required(2, "ts", Types.TimestampType.withZone()));
    private static final Instant DAY = Instant.parse("2026-03-01T00:00:00Z");

    private ColdCatalogs catalogs;
    private TableIdentifier id;
    private Table table;

    @BeforeEach
    void createTable() {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        catalogs = LocalColdTier.open("leftbehind_it_" + run,
                "s3://" + LocalColdTier.env("FLOE_S3_BUCKET") + "/it-leftbehind-" + run);
        Namespace namespace = Namespace.of("leftbehind_it_" + run);
        ((SupportsNamespaces) catalogs.catalog()).createNamespace(namespace);
        id = TableIdentifier.of(namespace, "trades");
        table = catalogs.catalog().createTable(id, SCHEMA, PartitionSpec.builderFor(SCHEMA).day("ts").build());
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

    @Test
    void filesAreListedOnlyWhenTheyCannotBeInTheTable() throws IOException {
        OffloadMarker first = new OffloadMarker(DAY, DAY.plusSeconds(900), "cmd-1", "run-1");
        WindowWriter committedWriter = open("cmd-1-a1");
        WrittenFiles written = committedWriter.finish();
        ColdCommitter.commit(table, first, written.dataFiles());
        Set<String> inTable = referenced();
        assertThat(inTable).containsAll(written.paths());

        // the commit happened, then something failed (metrics, the event): its files are the table's now
        assertThat(OffloadFailures.leftBehind(new IllegalStateException("event building failed"), committedWriter, true))
                .isEmpty();
        // the catalog could not say whether the commit happened: they may be the table's
        WindowWriter unknownWriter = open("cmd-2-a1");
        unknownWriter.finish();
        assertThat(OffloadFailures.leftBehind(new CommitStateUnknownException(new RuntimeException("reset")),
                unknownWriter, false)).isEmpty();
        // failed before its commit: its files are listed, and none of them is in the table
        WindowWriter failedWriter = open("cmd-3-a1");
        List<String> listed = OffloadFailures.leftBehind(new IllegalStateException("warm read failed"), failedWriter,
                false);
        assertThat(listed).isNotEmpty().allSatisfy(path -> assertThat(path).contains("cmd-3-a1"));
        assertThat(referenced()).isEqualTo(inTable).doesNotContainAnyElementsOf(listed);
    }

    /** A writer with some rows written (a window under way), files named after {@code operation}. */
    private WindowWriter open(String operation) {
        WindowWriter writer = WindowWriter.open(table, operation);
        for (long i = 0; i < 100; i++) {
            Record r = GenericRecord.create(SCHEMA);
            r.setField("id", i);
            r.setField("ts", DAY.plusSeconds(i).atOffset(ZoneOffset.UTC));
            writer.write(r);
        }
        return writer;
    }

    private Set<String> referenced() throws IOException {
        table.refresh();
        Set<String> files = new HashSet<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                DataFile file = task.file();
                files.add(file.location());
            }
        }
        return files;
    }
}
