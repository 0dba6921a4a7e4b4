package io.k2.floe.maintenance.bench;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.testing.bench.BenchException;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The analyst's query of the targets (docs/requirements.md#targets; "one symbol, one day": target p99 under 1 s) through Iceberg's own Java reader:
 * {@code symbol = S AND time in [day, day + 1)}, pushed down to file pruning (manifest and column statistics) and
 * Parquet row-group filtering, the residual filter applied to the rows read. {@code N} queries over random pairs of
 * the given symbols and days (seeded, so the before and after runs ask the same questions), after 10 untimed
 * warm-up queries (class loading, JIT); each query plans anew and reads every matching row.
 *
 * <p>Arguments: {@code N SEED SYMBOLS DAYS [PREFIX]}, symbols and days (ISO dates) comma-separated. Prints
 * {@code PREFIX_queries}, {@code _p50_ms}, {@code _p99_ms}, {@code _max_ms}, {@code _mean_rows}.
 */
final class SymbolDayQueries {

    private static final int WARM_UP = 10;

    private SymbolDayQueries() {
    }

    static void main(String[] args) throws Exception {
        if (args.length < 4) {
            throw new BenchException("usage: queries N SEED SYMBOLS DAYS [PREFIX]");
        }
        int n = Integer.parseInt(args[0]);
        Random random = new Random(Long.parseLong(args[1]));
        List<String> symbols = Arrays.asList(args[2].split(","));
        List<LocalDate> days = Arrays.stream(args[3].split(",")).map(LocalDate::parse).toList();
        String prefix = args.length > 4 ? args[4] + "_" : "";
        CatalogTable declaration = BenchTable.declaration();
        String timeColumn = declaration.timeColumn();
        try (ColdCatalogs catalogs = BenchTable.open()) {
            Table table = BenchTable.load(catalogs).orElseThrow(() -> new BenchException("the bench table is missing"));
            for (int i = 0; i < WARM_UP; i++) {
                count(table, filter(symbols.get(i % symbols.size()), days.get(i % days.size()), timeColumn));
            }
            List<Double> millis = new ArrayList<>();
            long rows = 0;
            for (int i = 0; i < n; i++) {
                Expression filter = filter(symbols.get(random.nextInt(symbols.size())),
                        days.get(random.nextInt(days.size())), timeColumn);
                long started = System.nanoTime();
                long found = count(table, filter);
                millis.add((System.nanoTime() - started) / 1e6);
                if (found == 0) {
                    throw new BenchException("query " + filter + " found no row: the bench table is not what the bench"
                            + " filled");
                }
                rows += found;
            }
            millis.sort(Double::compare);
            System.out.println(prefix + "queries=" + n);
            System.out.printf("%sp50_ms=%.1f%n", prefix, percentile(millis, 50));
            System.out.printf("%sp99_ms=%.1f%n", prefix, percentile(millis, 99));
            System.out.printf("%smax_ms=%.1f%n", prefix, millis.get(millis.size() - 1));
            System.out.println(prefix + "mean_rows=" + rows / n);
        }
    }

    private static Expression filter(String symbol, LocalDate day, String timeColumn) {
        long start = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
        long end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
        return Expressions.and(Expressions.equal("symbol", symbol),
                Expressions.and(Expressions.greaterThanOrEqual(timeColumn, start), Expressions.lessThan(timeColumn, end)));
    }

    private static long count(Table table, Expression filter) throws Exception {
        long rows = 0;
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).where(filter).build()) {
            for (Record ignored : records) {
                rows++;
            }
        }
        return rows;
    }

    /** Nearest-rank percentile of sorted values. */
    private static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
