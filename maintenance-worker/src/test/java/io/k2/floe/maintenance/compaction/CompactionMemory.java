package io.k2.floe.maintenance.compaction;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.catalog.TableDefinition;
import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.cold.ColdCommitter;
import io.k2.floe.tiering.cold.ColdTables;
import io.k2.floe.tiering.cold.WindowWriter;
import io.k2.floe.tiering.messages.OffloadMarker;
import io.k2.floe.tiering.testing.LocalColdTier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: measures the memory of one compaction group (docs/maintenance/compaction.md, "Memory"). Writes
 * {@code files} sorted data files of {@code rowsPerFile} trade rows into one closed day partition, then reports the
 * heap retained with every input's reader open (after a GC) and the peak heap sampled while the group is merged and
 * written. Run it with a small {@code -Xmx} to see that the merge fits whatever the number of rows.
 * Arguments: {@code <files> <rows per file> <s3|disk>}. Needs the local stack's env (PostgreSQL, and s3proxy for s3).
 */
public final class CompactionMemory {

    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "symbol", Types.StringType.get()),
            Types.NestedField.required(2, "trade_id", Types.LongType.get()),
            Types.NestedField.required(3, "trade_time_us", Types.TimestampType.withZone()),
            Types.NestedField.required(4, "price", Types.DecimalType.of(18, 8)),
            Types.NestedField.required(5, "quantity", Types.DecimalType.of(18, 8)),
            Types.NestedField.required(6, "ingested_at", Types.TimestampType.withZone()));
    private static final List<String> SYMBOLS = List.of("BNBUSDT", "BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT");
    private static final Instant DAY = Instant.parse("2026-03-01T00:00:00Z");

    public static void main(String[] args) throws Exception {
        int fileCount = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int rowsPerFile = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        boolean s3 = args.length > 2 && args[2].equals("s3");
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String warehouse = s3 ? "s3://" + LocalColdTier.env("FLOE_S3_BUCKET") + "/measure-compaction-" + run
                : Files.createTempDirectory("floe-compaction-memory").toString();
        TableCatalog catalog = TableCatalog.build(List.of(TableDefinition.builder("bronze_measure").layer("bronze")
                .warmTable("trades").coldTable("cold.measure_" + run).partition("day(trade_time_us)")
                .clusterBy("symbol", "trade_time_us").orderingColumn("ingested_at").timeColumn("trade_time_us")
                .timeEncoding("epoch-micros").keyColumns("symbol", "trade_id").build()));
        CatalogTable definition = catalog.get("bronze_measure");
        try (ColdCatalogs cold = LocalColdTier.open("compaction_memory_" + run, warehouse)) {
            Table table = new ColdTables(cold.catalog(), 512L * 1024 * 1024).createIfMissing(definition, SCHEMA);
            List<DataFile> inputs = new ArrayList<>();
            long tradeId = 0;
            for (int f = 0; f < fileCount; f++) {
                try (WindowWriter writer = WindowWriter.open(table, "measure-input-" + f)) {
                    // each file: every symbol, times spread over the day, sorted by (symbol, time) like an offload's
                    for (String symbol : SYMBOLS) {
                        for (int i = 0; i < rowsPerFile / SYMBOLS.size(); i++) {
                            long micros = DAY.toEpochMilli() * 1000 + (long) i * 86_399_000_000L
                                    / (rowsPerFile / SYMBOLS.size()) + f;
                            Record r = GenericRecord.create(SCHEMA);
                            r.setField("symbol", symbol);
                            r.setField("trade_id", tradeId++);
                            r.setField("trade_time_us", Instant.ofEpochSecond(0, micros * 1000).atOffset(ZoneOffset.UTC));
                            // prices and sizes that vary like trades' do (not runs a delta encoding packs to nothing)
                            long noise = mix(tradeId);
                            r.setField("price", BigDecimal.valueOf(2_000_000_000_000L + Math.floorMod(noise, 70_000_001L), 8));
                            r.setField("quantity", BigDecimal.valueOf(1 + Math.floorMod(noise >>> 17, 250_000_000L), 8));
                            r.setField("ingested_at", DAY.plusSeconds(86_400 + f).atOffset(ZoneOffset.UTC));
                            writer.write(r);
                        }
                    }
                    inputs.addAll(writer.finish().dataFiles());
                }
            }
            ColdCommitter.commit(table, new OffloadMarker(DAY, DAY.plusSeconds(2 * 86_400), "measure", "measure"), inputs);
            long inputBytes = inputs.stream().mapToLong(DataFile::fileSizeInBytes).sum();
            long rows = inputs.stream().mapToLong(DataFile::recordCount).sum();

            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long baseline = usedAfterGc(memory);
            long retained;
            try (SortedMerge merge = new SortedMerge(table.io(), table.schema(), table.sortOrder(), inputs)) {
                retained = usedAfterGc(memory) - baseline;
            }

            AtomicLong peak = new AtomicLong();
            Thread sampler = Thread.ofPlatform().daemon(true).start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            CompactionSettings settings = new CompactionSettings(512L * 1024 * 1024, 384L * 1024 * 1024, 2,
                    8L * 1024 * 1024 * 1024, java.time.Duration.ZERO, Math.max(2, fileCount));
            long start = System.nanoTime();
            TableCompaction compaction = new TableCompaction(table, definition, settings, 4,
                    new CompactionMetrics(new SimpleMeterRegistry()), "measure-" + run, "measure", 1);
            TableCompaction.Tally tally = compaction.perform(compaction.plan(List.of()));
            double seconds = (System.nanoTime() - start) / 1e9;
            sampler.interrupt();
            sampler.join();

            System.out.printf("warehouse=%s inputs=%d rows=%d input bytes=%.1f MiB (%.2f MiB per file)%n",
                    s3 ? "s3proxy" : "local disk", inputs.size(), rows, inputBytes / 1048576.0,
                    inputBytes / 1048576.0 / inputs.size());
            System.out.printf("heap retained with all %d readers open: %.1f MiB (%.2f MiB per reader)%n",
                    inputs.size(), retained / 1048576.0, retained / 1048576.0 / inputs.size());
            System.out.printf("merge+write: %d rows in %.1f s (%.0f rows/s) into %d file(s) of %.1f MiB; peak heap"
                            + " sampled %.0f MiB of max %d MiB; results %s%n", tally.rewrittenRows, seconds,
                    tally.rewrittenRows / seconds, tally.addedDataFiles, tally.addedBytes / 1048576.0,
                    peak.get() / 1048576.0, Runtime.getRuntime().maxMemory() >> 20,
                    Map.of("groups", tally.groups, "conflicts", tally.commitConflicts));
            cold.catalog().dropTable(ColdTables.identifier(definition), true);
            ((org.apache.iceberg.catalog.SupportsNamespaces) cold.catalog())
                    .dropNamespace(ColdTables.identifier(definition).namespace());
        }
        if (!s3) {
            try (var paths = Files.walk(java.nio.file.Path.of(warehouse))) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A reproducible pseudo-random value per trade (SplitMix64's finaliser). */
    private static long mix(long x) {
        long z = x * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
