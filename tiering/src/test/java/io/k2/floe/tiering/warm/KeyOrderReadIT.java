package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.Window;
import io.k2.floe.tiering.testing.WarmSql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reading a window part by part in key order ({@link WarmReader#readInKeyOrder}) against the real ClickHouse 18.16
 * of the local stack: eight parts over two days whose rows interleave, merges stopped so that they stay apart.
 */
class KeyOrderReadIT {

    private static final String SORTED = "floe_it_keyorder_" + Long.toHexString(System.nanoTime());
    private static final String UNSORTED = SORTED + "_by_time";
    /** 2026-11-01T00:00:00Z; the rows' trade days are this one and the next. */
    private static final long DAY_US = 1_793_491_200_000_000L;
    private static final Window WINDOW = new Window(Instant.parse("2026-11-03T00:00:00Z"), Instant.parse("2026-11-03T00:15:00Z"));
    private static final int INSERTS = 4;
    private static final int PER_SYMBOL_AND_DAY = 300;
    private static ClickHouseHttp http;

    @BeforeAll
    static void fill() throws IOException {
        http = WarmSql.httpFor(null);
        for (String table : List.of(SORTED, UNSORTED)) {
            String order = table.equals(SORTED) ? "(symbol, trade_time_us, trade_id)" : "(trade_time_us, symbol)";
            execute("CREATE TABLE " + table + " (symbol String, trade_id UInt64, price Decimal(18, 8), trade_time_us Int64,"
                    + " ingested_at DateTime) ENGINE = MergeTree"
                    + " PARTITION BY toYYYYMMDD(toDateTime(intDiv(trade_time_us, 1000000))) ORDER BY " + order);
            execute("SYSTEM STOP MERGES " + table);
            long lower = WINDOW.lower().getEpochSecond();
            for (int k = 0; k < INSERTS; k++) {
                // one INSERT per k: a part per day; part k holds every fourth second, so all parts interleave.
                // Every tenth row was ingested before the window and must not be read.
                execute("INSERT INTO " + table + " SELECT arrayElement(['ZZZ', 'AAA', 'BTCUSDT'], toUInt32(number % 3) + 1),"
                        + " number * 10 + " + k + ", toDecimal64(number % 97, 8) / 7,"
                        + " " + DAY_US + " + intDiv(number, " + 3 * PER_SYMBOL_AND_DAY + ") * 86400000000"
                        + " + (intDiv(number % " + 3 * PER_SYMBOL_AND_DAY + ", 3) * 4 + " + k + ") * 1000000 + number % 1000,"
                        + " toDateTime(if(number % 10 = 0, " + (lower - 5) + ", " + (lower + 1) + " + number % 800))"
                        + " FROM system.numbers LIMIT " + 2 * 3 * PER_SYMBOL_AND_DAY);
            }
        }
    }

    @AfterAll
    static void drop() throws IOException {
        execute("DROP TABLE IF EXISTS " + SORTED);
        execute("DROP TABLE IF EXISTS " + UNSORTED);
        http.close();
    }

    /** 8 streams: every part alone; 3: two parts alone, the other six together in one ClickHouse-sorted stream. */
    @ParameterizedTest(name = "{0} streams")
    @ValueSource(ints = {8, 3})
    void eightPartsMergedInTheWorkerGiveTheRowsClickHouseSortsInTheSameOrder(int streams) throws IOException {
        assertThat(activeParts(SORTED)).isEqualTo(2 * INSERTS);
        WarmWindowQuery query = query(SORTED);
        List<List<Object>> sorted = sortedByServer(query);
        assertThat(sorted).hasSize(INSERTS * 2 * 3 * PER_SYMBOL_AND_DAY * 9 / 10);

        RecordingSink merged = new RecordingSink(query.columns().size());
        long rows = new WarmReader(http).readInKeyOrder(query, WINDOW, merged, streams);

        assertThat(rows).isEqualTo(sorted.size());
        assertThat(merged.rows).containsExactlyElementsOf(sorted);
    }

    @Test
    void aWindowWithoutRowsReadsNothing() throws IOException {
        WarmWindowQuery query = query(SORTED);
        Window empty = new Window(Instant.parse("2026-11-04T00:00:00Z"), Instant.parse("2026-11-04T00:15:00Z"));
        RecordingSink merged = new RecordingSink(query.columns().size());
        assertThat(new WarmReader(http).readInKeyOrder(query, empty, merged, 8)).isZero();
        assertThat(merged.rows).isEmpty();
    }

    @Test
    void partsSortedByAnotherKeyAreRefusedNamingThePart() {
        WarmWindowQuery query = query(UNSORTED);
        RecordingSink merged = new RecordingSink(query.columns().size());
        assertThatThrownBy(() -> new WarmReader(http).readInKeyOrder(query, WINDOW, merged, 8))
                .isInstanceOf(KeyOrderException.class)
                .hasMessageContaining("part ")
                .hasMessageContaining("not in the cold order (partition, cluster-by)");
    }

    @Test
    void aTableReadWithFinalOrWithoutClusterColumnsIsNotReadInKeyOrder() {
        CatalogTable bronze = TableCatalog.load().get("bronze_trades_binance");
        List<WarmColumn> columns = columns(SORTED);
        assertThat(WarmReader.keyOrderUnsupported(new WarmWindowQuery(table(SORTED), columns, true)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("FINAL"));
        CatalogTable floatKey = new CatalogTable(bronze.id(), bronze.layer(), SORTED, SORTED, bronze.coldTable(),
                bronze.partition(), List.of("symbol", "price"), "ingested_at", "trade_time_us", bronze.timeEncoding(),
                bronze.keyColumns(), bronze.dependsOn(), bronze.bucket(), bronze.grace(), bronze.maintenance());
        List<WarmColumn> withFloat = List.of(columns.get(0), columns.get(1),
                ColdTypeMapping.column(SORTED, "price", "Float64", null), columns.get(3), columns.get(4));
        assertThat(WarmReader.keyOrderUnsupported(new WarmWindowQuery(floatKey, withFloat, false)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("price").contains("Float64"));
        assertThat(WarmReader.keyOrderUnsupported(query(SORTED))).isEmpty();
    }

    private static List<List<Object>> sortedByServer(WarmWindowQuery query) throws IOException {
        RecordingSink sink = new RecordingSink(query.columns().size());
        new WarmReader(http).read(query.window(WINDOW), query.settings(), query.columns(), sink);
        return sink.rows;
    }

    private static WarmWindowQuery query(String name) {
        return new WarmWindowQuery(table(name), columns(name), false);
    }

    private static CatalogTable table(String name) {
        CatalogTable bronze = TableCatalog.load().get("bronze_trades_binance");
        return new CatalogTable(bronze.id(), bronze.layer(), name, name, bronze.coldTable(), bronze.partition(),
                bronze.clusterBy(), "ingested_at", "trade_time_us", bronze.timeEncoding(), bronze.keyColumns(),
                bronze.dependsOn(), bronze.bucket(), bronze.grace(), bronze.maintenance());
    }

    private static List<WarmColumn> columns(String name) {
        try {
            return new WarmColumns(http).of(name, "trade_time_us", TableCatalog.load().get("bronze_trades_binance").timeEncoding());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long activeParts(String table) throws IOException {
        try (InputStream in = http.query("SELECT count() FROM system.parts WHERE active AND database = '"
                + http.database() + "' AND table = '" + table + "' FORMAT TabSeparated")) {
            return Long.parseLong(new String(in.readAllBytes()).strip());
        }
    }

    private static void execute(String sql) throws IOException {
        try (InputStream in = http.query(sql)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
