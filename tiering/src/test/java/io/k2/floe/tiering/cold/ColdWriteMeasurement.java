package io.k2.floe.tiering.cold;

import io.k2.floe.tiering.messages.OffloadMarker;
import org.apache.iceberg.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * Not a test: measures the cold writer's rate on generated bronze rows (zstd level 3, day partitions).
 * Arguments: {@code <rows in millions> <s3|disk>}. Needs the local stack's env (PostgreSQL, s3proxy).
 */
public final class ColdWriteMeasurement {

    public static void main(String[] args) throws Exception {
        int millions = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        boolean s3 = args.length > 1 && args[1].equals("s3");
        String warehouse = s3 ? "s3://" + ColdSettings.env("FLOE_S3_BUCKET") + "/measure-" + UUID.randomUUID()
                : Files.createTempDirectory("floe-measure").toString();
        int days = 10;
        int perSymbolPerDay = millions * 1_000_000 / days / BronzeRows.SYMBOLS.size();
        try (ColdCatalogs catalogs = ColdCatalogs.open(ColdSettings.jdbcCatalog(warehouse), ColdSettings.localObjectStore())) {
            Table table = new ColdTables(catalogs.catalog(), ColdWriteConfig.DEFAULT_TARGET_FILE_SIZE)
                    .createIfMissing(BronzeRows.table("bronze_measure_" + UUID.randomUUID().toString().substring(0, 8).replace("-", "")),
                            BronzeRows.SCHEMA);
            long generateOnly = System.nanoTime();
            long[] sink = new long[1];
            BronzeRows.generate(days, perSymbolPerDay, r -> sink[0]++);
            generateOnly = System.nanoTime() - generateOnly;

            long start = System.nanoTime();
            WrittenFiles files;
            try (WindowWriter writer = WindowWriter.open(table, "measure")) {
                BronzeRows.generate(days, perSymbolPerDay, writer::write);
                files = writer.finish();
            }
            long written = System.nanoTime();
            CommitOutcome outcome = ColdCommitter.commit(table,
                    new OffloadMarker(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-02T00:00:00Z"), "measure", "measure"),
                    files.dataFiles());
            long committed = System.nanoTime();
            double writeSeconds = (written - start) / 1e9;
            System.out.printf("warehouse=%s rows=%d files=%d bytes=%d bytes/row=%.2f%n", s3 ? "s3proxy" : "local disk",
                    files.recordCount(), files.dataFiles().size(), files.sizeInBytes(),
                    (double) files.sizeInBytes() / files.recordCount());
            System.out.printf("generate only: %.2f s; generate+write: %.2f s = %.0f rows/s; write alone ~%.0f rows/s; commit %.3f s; snapshot %d%n",
                    generateOnly / 1e9, writeSeconds, files.recordCount() / writeSeconds,
                    files.recordCount() / (writeSeconds - generateOnly / 1e9), (committed - written) / 1e9, outcome.snapshotId());
            System.out.printf("heap used at end: %d MiB (max %d MiB)%n",
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20, Runtime.getRuntime().maxMemory() >> 20);
        }
    }
}
