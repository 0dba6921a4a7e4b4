package io.k2.floe.tiering.cold;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.Layer;
import io.k2.floe.tiering.catalog.MaintenancePolicy;
import io.k2.floe.tiering.catalog.PartitionTransform;
import io.k2.floe.tiering.catalog.TimeEncoding;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A bronze_trades_binance-like cold table and generated rows for it, in the order the warm query delivers them:
 * by day, then symbol, then trade time.
 */
final class BronzeRows {

    static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT", "XRPUSDT");
    static final Instant FIRST_DAY = Instant.parse("2026-03-01T00:00:00Z");

    static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "symbol", Types.StringType.get()),
            Types.NestedField.required(2, "trade_id", Types.LongType.get()),
            Types.NestedField.required(3, "price", Types.DecimalType.of(18, 8)),
            Types.NestedField.required(4, "quantity", Types.DecimalType.of(18, 8)),
            Types.NestedField.required(5, "trade_time_us", Types.TimestampType.withZone()),
            Types.NestedField.required(6, "is_buyer_maker", Types.BooleanType.get()),
            Types.NestedField.required(7, "ingested_at", Types.TimestampType.withZone()));

    private BronzeRows() {
    }

    static CatalogTable table(String name) {
        return new CatalogTable(name, Layer.BRONZE, name, name, CatalogTable.COLD_NAMESPACE + "." + name,
                new PartitionTransform(PartitionTransform.Unit.DAY, "trade_time_us"),
                List.of("symbol", "trade_time_us"), "ingested_at", "trade_time_us", TimeEncoding.EPOCH_MICROS,
                List.of("trade_id"), List.of(), Optional.empty(), Duration.ZERO,
                MaintenancePolicy.defaults(Layer.BRONZE));
    }

    /**
     * Generates {@code perSymbolPerDay} trades for every symbol on each of {@code days} days. Trade ids are
     * unique; the trade id determines every other value ({@link #priceOf}), so a reader can check values.
     */
    static long generate(int days, int perSymbolPerDay, Consumer<Record> sink) {
        Record template = GenericRecord.create(SCHEMA);
        long tradeId = 0;
        long stepMicros = 86_400_000_000L / perSymbolPerDay;
        for (int day = 0; day < days; day++) {
            long dayStartMicros = FIRST_DAY.plus(Duration.ofDays(day)).toEpochMilli() * 1000;
            for (String symbol : SYMBOLS) {
                for (int i = 0; i < perSymbolPerDay; i++) {
                    tradeId++;
                    Record r = template.copy();
                    r.set(0, symbol);
                    r.set(1, tradeId);
                    r.set(2, priceOf(tradeId));
                    r.set(3, BigDecimal.valueOf(tradeId % 1000 + 1, 4).setScale(8));
                    r.set(4, micros(dayStartMicros + i * stepMicros));
                    r.set(5, (tradeId & 1) == 0);
                    r.set(6, micros(dayStartMicros + i * stepMicros + 1500));
                    sink.accept(r);
                }
            }
        }
        return tradeId;
    }

    static BigDecimal priceOf(long tradeId) {
        return BigDecimal.valueOf(60_000_00000000L + tradeId * 37 % 100_000_000L, 8);
    }

    static OffsetDateTime micros(long epochMicros) {
        return Instant.EPOCH.plus(Duration.ofNanos(epochMicros * 1000)).atOffset(ZoneOffset.UTC);
    }
}
