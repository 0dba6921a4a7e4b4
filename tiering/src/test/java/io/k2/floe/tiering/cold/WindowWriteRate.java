package io.k2.floe.tiering.cold;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TimeEncoding;
import io.k2.floe.tiering.warm.ColdTypeMapping;
import io.k2.floe.tiering.warm.RowBinaryDecoder;
import io.k2.floe.tiering.warm.WarmColumn;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Measurement, not a test: the offload's write path alone (RowBinary decoder, {@link ColdRowSink},
 * {@link WindowWriter}) over a saved RowBinary export of {@code bronze_trades_binance} rows (e.g. the worker's
 * query from {@code deploy/local/bench-offload}, saved with curl), into a cold table on local disk. Prints
 * rows/s, CPU per row (all threads of this JVM) and bytes per row and per column, for each run. Needs the local
 * stack's PostgreSQL (the JDBC catalog; with {@code -Ds3=true} the warehouse is on the local stack's S3). After {@code mvn -pl tiering test-compile}:
 * <pre>
 * . ~/.local/state/floe/floe.env
 * ./mvnw -B -ntp -o dependency:build-classpath -Dmdep.outputFile=/tmp/floe-cp.txt -Dmdep.includeScope=test -pl tiering
 * java -Xmx512m [-Dprops=name=value,...] -cp "tiering/target/classes:tiering/target/test-classes:$(cat /tmp/floe-cp.txt)" \
 *     io.k2.floe.tiering.cold.WindowWriteRate export.rowbinary [runs]
 * </pre>
 */
public final class WindowWriteRate {

    private WindowWriteRate() {
    }

    public static void main(String[] args) throws Exception {
        Path export = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String name = "bronze_trades_binance";
        List<WarmColumn> columns = new ArrayList<>();
        String[][] types = {
                {"event_type", "String"}, {"event_time_us", "Int64"}, {"symbol", "String"}, {"trade_id", "UInt64"},
                {"price", "Decimal(18, 8)"}, {"quantity", "Decimal(18, 8)"}, {"trade_time_us", "Int64"},
                {"is_buyer_maker", "UInt8"}, {"is_best_match", "UInt8"}, {"ingested_at", "DateTime"}};
        for (String[] t : types) {
            columns.add(ColdTypeMapping.column(name, t[0], t[1],
                    t[0].equals("trade_time_us") ? TimeEncoding.EPOCH_MICROS : null));
        }
        Schema schema = ColdSchemas.of(columns);
        boolean s3 = Boolean.getBoolean("s3");
        String warehouse = s3 ? "s3://" + ColdSettings.env("FLOE_S3_BUCKET") + "/write-rate-" + UUID.randomUUID()
                : Files.createTempDirectory("floe-write-rate").toString();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (ColdCatalogs catalogs = ColdCatalogs.open(ColdSettings.jdbcCatalog(warehouse),
                ColdSettings.localObjectStore())) {
            CatalogTable table = BronzeRows.table("rate_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
            Table cold = new ColdTables(catalogs.catalog(), ColdWriteConfig.DEFAULT_TARGET_FILE_SIZE)
                    .createIfMissing(table, schema);
            String extra = System.getProperty("props", "");
            if (!extra.isBlank()) {
                // e.g. -Dprops=write.parquet.page-version=v2,write.parquet.dict-encoding-enabled.column.price=false
                var update = cold.updateProperties();
                for (String kv : extra.split(",")) {
                    String[] p = kv.split("=", 2);
                    update.set(p[0].trim(), p[1].trim());
                }
                update.commit();
            }
            System.out.println("table properties: " + cold.properties());
            if (Boolean.getBoolean("decodeOnly")) {
                // the reading half alone: the decoder into a sink that drops every value
                for (int run = 1; run <= runs; run++) {
                    long cpu = os.getProcessCpuTime();
                    long begin = System.nanoTime();
                    long rows;
                    try (InputStream in = Files.newInputStream(export)) {
                        rows = new RowBinaryDecoder(columns).decode(in, new Folding());
                    }
                    double seconds = (System.nanoTime() - begin) / 1e9;
                    double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
                    System.out.printf("decode only, run %d: %,d rows in %.2f s = %,.0f rows/s; CPU %.3f us/row%n",
                            run, rows, seconds, rows / seconds, cpuSeconds * 1e6 / rows);
                }
            }
            ThreadCpu threads = new ThreadCpu();
            for (int run = 1; run <= runs; run++) {
                threads.take();
                long cpu = os.getProcessCpuTime();
                long begin = System.nanoTime();
                long rows;
                long finishing;
                WrittenFiles files;
                try (InputStream in = Files.newInputStream(export);
                     WindowWriter writer = WindowWriter.open(cold, "rate-" + run)) {
                    rows = new RowBinaryDecoder(columns).decode(in, new ColdRowSink(writer, cold.schema(), columns));
                    finishing = System.nanoTime();
                    files = writer.finish();
                    finishing = System.nanoTime() - finishing;
                }
                double seconds = (System.nanoTime() - begin) / 1e9;
                double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
                System.out.printf("  finish() after the last row: %.2f s%n", finishing / 1e9);
                System.out.println("  CPU by thread: " + threads.take());
                System.out.printf("run %d: %,d rows in %.2f s = %,.0f rows/s; CPU %.2f s = %.3f us/row; %d files, %.2f B/row%n",
                        run, rows, seconds, rows / seconds, cpuSeconds, cpuSeconds * 1e6 / rows,
                        files.dataFiles().size(), (double) files.sizeInBytes() / rows);
                if (run == runs) {
                    Map<String, Long> perColumn = new TreeMap<>();
                    for (DataFile file : files.dataFiles()) {
                        file.columnSizes().forEach((id, size) -> perColumn.merge(cold.schema().findColumnName(id), size, Long::sum));
                    }
                    long total = rows;
                    perColumn.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                            .forEach(e -> System.out.printf("  %-16s %6.2f B/row%n", e.getKey(), (double) e.getValue() / total));
                }
                for (String path : files.paths()) {
                    cold.io().deleteFile(path);
                }
            }
            catalogs.catalog().dropTable(ColdTables.identifier(table), true);
        }
    }

    /** Folds every value into a checksum, so that the decoder's work is not optimised away. */
    private static final class Folding implements io.k2.floe.tiering.warm.RowSink {
        long sum;

        public void setNull(int c) { sum++; }
        public void setBoolean(int c, boolean v) { sum += v ? 1 : 0; }
        public void setInt(int c, int v) { sum += v; }
        public void setLong(int c, long v) { sum += v; }
        public void setFloat(int c, float v) { sum += Float.floatToRawIntBits(v); }
        public void setDouble(int c, double v) { sum += Double.doubleToRawLongBits(v); }
        public void setDecimal(int c, long unscaled, int scale) { sum += unscaled; }
        public void setDecimal(int c, java.math.BigDecimal v) { sum += v.hashCode(); }
        public void setString(int c, byte[] b, int off, int len) { sum += len + (len > 0 ? b[off] : 0); }
        public void setEnumName(int c, String name) { sum += name.length(); }
        public void setFixed(int c, byte[] b, int off, int len) { sum += len; }
        public void setUuid(int c, long msb, long lsb) { sum += msb ^ lsb; }
        public void setDate(int c, int day) { sum += day; }
        public void setTimestampMicros(int c, long micros) { sum += micros; }
        public boolean endRow() { return true; }
    }

    /** CPU seconds per thread (grouped by name without digits), sampled every 50 ms so that ended threads count. */
    private static final class ThreadCpu {
        private final java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        private final Map<Long, long[]> seen = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<Long, String> names = new java.util.concurrent.ConcurrentHashMap<>();

        ThreadCpu() {
            Thread sampler = new Thread(() -> {
                while (true) {
                    sample();
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "cpu-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        private synchronized void sample() {
            for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long cpu = mx.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    seen.computeIfAbsent(info.getThreadId(), id -> new long[2])[1] = cpu;
                    names.put(info.getThreadId(), info.getThreadName().replaceAll("[0-9]+", "#"));
                }
            }
        }

        /** CPU per thread group since the last call. */
        synchronized String take() {
            sample();
            Map<String, Double> byName = new TreeMap<>();
            seen.forEach((id, cpu) -> {
                if (cpu[1] > cpu[0]) {
                    byName.merge(names.get(id), (cpu[1] - cpu[0]) / 1e9, Double::sum);
                }
                cpu[0] = cpu[1];
            });
            StringBuilder out = new StringBuilder();
            byName.forEach((name, secs) -> {
                if (secs >= 0.05) {
                    out.append(String.format("%s %.2f s; ", name, secs));
                }
            });
            return out.toString();
        }
    }
}
