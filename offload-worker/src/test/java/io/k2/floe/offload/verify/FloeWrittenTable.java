package io.k2.floe.offload.verify;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.cold.ColdCommitter;
import io.k2.floe.tiering.cold.ColdTables;
import io.k2.floe.tiering.cold.ColdWriteConfig;
import io.k2.floe.tiering.cold.IcebergCatalogConfig;
import io.k2.floe.tiering.cold.IcebergCatalogType;
import io.k2.floe.tiering.cold.ObjectStoreConfig;
import io.k2.floe.tiering.cold.WindowWriter;
import io.k2.floe.tiering.messages.OffloadMarker;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A small cold table of {@code bronze_trades_binance}'s layout written through Floe's own cold-tier code (table
 * creation, window writer, committer with marker), in a catalog of its own so that the real catalog {@code floe}
 * is never touched. Two windows: the second brings late trades for the first day as well as a new day.
 */
final class FloeWrittenTable {

    /** The JDBC catalog name these tables live under; the JDBC catalog keys its rows by it. */
    static final String CATALOG_NAME = "floe_verify_it";

    static final List<String> SYMBOLS = List.of("BNBUSDT", "BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT");
    static final Instant FIRST_DAY = Instant.parse("2026-02-01T00:00:00Z");
    static final int PER_SYMBOL_PER_DAY = 200;
    static final int LATE_PER_SYMBOL = 20;
    /** Trades are 432 s apart (200 a day) and 123 µs past the second, so that microseconds must survive. */
    static final long STEP_MICROS = 432_000_000L;
    static final long OFFSET_MICROS = 123;

    /**
     * The cold schema Floe gives bronze_trades_binance (deploy/clickhouse/100_exchange_binance.sql mapped as
     * docs/type-mapping.md says: Int64 *_us and DateTime to timestamptz, UInt64 to long, UInt8 to int).
     */
    static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "event_type", Types.StringType.get()),
            Types.NestedField.required(2, "event_time_us", Types.TimestampType.withZone()),
            Types.NestedField.required(3, "symbol", Types.StringType.get()),
            Types.NestedField.required(4, "trade_id", Types.LongType.get()),
            Types.NestedField.required(5, "price", Types.DecimalType.of(18, 8)),
            Types.NestedField.required(6, "quantity", Types.DecimalType.of(18, 8)),
            Types.NestedField.required(7, "trade_time_us", Types.TimestampType.withZone()),
            Types.NestedField.required(8, "is_buyer_maker", Types.IntegerType.get()),
            Types.NestedField.required(9, "is_best_match", Types.IntegerType.get()),
            Types.NestedField.required(10, "ingested_at", Types.TimestampType.withZone()));

    private FloeWrittenTable() {
    }

    /** What was written, for comparison with what the independent reader sees. */
    record Written(CatalogTable table, long rows, Map<String, Long> rowsPerDay, Instant minTradeTime,
                   Instant maxTradeTime, OffloadMarker lastMarker) {
    }

    /**
     * Writes the table into {@code warehouse} ({@code s3://bucket/prefix} or a local directory) under
     * {@link #CATALOG_NAME}, as bronze_trades_binance is declared in Floe's table catalog but with a cold table
     * name of its own ({@code cold.bronze_trades_binance_<random>}).
     */
    static Written write(String warehouse) {
        String name = "bronze_trades_binance_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        CatalogTable table = TableCatalog.load(Map.of(
                "floe.catalog.tables.bronze_trades_binance.cold-table", "cold." + name)).get("bronze_trades_binance");
        Instant t0 = FIRST_DAY.plus(Duration.ofDays(3));
        Instant t1 = t0.plus(Duration.ofHours(1));
        Instant t2 = t1.plus(Duration.ofHours(1));
        OffloadMarker first = new OffloadMarker(t0, t1, "verify-cmd-1", "verify-run");
        OffloadMarker second = new OffloadMarker(t1, t2, "verify-cmd-2", "verify-run");
        long[] nextTradeId = new long[SYMBOLS.size()];
        try (ColdCatalogs catalogs = ColdCatalogs.open(catalog(warehouse), objectStore())) {
            Table cold = new ColdTables(catalogs.catalog(), ColdWriteConfig.DEFAULT_TARGET_FILE_SIZE)
                    .createIfMissing(table, SCHEMA);

            // window 1: days 0 and 1
            try (WindowWriter writer = WindowWriter.open(cold, first.commandId())) {
                for (int day = 0; day < 2; day++) {
                    writeDay(writer, day, PER_SYMBOL_PER_DAY, 0, nextTradeId, t1);
                }
                ColdCommitter.commit(cold, first, writer.finish().dataFiles());
            }
            // window 2: late trades of day 0 (midday on), then day 2, in partition order as the warm query gives them
            try (WindowWriter writer = WindowWriter.open(cold, second.commandId())) {
                writeDay(writer, 0, LATE_PER_SYMBOL, PER_SYMBOL_PER_DAY / 2, nextTradeId, t2);
                writeDay(writer, 2, PER_SYMBOL_PER_DAY, 0, nextTradeId, t2);
                ColdCommitter.commit(cold, second, writer.finish().dataFiles());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Long> perDay = new TreeMap<>();
        perDay.put(day(0), (long) SYMBOLS.size() * (PER_SYMBOL_PER_DAY + LATE_PER_SYMBOL));
        perDay.put(day(1), (long) SYMBOLS.size() * PER_SYMBOL_PER_DAY);
        perDay.put(day(2), (long) SYMBOLS.size() * PER_SYMBOL_PER_DAY);
        long rows = perDay.values().stream().mapToLong(Long::longValue).sum();
        Instant min = tradeTime(0, 0);
        Instant max = tradeTime(2, PER_SYMBOL_PER_DAY - 1);
        return new Written(table, rows, perDay, min, max, second);
    }

    /** Drops a table this class wrote, with its files. */
    static void drop(String warehouse, CatalogTable table) {
        try (ColdCatalogs catalogs = ColdCatalogs.open(catalog(warehouse), objectStore())) {
            catalogs.catalog().dropTable(ColdTables.identifier(table), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 2026-02-01} for day 0. */
    static String day(int day) {
        return FIRST_DAY.plus(Duration.ofDays(day)).atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static Instant tradeTime(int day, int i) {
        long micros = FIRST_DAY.plus(Duration.ofDays(day)).toEpochMilli() * 1000 + i * STEP_MICROS + OFFSET_MICROS;
        return Instant.EPOCH.plus(Duration.ofNanos(micros * 1000));
    }

    /** Rows of one day for every symbol, by symbol then trade time (the table's cluster order). */
    private static void writeDay(WindowWriter writer, int day, int perSymbol, int firstSlot, long[] nextTradeId,
                                 Instant ingestedAt) {
        Record template = GenericRecord.create(SCHEMA);
        for (int s = 0; s < SYMBOLS.size(); s++) {
            for (int i = firstSlot; i < firstSlot + perSymbol; i++) {
                long tradeId = ++nextTradeId[s];
                Instant traded = tradeTime(day, i);
                Record r = template.copy();
                r.setField("event_type", "trade");
                r.setField("event_time_us", traded.plusMillis(2).atOffset(ZoneOffset.UTC));
                r.setField("symbol", SYMBOLS.get(s));
                r.setField("trade_id", tradeId);
                r.setField("price", BigDecimal.valueOf(1_000_000_000_000L + tradeId * 37, 8));
                r.setField("quantity", BigDecimal.valueOf(tradeId % 1000 + 1, 4).setScale(8));
                r.setField("trade_time_us", traded.atOffset(ZoneOffset.UTC));
                r.setField("is_buyer_maker", (int) (tradeId & 1));
                r.setField("is_best_match", 1);
                r.setField("ingested_at", ingestedAt.atOffset(ZoneOffset.UTC));
                writer.write(r);
            }
        }
    }

    private static IcebergCatalogConfig catalog(String warehouse) {
        return new IcebergCatalogConfig() {
            public IcebergCatalogType catalogType() { return IcebergCatalogType.JDBC; }
            public String catalogUri() { return env("FLOE_JDBC_URL"); }
            public String catalogUser() { return env("FLOE_PG_USER"); }
            public Optional<String> catalogPassword() { return Optional.of(env("FLOE_PG_PASSWORD")); }
            public Optional<String> catalogToken() { return Optional.empty(); }
            public String catalogName() { return CATALOG_NAME; }
            public String warehouse() { return warehouse; }
        };
    }

    private static ObjectStoreConfig objectStore() {
        return new ObjectStoreConfig() {
            public Optional<String> endpoint() { return Optional.of(env("FLOE_S3_ENDPOINT")); }
            public String region() { return env("FLOE_S3_REGION"); }
            public String bucket() { return env("FLOE_S3_BUCKET"); }
            public Optional<String> accessKey() { return Optional.of(env("FLOE_S3_ACCESS_KEY")); }
            public Optional<String> secretKey() { return Optional.of(env("FLOE_S3_SECRET_KEY")); }
            public boolean pathStyle() { return true; }
        };
    }

    /** A setting of the local stack's env file; fails naming it when unset. */
    static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: start the local stack (deploy/local/up) and source"
                    + " its env file (. \"$(deploy/local/env)\")");
        }
        return value;
    }
}
