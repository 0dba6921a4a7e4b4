package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.Window;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Measurement, not a test: how long the warm read of one window takes for silver and each gold table, the way the
 * offload worker reads it, and how many rows ClickHouse selects for it. Gold is read both ways: {@code view} (the
 * {@code _bars} view, as before) and {@code silver} (bars computed from the silver ranges the window needs,
 * {@link GoldWindowRanges}); the two must return the same rows (checksum). Needs a ClickHouse nothing else queries:
 * the rows in the granules ClickHouse selected and its CPU time come from the server's {@code SelectedMarks} (times
 * 8192) and {@code UserTimeMicroseconds + SystemTimeMicroseconds} counters, before and after the reads that bound the
 * window (without {@code FINAL}) and the window's read itself.
 * <pre>
 * . "$(deploy/local/env)"; export FLOE_CLICKHOUSE_DATABASE=floe_goldperf
 * ./mvnw -B -ntp -o -q -pl tiering test-compile dependency:build-classpath -Dmdep.outputFile=target/test.cp
 * cp="tiering/target/classes:tiering/target/test-classes:$(cat tiering/target/test.cp)"
 * java -cp "$cp" io.k2.floe.tiering.warm.GoldWindowTimes fill [LOWER [RATE [OLD_ROWS]]]   # see SilverFill
 * java -cp "$cp" io.k2.floe.tiering.warm.GoldWindowTimes 2026-11-24T12:00:00Z 2026-11-24T12:15:00Z [view|silver|both]
 * </pre>
 * {@code fill} defaults: the window 2026-11-24T12:00:00Z + 15 min, 2000 trades/s (10x the generator's default rate),
 * 12 M older trades.
 */
public final class GoldWindowTimes {

    private GoldWindowTimes() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("fill")) {
            String database = System.getenv().getOrDefault("FLOE_CLICKHOUSE_DATABASE", "floe_goldperf");
            if (database.equals("k2")) {
                throw new IllegalArgumentException("fill a database of your own (FLOE_CLICKHOUSE_DATABASE), not k2");
            }
            try (ClickHouseHttp admin = clickHouse("default")) {
                SilverFill.fill(admin, database, Instant.parse(args.length > 1 ? args[1] : "2026-11-24T12:00:00Z"),
                        args.length > 2 ? Integer.parseInt(args[2]) : 2000,
                        args.length > 3 ? Long.parseLong(args[3]) : 12_000_000L);
            }
            return;
        }
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: GoldWindowTimes fill [LOWER [RATE [OLD_ROWS]]] | LOWER UPPER [view|silver|both]");
        }
        Window window = new Window(Instant.parse(args[0]), Instant.parse(args[1]));
        String paths = args.length > 2 ? args[2] : "both";
        TableCatalog catalog = TableCatalog.load();
        try (ClickHouseHttp http = clickHouse(System.getenv().getOrDefault("FLOE_CLICKHOUSE_DATABASE", "k2"))) {
            WarmReader reader = new WarmReader(http);
            WarmColumns warmColumns = new WarmColumns(http);
            System.out.printf("window %s, database %s%n", window, http.database());
            System.out.printf("%-16s %-7s %8s %8s | %-27s | %-27s | %s%n", "", "", "", "",
                    "  bounding reads (no FINAL)", "      the window's read", "");
            System.out.printf("%-16s %-7s %8s %8s | %8s %18s | %8s %18s | %s%n", "table", "path", "rows", "wall s",
                    "CH cpu s", "rows in granules", "CH cpu s", "rows in granules", "checksum");
            double[] total = new double[2];
            for (CatalogTable table : catalog.tables()) {
                if (!table.layer().name().equalsIgnoreCase("silver") && !table.isGold()) {
                    continue;
                }
                List<WarmColumn> columns = warmColumns.of(table);
                WarmWindowQuery query = new WarmWindowQuery(table, columns, warmColumns.needsFinal(table.warmRead()));
                List<String> ways = !table.isGold() ? List.of("silver")
                        : paths.equals("both") ? List.of("view", "silver") : List.of(paths);
                List<Long> sums = new ArrayList<>();
                for (String way : ways) {
                    Counters start = Counters.of(http);
                    long begin = System.nanoTime();
                    String sql = sql(reader, catalog, table, query, window, way);
                    Counters bounded = Counters.of(http);
                    Checksum sink = new Checksum();
                    long rows = sql == null ? 0 : reader.read(sql, query.settings(), columns, sink);
                    double seconds = (System.nanoTime() - begin) / 1e9;
                    Counters end = Counters.of(http);
                    total[way.equals("view") ? 0 : 1] += seconds;
                    sums.add(sink.sum);
                    System.out.printf("%-16s %-7s %,8d %8.2f | %8.2f %,18d | %8.2f %,18d | %016x%n", table.id(), way,
                            rows, seconds, bounded.cpuSince(start), bounded.rowsSince(start), end.cpuSince(bounded),
                            end.rowsSince(bounded), sink.sum);
                }
                if (sums.stream().distinct().count() > 1) {
                    throw new IllegalStateException(table.id() + ": the two reads returned different rows");
                }
            }
            System.out.printf("total: view %.2f s, silver %.2f s (silver's own window counted in the second)%n",
                    total[0], total[1]);
        }
    }

    private static ClickHouseHttp clickHouse(String database) {
        String url = System.getenv("FLOE_CLICKHOUSE_URL");
        return new ClickHouseHttp(url == null ? "http://127.0.0.1:18123" : url,
                System.getenv().getOrDefault("FLOE_CLICKHOUSE_USER", "default"),
                System.getenv().getOrDefault("FLOE_CLICKHOUSE_PASSWORD", ""), database, Duration.ofSeconds(10),
                Duration.ofMinutes(10));
    }

    /** The worker's SQL for the window, after the reads that bound it (WindowOffload); null when it holds no rows. */
    private static String sql(WarmReader reader, TableCatalog catalog, CatalogTable table, WarmWindowQuery query,
                              Window window, String way) throws IOException {
        if (table.isGold()) {
            if (way.equals("view")) {
                return query.window(window);
            }
            GoldBars bars = GoldBars.of(catalog, table);
            TradeSelection trades = GoldWindowRanges.of(reader, bars, window);
            return trades.isEmpty() ? null : query.window(window, bars, trades);
        }
        long[] bounds = new long[3];
        reader.read(query.timeBounds(window), List.of(
                ColdTypeMapping.column(table.warmRead(), "min", "Int64", null),
                ColdTypeMapping.column(table.warmRead(), "max", "Int64", null),
                ColdTypeMapping.column(table.warmRead(), "count", "UInt64", null)), new RowSinkAdapter() {
                    @Override
                    public void setLong(int column, long value) {
                        bounds[column] = value;
                    }

                    @Override
                    public boolean endRow() {
                        return true;
                    }
                });
        return bounds[2] == 0 ? null : query.window(window, bounds[0], bounds[1]);
    }

    /** ClickHouse's cumulative counters: granules selected by reads, and CPU time of queries. */
    private record Counters(long marks, long cpuMicros) {

        static Counters of(ClickHouseHttp http) throws IOException {
            String sql = "SELECT sumIf(value, event = 'SelectedMarks'),"
                    + " sumIf(value, event IN ('UserTimeMicroseconds', 'SystemTimeMicroseconds')) FROM system.events";
            try (InputStream in = http.query(sql)) {
                String[] values = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\t");
                return new Counters(Long.parseLong(values[0]), Long.parseLong(values[1]));
            }
        }

        /** Rows in the granules selected since {@code earlier} (8192 rows a granule). */
        long rowsSince(Counters earlier) {
            return (marks - earlier.marks) * 8192;
        }

        double cpuSince(Counters earlier) {
            return (cpuMicros - earlier.cpuMicros) / 1e6;
        }
    }

    /** An order-sensitive hash of every value, to compare two reads of the same rows. */
    private static final class Checksum extends RowSinkAdapter {
        long sum = 17;

        private void add(long value) {
            sum = sum * 1_000_003L + value;
        }

        @Override
        public void setLong(int column, long value) {
            add(value);
        }

        @Override
        public void setInt(int column, int value) {
            add(value);
        }

        @Override
        public void setDecimal(int column, long unscaled, int scale) {
            add(unscaled);
        }

        @Override
        public void setDecimal(int column, BigDecimal value) {
            add(value.unscaledValue().hashCode());
        }

        @Override
        public void setString(int column, byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                add(bytes[i]);
            }
        }

        @Override
        public void setTimestampMicros(int column, long micros) {
            add(micros);
        }

        @Override
        public boolean endRow() {
            return true;
        }
    }
}
