package io.k2.floe.offload.bench;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.testing.bench.BenchEnv;
import io.k2.floe.tiering.testing.bench.BenchException;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import io.k2.floe.tiering.warm.RowBinaryDecoder;
import io.k2.floe.tiering.warm.WarmColumn;
import io.k2.floe.tiering.warm.WarmColumns;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The RowBinary decoder alone: the worker's decoder, with the worker's column list, over the bytes ClickHouse sent
 * for the worker's query (saved to a file, so no network and no server is involved), into a {@link NullSink}.
 * Several runs in one JVM: the first includes JIT warm-up (as the worker's single offload does); the best is the
 * ceiling.
 */
final class DecodeAlone {

    private DecodeAlone() {
    }

    static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new BenchException("usage: decode FILE RUNS");
        }
        Path file = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        CatalogTable table = TableCatalog.load().get(BenchWindow.TABLE);
        List<WarmColumn> columns;
        try (ClickHouseHttp http = BenchEnv.clickHouse()) {
            columns = new WarmColumns(http).of(table);
        }
        double best = 0;
        double first = 0;
        long rows = 0;
        for (int run = 1; run <= runs; run++) {
            NullSink sink = new NullSink();
            long begin = System.nanoTime();
            try (InputStream in = Files.newInputStream(file)) {
                rows = new RowBinaryDecoder(columns).decode(in, sink);
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            double rate = rows / seconds;
            System.err.printf("decode run %d: %,d rows in %.2f s = %,.0f rows/s (checksum %d)%n", run, rows, seconds,
                    rate, sink.checksum);
            if (run == 1) {
                first = rate;
            }
            best = Math.max(best, rate);
        }
        System.out.println("decode_rows=" + rows);
        System.out.printf("decode_first_rows_per_s=%.0f%n", first);
        System.out.printf("decode_best_rows_per_s=%.0f%n", best);
        System.out.println("decode_file_bytes=" + Files.size(file));
    }
}
