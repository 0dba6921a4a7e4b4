package io.k2.floe.offload.bench;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.Window;
import io.k2.floe.tiering.testing.bench.BenchEnv;
import io.k2.floe.tiering.testing.bench.BenchException;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import io.k2.floe.tiering.warm.WarmColumn;
import io.k2.floe.tiering.warm.WarmColumns;
import io.k2.floe.tiering.warm.WarmWindowQuery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one window that holds every row of the bench table, and the exact SQL the worker runs for it: built the way
 * {@code WindowOffload} builds it (columns from {@code system.columns}, {@code FINAL} decided by the engine,
 * {@link WarmWindowQuery#window}), so the reference ceilings are measured on the worker's own query.
 *
 * <p>Writes {@code DIR/query.sql} (with {@code FORMAT RowBinary}, as the reader sends it) and {@code DIR/query.params}
 * (the query-level settings as URL parameters); prints the window and the row count.
 */
final class BenchWindow {

    static final String TABLE = "bronze_trades_binance";

    private BenchWindow() {
    }

    static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new BenchException("usage: window DIR");
        }
        Path dir = Path.of(args[0]);
        CatalogTable table = TableCatalog.load().get(TABLE);
        try (ClickHouseHttp http = BenchEnv.clickHouse()) {
            WarmColumns warmColumns = new WarmColumns(http);
            List<WarmColumn> columns = warmColumns.of(table);
            WarmWindowQuery query = new WarmWindowQuery(table, columns, warmColumns.needsFinal(table.warmRead()));
            long[] bounds = bounds(http, table);
            // lower is exclusive: one second before the first ingestion time (DateTime has whole seconds)
            Window window = new Window(Instant.ofEpochSecond(bounds[0] - 1), Instant.ofEpochSecond(bounds[1]));
            Files.writeString(dir.resolve("query.sql"), query.window(window) + " FORMAT RowBinary");
            Files.writeString(dir.resolve("query.params"), query.settings().entrySet().stream()
                    .map(e -> "&" + e.getKey() + "=" + e.getValue()).collect(Collectors.joining()));
            System.out.println("window_lower=" + window.lower());
            System.out.println("window_upper=" + window.upper());
            System.out.println("window_rows=" + bounds[2]);
            System.out.println("columns=" + columns.stream().map(c -> c.name() + ":" + c.warmType().text())
                    .collect(Collectors.joining(",")));
        }
    }

    /** min and max of the ordering column in epoch seconds, and the row count. */
    private static long[] bounds(ClickHouseHttp http, CatalogTable table) throws IOException {
        String ordering = "`" + table.orderingColumn() + "`";
        String sql = "SELECT toUInt32(min(" + ordering + ")), toUInt32(max(" + ordering + ")), count() FROM `"
                + table.warmRead() + "` FORMAT TabSeparated";
        String text;
        try (InputStream in = http.query(sql, Map.of())) {
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        }
        String[] parts = text.split("\t");
        long[] values = {Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2])};
        if (values[2] == 0) {
            throw new BenchException("the bench table " + http.database() + "." + table.warmRead() + " is empty");
        }
        return values;
    }
}
