package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.catalog.TimeEncoding;
import io.k2.floe.tiering.testing.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import io.k2.floe.tiering.testing.WarmSql;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.k2.floe.tiering.warm.RecordingSink.NULL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Column discovery and RowBinary reading against the real ClickHouse 18.16 of the local stack
 * (FLOE_CLICKHOUSE_URL, _USER, _PASSWORD, _DATABASE; the warm-tier DDL applied).
 */
class WarmReadIT {

    private static final String TYPES = "floe_it_types_" + Long.toHexString(System.nanoTime());
    private static final String ARRAYS = "floe_it_arrays_" + Long.toHexString(System.nanoTime());
    private static ClickHouseHttp http;

    @BeforeAll
    static void connect() throws IOException {
        http = WarmSql.httpFor(null);
        execute("CREATE TABLE " + TYPES + " ("
                + "i8 Int8, i16 Int16, i32 Int32, i64 Int64, u8 UInt8, u16 UInt16, u32 UInt32, u64 UInt64,"
                + " f32 Float32, f64 Float64, d32 Decimal32(2), d64 Decimal(18, 8), d128 Decimal(38, 16),"
                + " s String, fs FixedString(4), lc LowCardinality(String), ns Nullable(String),"
                + " e8 Enum8('buy' = 1, 'sell' = -1, 'it\\'s' = 2), e16 Enum16('low' = -32768, 'high' = 32767),"
                + " id UUID, day Date, ts DateTime, ni Nullable(Int64), nd Nullable(Decimal(18, 8)), trade_time_us Int64"
                + ") ENGINE = Memory");
        execute("INSERT INTO " + TYPES + " VALUES "
                + "(-128, -32768, -2147483648, -9223372036854775808, 0, 0, 0, 0,"
                + " -1.5, -2.25, -9999999.99, -9999999999.99999999, '-1234567890123456789012.3456789012345678',"
                + " 'Zürich 東京', 'ab', 'BTC/USDT', NULL, 'sell', 'low',"
                + " '01234567-89ab-cdef-0011-223344556677', '1970-01-01', '1970-01-01 00:00:00', NULL, NULL, 0),"
                + "(127, 32767, 2147483647, 9223372036854775807, 255, 65535, 4294967295, 9223372036854775807,"
                + " 3.5, 1e300, 9999999.99, 9999999999.99999999, '9999999999999999999999.9999999999999999',"
                + " '', 'wxyz', '', 'x', 'it\\'s', 'high',"
                + " '00000000-0000-0000-0000-000000000000', '2105-12-31', '2105-12-31 23:59:59', -1, -0.00000001, 1743510896789123)");
        execute("CREATE TABLE " + ARRAYS + " (id UInt64, levels Array(Int32)) ENGINE = Memory");
    }

    @AfterAll
    static void drop() throws IOException {
        execute("DROP TABLE IF EXISTS " + TYPES);
        execute("DROP TABLE IF EXISTS " + ARRAYS);
        http.close();
    }

    private static void execute(String sql) throws IOException {
        try (InputStream in = http.query(sql)) {
            in.transferTo(OutputStreamSink.INSTANCE);
        }
    }

    @Test
    void everyTypeOf1816ReadsBackExactly() throws IOException {
        List<WarmColumn> columns = new WarmColumns(http).of(TYPES, "trade_time_us", TimeEncoding.EPOCH_MICROS);
        assertThat(columns).extracting(WarmColumn::name).containsExactly("i8", "i16", "i32", "i64", "u8", "u16", "u32",
                "u64", "f32", "f64", "d32", "d64", "d128", "s", "fs", "lc", "ns", "e8", "e16", "id", "day", "ts", "ni", "nd",
                "trade_time_us");
        RecordingSink sink = new RecordingSink(columns.size());
        long rows = new WarmReader(http).read(WarmReader.select(TYPES, "", columns, null) + " ORDER BY i8", columns, sink);

        assertThat(rows).isEqualTo(2);
        List<Object> min = sink.rows.get(0);
        List<Object> max = sink.rows.get(1);
        assertThat(min.subList(0, 10)).containsExactly(-128, -32768, Integer.MIN_VALUE, Long.MIN_VALUE, 0, 0, 0L, 0L, -1.5f, -2.25);
        assertThat(max.subList(0, 10)).containsExactly(127, 32767, Integer.MAX_VALUE, Long.MAX_VALUE, 255, 65535, 4294967295L,
                Long.MAX_VALUE, 3.5f, 1e300);
        assertThat(min.subList(10, 13)).containsExactly(new BigDecimal("-9999999.99"), new BigDecimal("-9999999999.99999999"),
                new BigDecimal("-1234567890123456789012.3456789012345678"));
        assertThat(max.subList(10, 13)).containsExactly(new BigDecimal("9999999.99"), new BigDecimal("9999999999.99999999"),
                new BigDecimal("9999999999999999999999.9999999999999999"));
        assertThat(min.get(13)).isEqualTo("Zürich 東京");
        assertThat((byte[]) min.get(14)).containsExactly('a', 'b', 0, 0);
        assertThat(min.subList(15, 19)).containsExactly("BTC/USDT", NULL, "sell", "low");
        assertThat(min.subList(19, 25)).containsExactly(UUID.fromString("01234567-89ab-cdef-0011-223344556677"),
                LocalDate.EPOCH, Instant.EPOCH, NULL, NULL, Instant.EPOCH);
        assertThat(max.get(13)).isEqualTo("");
        assertThat((byte[]) max.get(14)).containsExactly('w', 'x', 'y', 'z');
        assertThat(max.subList(15, 19)).containsExactly("", "x", "it's", "high");
        assertThat(max.subList(19, 25)).containsExactly(new UUID(0, 0), LocalDate.of(2105, 12, 31),
                Instant.parse("2105-12-31T23:59:59Z"), -1L, new BigDecimal("-0.00000001"),
                Instant.parse("2025-04-01T12:34:56.789123Z"));
    }

    @Test
    void theWarmTablesColumnsAllMap() throws IOException {
        List<String> tables = new ArrayList<>(List.of("bronze_trades_binance", "bronze_trades_kraken", "silver_trades"));
        for (String line : Files.readAllLines(LocalStack.repoRoot().resolve(Path.of("deploy/clickhouse/gold-intervals.txt")))) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                tables.add("gold_ohlcv_" + trimmed.split("\\s+")[0] + "_bars");
            }
        }
        assertThat(tables).hasSizeGreaterThanOrEqualTo(9);
        WarmColumns discovery = new WarmColumns(http);
        for (String table : tables) {
            boolean gold = table.startsWith("gold_");
            List<WarmColumn> columns = gold
                    ? discovery.of(table, "bucket_start", TimeEncoding.DATETIME)
                    : discovery.of(table, "trade_time_us", TimeEncoding.EPOCH_MICROS);
            Map<String, String> cold = columns.stream()
                    .collect(Collectors.toMap(WarmColumn::name, c -> c.coldType().toString()));
            assertThat(cold).as(table).containsEntry("ingested_at", "required timestamptz");
            if (gold) {
                assertThat(cold).as(table).containsEntry("bucket_start", "required timestamptz")
                        .containsEntry("open", "required decimal(18, 8)").containsEntry("vwap", "required decimal(38, 16)")
                        .containsEntry("trade_count", "required long");
            } else {
                assertThat(cold).as(table).containsEntry("trade_time_us", "required timestamptz")
                        .containsEntry("trade_id", "required long").containsEntry("price", "required decimal(18, 8)");
            }
        }
        Map<String, String> bronze = new WarmColumns(http).of("bronze_trades_binance", "trade_time_us", TimeEncoding.EPOCH_MICROS)
                .stream().collect(Collectors.toMap(WarmColumn::name, c -> c.coldType().toString()));
        assertThat(bronze).containsEntry("event_time_us", "required timestamptz").containsEntry("is_buyer_maker", "required int");
    }

    @Test
    void anUnsupportedColumnNamesTableAndColumn() {
        assertThatThrownBy(() -> new WarmColumns(http).of(ARRAYS, "id", TimeEncoding.DATETIME))
                .isInstanceOf(UnsupportedColumnTypeException.class);
        assertThatThrownBy(() -> new WarmColumns(http).of(ARRAYS, "none", null))
                .isInstanceOf(UnsupportedColumnTypeException.class)
                .hasMessage("table " + ARRAYS + ", column levels: unsupported ClickHouse type Array(Int32)");
    }

    @Test
    void anUnknownTableIsNamed() {
        assertThatThrownBy(() -> new WarmColumns(http).of("no_such_table", "t", null))
                .isInstanceOf(UnknownWarmTableException.class)
                .hasMessageContaining("no_such_table");
        assertThatThrownBy(() -> new WarmColumns(http).of("x'; DROP TABLE y; --", "t", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a plain identifier");
    }

    @Test
    void anErrorAfterTheResultStartedStreamingIsReported() {
        List<WarmColumn> columns = List.of(ColdTypeMapping.column("numbers", "x", "UInt8", null));
        RowBinaryDecoderTest.CountingSink sink = new RowBinaryDecoderTest.CountingSink();
        assertThatThrownBy(() -> new WarmReader(http).read("SELECT throwIf(number = 3000000) AS x FROM numbers(5000000)", columns, sink))
                .isInstanceOf(WarmReadException.class)
                .hasMessageContaining("after sending part of the result")
                .hasMessageContaining("Code: 395");
        assertThat(sink.rows).isPositive().isLessThanOrEqualTo(3_000_000);
        assertThat(sink.nonZero).isZero();
    }

    @Test
    void aUInt64AboveLongMaxFailsNamingTableColumnAndValue() {
        List<WarmColumn> columns = List.of(ColdTypeMapping.column("bronze_trades_binance", "trade_id", "UInt64", null));
        RecordingSink sink = new RecordingSink(1);
        assertThatThrownBy(() -> new WarmReader(http).read("SELECT toUInt64(18446744073709551615) AS trade_id", columns, sink))
                .isInstanceOf(WarmReadException.class)
                .hasMessageContaining("table bronze_trades_binance, column trade_id: value 18446744073709551615");
    }

    @Test
    void aQueryTheServerRefusesCarriesItsErrorText() {
        List<WarmColumn> columns = List.of(ColdTypeMapping.column("t", "x", "UInt8", null));
        assertThatThrownBy(() -> new WarmReader(http).read("SELECT nope FROM " + TYPES, columns, new RecordingSink(1)))
                .isInstanceOf(ClickHouseHttp.ClickHouseQueryException.class)
                .hasMessageContaining("nope");
    }

    /** Discards bytes. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
