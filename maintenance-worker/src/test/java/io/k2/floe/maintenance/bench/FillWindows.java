package io.k2.floe.maintenance.bench;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.cold.ColdCommitter;
import io.k2.floe.tiering.cold.ColdRowSink;
import io.k2.floe.tiering.cold.ColdSchemas;
import io.k2.floe.tiering.cold.ColdTables;
import io.k2.floe.tiering.cold.CommitOutcome;
import io.k2.floe.tiering.cold.WindowWriter;
import io.k2.floe.tiering.cold.WrittenFiles;
import io.k2.floe.tiering.messages.OffloadMarker;
import io.k2.floe.tiering.messages.Window;
import io.k2.floe.tiering.testing.bench.BenchEnv;
import io.k2.floe.tiering.testing.bench.BenchException;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import io.k2.floe.tiering.warm.WarmColumn;
import io.k2.floe.tiering.warm.WarmColumns;
import io.k2.floe.tiering.warm.WarmReader;
import io.k2.floe.tiering.warm.WarmWindowQuery;
import org.apache.iceberg.Table;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A simulated stretch of the offload schedule: {@code COUNT} consecutive windows of {@code MINUTES} each on the
 * ingestion column, after {@code LOWER}, each read from the bench's warm table and committed with its marker through
 * tiering's own offload path (the steps of the offload worker's window offload, in process: the worker's command
 * round trip adds nothing the compaction cares about). What the cold table looks like after a day of 15-minute
 * offloads: a small data file per window and partition, a snapshot and a manifest per window.
 *
 * <p>Arguments: {@code LOWER MINUTES COUNT}. Prints {@code windows}, {@code rows}, {@code data_files}, {@code seconds}.
 */
final class FillWindows {

    private FillWindows() {
    }

    static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new BenchException("usage: fill LOWER MINUTES COUNT");
        }
        Instant lower = Instant.parse(args[0]);
        Duration length = Duration.ofMinutes(Long.parseLong(args[1]));
        int count = Integer.parseInt(args[2]);
        CatalogTable table = BenchTable.declaration();
        ClickHouseHttp http = BenchEnv.clickHouse();
        List<WarmColumn> columns = new WarmColumns(http).of(table);
        WarmReader reader = new WarmReader(http);
        WarmWindowQuery query = new WarmWindowQuery(table, columns, false);
        long started = System.nanoTime();
        long rows = 0;
        long files = 0;
        try (ColdCatalogs catalogs = BenchTable.open()) {
            Table cold = new ColdTables(catalogs.catalog(), table.maintenance().targetFileSizeBytes())
                    .createIfMissing(table, ColdSchemas.of(columns));
            for (int i = 0; i < count; i++) {
                Window window = new Window(lower.plus(length.multipliedBy(i)), lower.plus(length.multipliedBy(i + 1)));
                String commandId = "bench-fill-" + window.upper().getEpochSecond();
                OffloadMarker marker = OffloadMarker.of(window, commandId, "bench-maintenance");
                try (WindowWriter writer = WindowWriter.open(cold, commandId)) {
                    rows += reader.read(query.window(window), query.settings(), columns,
                            new ColdRowSink(writer, cold.schema(), columns));
                    WrittenFiles written = writer.finish();
                    CommitOutcome outcome = ColdCommitter.commit(cold, marker, written.dataFiles());
                    if (!outcome.repeat()) {
                        files += written.dataFiles().size();
                    }
                }
                if ((i + 1) % 24 == 0) {
                    System.err.printf("bench: %d of %d windows offloaded (%,d rows)%n", i + 1, count, rows);
                }
            }
        }
        System.out.println("windows=" + count);
        System.out.println("rows=" + rows);
        System.out.println("data_files=" + files);
        System.out.printf("seconds=%.1f%n", (System.nanoTime() - started) / 1e9);
    }
}
