package io.k2.floe.tiering.warm;

import java.time.Duration;
import java.util.List;

/**
 * Measurement, not a test: rows per second of the RowBinary reader on a 10 M-row query, to compare with
 * {@code curl} streaming the same query to /dev/null. Run after {@code mvn -pl tiering test-compile}:
 * <pre>
 * . "$(deploy/local/env)"
 * java -cp tiering/target/classes:tiering/target/test-classes io.k2.floe.tiering.warm.DecodeRate [rows] [runs]
 * </pre>
 */
public final class DecodeRate {

    private DecodeRate() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String sql = "SELECT number, toInt64(number * 7), toDecimal64(number, 8), toString(number) FROM numbers(" + rows + ")";
        List<WarmColumn> columns = List.of(
                ColdTypeMapping.column("numbers", "number", "UInt64", null),
                ColdTypeMapping.column("numbers", "n7", "Int64", null),
                ColdTypeMapping.column("numbers", "d", "Decimal(18, 8)", null),
                ColdTypeMapping.column("numbers", "s", "String", null));
        String env = System.getenv("FLOE_CLICKHOUSE_URL");
        try (ClickHouseHttp http = new ClickHouseHttp(env == null ? "http://127.0.0.1:18123" : env,
                System.getenv().getOrDefault("FLOE_CLICKHOUSE_USER", "default"),
                System.getenv().getOrDefault("FLOE_CLICKHOUSE_PASSWORD", ""),
                System.getenv().getOrDefault("FLOE_CLICKHOUSE_DATABASE", "k2"), Duration.ofSeconds(10))) {
            WarmReader reader = new WarmReader(http);
            for (int run = 1; run <= runs; run++) {
                Summing sink = new Summing();
                long begin = System.nanoTime();
                long read = reader.read(sql, columns, sink);
                double seconds = (System.nanoTime() - begin) / 1e9;
                System.out.printf("run %d: %,d rows in %.2f s = %,.0f rows/s (checksum %d)%n", run, read, seconds, read / seconds, sink.sum);
            }
        }
    }

    /** Touches every value so that nothing is optimised away. */
    private static final class Summing extends RowSinkAdapter {
        long sum;

        @Override
        public void setLong(int column, long value) {
            sum += value;
        }

        @Override
        public void setDecimal(int column, long unscaled, int scale) {
            sum += unscaled;
        }

        @Override
        public void setString(int column, byte[] bytes, int offset, int length) {
            sum += length;
        }

        @Override
        public boolean endRow() {
            return true;
        }
    }
}
