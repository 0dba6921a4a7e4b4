package io.k2.floe.offload.verify;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.OffloadMarker;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 3's acceptance: a cold table written by Floe is readable by another Iceberg engine without Floe's code.
 * Each test writes a small bronze_trades_binance table through Floe's cold-tier code, then reads it with
 * {@code deploy/verify/read-cold-table}: Apache Iceberg's own generic reader in a separate JVM whose class path
 * holds no Floe class. What that reader sees must be what Floe meant to write.
 *
 * <p>The tables live in a JDBC catalog of their own ({@value FloeWrittenTable#CATALOG_NAME}), never in
 * {@code floe}. A table is dropped when its test passes and kept (its name is in the failure) when it fails.
 */
class ColdTableReadableIT {

    /** bronze_trades_binance's cold columns as another engine must see them: id, name, Iceberg type, required. */
    static final Map<String, List<String>> EXPECTED_COLUMNS = Map.of("bronze_trades_binance", List.of(
            "1 event_type string required",
            "2 event_time_us timestamptz required",
            "3 symbol string required",
            "4 trade_id long required",
            "5 price decimal(18, 8) required",
            "6 quantity decimal(18, 8) required",
            "7 trade_time_us timestamptz required",
            "8 is_buyer_maker int required",
            "9 is_best_match int required",
            "10 ingested_at timestamptz required"));

    @Test
    void aTableOnS3IsReadByIcebergAloneWithItsSchemaPartitionsMarkerAndEveryRow() {
        String warehouse = "s3://" + FloeWrittenTable.env("FLOE_S3_BUCKET") + "/verify-it-" + UUID.randomUUID();
        FloeWrittenTable.Written written = FloeWrittenTable.write(warehouse);

        IndependentReader.Output out = assertReadableWithoutFloe(written.table(), written.rows(), env(warehouse));

        assertWhatWasWritten(out, written);
        assertThat(out.one("location")).as(out.toString()).startsWith(warehouse + "/cold/");
        FloeWrittenTable.drop(warehouse, written.table());
    }

    @Test
    void aTableOnLocalDiskIsReadByIcebergAloneWithItsSchemaPartitionsMarkerAndEveryRow(
            @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) {
        String warehouse = dir.toUri().toString();
        FloeWrittenTable.Written written = FloeWrittenTable.write(warehouse);

        IndependentReader.Output out = IndependentReader.read(written.table().coldTable(),
                written.table().keyColumns(), env(warehouse));
        // Iceberg reads local files through Hadoop's file system, which fails on Java 23+: the script needs a JDK
        // 17 to 22 for this warehouse kind and says so when the machine has none.
        Assumptions.assumeFalse(out.exitCode() == 1 && out.stderr().contains("JDK 17 to 22"), out.stderr());
        assertReadableWithoutFloe(written.table(), written.rows(), out);

        assertWhatWasWritten(out, written);
        assertThat(out.one("location")).as(out.toString()).startsWith("file:");
        FloeWrittenTable.drop(warehouse, written.table());
    }

    @Test
    void aMissingTableIsReportedAsMissingWithItsCatalog() {
        String warehouse = "s3://" + FloeWrittenTable.env("FLOE_S3_BUCKET") + "/verify-it-none";

        IndependentReader.Output out = IndependentReader.read("cold.no_such_table", List.of(), env(warehouse));

        assertThat(out.exitCode()).as(out.toString()).isEqualTo(2);
        assertThat(out.stdout()).isEmpty();
        assertThat(out.stderr()).contains("cold.no_such_table does not exist",
                "catalog '" + FloeWrittenTable.CATALOG_NAME + "'");
    }

    /**
     * Reads {@code coldTable} of the real catalog (settings from the environment: the local stack's floe.env) with
     * Iceberg alone and checks it as {@link #assertReadableWithoutFloe(CatalogTable, long, Map)} does; for a table
     * written by the offload worker itself.
     */
    static IndependentReader.Output assertReadableWithoutFloe(String coldTable, long expectedRows) {
        CatalogTable table = TableCatalog.load().findByColdTable(coldTable)
                .orElseThrow(() -> new IllegalArgumentException(coldTable + " is not a cold table of Floe's catalog"));
        return assertReadableWithoutFloe(table, expectedRows, Map.of());
    }

    /**
     * Runs the independent reader on {@code table}'s cold table and checks what a user of another engine relies
     * on: Iceberg format 2 Parquet (zstd) files; the columns (for tables listed in {@link #EXPECTED_COLUMNS});
     * the partition spec and sort order the table catalog declares; a Floe marker on the current snapshot;
     * {@code expectedRows} rows read, as many as the metadata counts, no two with the same key, each in the
     * partition its time says.
     *
     * @param env settings that win over the environment (catalog name, warehouse)
     * @return the reader's output, for further checks
     */
    static IndependentReader.Output assertReadableWithoutFloe(CatalogTable table, long expectedRows, Map<String, String> env) {
        IndependentReader.Output out = IndependentReader.read(table.coldTable(), table.keyColumns(), env);
        assertReadableWithoutFloe(table, expectedRows, out);
        return out;
    }

    /** The checks of {@link #assertReadableWithoutFloe(CatalogTable, long, Map)} on the reader's output. */
    static void assertReadableWithoutFloe(CatalogTable table, long expectedRows, IndependentReader.Output out) {
        String context = "independent Iceberg reader on " + table.coldTable() + "\n" + out;

        assertThat(out.exitCode()).as(context).isZero();
        assertThat(out.one("table")).as(context).endsWith("." + table.coldTable());
        assertThat(out.one("format-version")).as(context).isEqualTo("2");
        assertThat(out.one("data-file-formats")).as(context).isEqualTo("PARQUET");
        assertThat(out.one("property.write.parquet.compression-codec")).as(context).isEqualTo("zstd");
        // what the files really hold, from their Parquet footers: every column chunk zstd (e.g. "ZSTD:33")
        assertThat(out.one("column-chunk-codecs")).as(context).matches("ZSTD:[1-9][0-9]*");

        List<String> columns = EXPECTED_COLUMNS.get(table.id());
        if (columns != null) {
            assertThat(out.all("schema.field")).as(context).containsExactlyElementsOf(columns);
        } else {
            assertThat(out.all("schema.field")).as(context).isNotEmpty();
        }
        String transform = table.partition().unit().name().toLowerCase(Locale.ROOT);
        assertThat(out.all("partition-spec.field")).as(context)
                .containsExactly(transform + "(" + table.partition().column() + ")");
        assertThat(out.all("sort-order.field")).as(context)
                .containsExactlyElementsOf(table.clusterBy().stream().map(c -> c + " ASC NULLS FIRST").toList());

        assertThat(out.number("snapshots")).as(context).isPositive();
        assertThat(out.withPrefix("current-snapshot.summary.floe.marker.")).as(context)
                .containsKeys("version", "window-lower", "window-upper", "command-id", "run-id");

        assertThat(out.number("rows")).as(context).isEqualTo(expectedRows);
        assertThat(out.number("metadata-rows")).as(context).isEqualTo(expectedRows);
        assertThat(out.one("key-columns")).as(context).isEqualTo(String.join(",", table.keyColumns()));
        assertThat(out.number("distinct-keys")).as(context).isEqualTo(expectedRows);
        assertThat(out.number("duplicate-rows")).as(context).isZero();
        assertThat(out.one("partition-source")).as(context).isEqualTo(table.partition().column());
        assertThat(out.number("partitions-mismatched")).as(context).isZero();
    }

    /** The details only this test knows: rows per day partition, the time range, and the last window's marker. */
    private static void assertWhatWasWritten(IndependentReader.Output out, FloeWrittenTable.Written written) {
        String context = out.toString();
        List<String> partitions = written.rowsPerDay().entrySet().stream()
                .map(e -> "trade_time_us_day=" + e.getKey() + " files=1 metadata-rows=" + e.getValue()
                        + " rows-read=" + e.getValue())
                .toList();
        // day 0 got late trades in the second window: a second file, in the same partition
        List<String> expected = new ArrayList<>(partitions);
        expected.set(0, expected.get(0).replace("files=1", "files=2"));
        assertThat(out.all("partition")).as(context).containsExactlyElementsOf(expected);
        assertThat(out.one("partition-source.min")).as(context).isEqualTo(written.minTradeTime().toString());
        assertThat(out.one("partition-source.max")).as(context).isEqualTo(written.maxTradeTime().toString());
        assertThat(out.number("snapshots")).as(context).isEqualTo(2);
        assertThat(out.number("data-files")).as(context).isEqualTo(4);
        OffloadMarker marker = written.lastMarker();
        assertThat(out.withPrefix("current-snapshot.summary.")).as(context)
                .containsExactlyInAnyOrderEntriesOf(marker.toSnapshotSummary());
    }

    private static Map<String, String> env(String warehouse) {
        return Map.of("FLOE_CATALOG_NAME", FloeWrittenTable.CATALOG_NAME, "FLOE_WAREHOUSE", warehouse);
    }
}
