package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.catalog.TimeEncoding;
import io.k2.floe.tiering.messages.Window;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WarmWindowQueryTest {

    private static final TableCatalog CATALOG = TableCatalog.load();
    private static final Window WINDOW = new Window(Instant.parse("2026-03-01T10:00:00Z"),
            Instant.parse("2026-03-01T10:15:00.5Z"));

    private static List<WarmColumn> bronzeColumns() {
        return List.of(
                ColdTypeMapping.column("bronze_trades_binance", "symbol", "String", null),
                ColdTypeMapping.column("bronze_trades_binance", "trade_id", "UInt64", null),
                ColdTypeMapping.column("bronze_trades_binance", "trade_time_us", "Int64", TimeEncoding.EPOCH_MICROS),
                ColdTypeMapping.column("bronze_trades_binance", "ingested_at", "DateTime", null));
    }

    private static List<WarmColumn> goldColumns() {
        return List.of(
                ColdTypeMapping.column("gold_ohlcv_1m_bars", "symbol", "String", null),
                ColdTypeMapping.column("gold_ohlcv_1m_bars", "bucket_start", "DateTime", TimeEncoding.DATETIME),
                ColdTypeMapping.column("gold_ohlcv_1m_bars", "trade_count", "UInt64", null),
                ColdTypeMapping.column("gold_ohlcv_1m_bars", "ingested_at", "DateTime", null),
                ColdTypeMapping.column("gold_ohlcv_1m_bars", "first_ingested_at", "DateTime", null));
    }

    @Test
    void aBronzeWindowIsBoundedOnTheIngestionColumnAndOrderedByDayThenClusterColumns() {
        WarmWindowQuery query = new WarmWindowQuery(CATALOG.get("bronze_trades_binance"), bronzeColumns(), false);
        String sql = query.window(WINDOW);
        long lower = 1772359200L * 1_000_000L;
        assertThat(sql).startsWith("SELECT `symbol`, `trade_id`, `trade_time_us`, `ingested_at` FROM `bronze_trades_binance` WHERE ")
                .contains("(toInt64(toUInt32(`ingested_at`)) * 1000000) > " + lower)
                // an upper bound with a fraction of a second keeps its microseconds: a DateTime second is compared exactly
                .contains("(toInt64(toUInt32(`ingested_at`)) * 1000000) <= " + (lower + 900_500_000L))
                .endsWith(" ORDER BY intDiv(`trade_time_us`, 86400000000), `symbol`, `trade_time_us`")
                .doesNotContain("FINAL");
        assertThat(query.settings()).isEmpty();
    }

    @Test
    void aReplacingTableIsReadWithFinalAndNoConditionMovesToPrewhere() {
        CatalogTable silver = CATALOG.get("silver_trades");
        List<WarmColumn> columns = List.of(
                ColdTypeMapping.column("silver_trades", "exchange", "String", null),
                ColdTypeMapping.column("silver_trades", "symbol", "String", null),
                ColdTypeMapping.column("silver_trades", "trade_id", "UInt64", null),
                ColdTypeMapping.column("silver_trades", "trade_time_us", "Int64", TimeEncoding.EPOCH_MICROS),
                ColdTypeMapping.column("silver_trades", "ingested_at", "DateTime", null));
        WarmWindowQuery query = new WarmWindowQuery(silver, columns, true);
        assertThat(query.source()).isEqualTo("`silver_trades` FINAL");
        assertThat(query.settings()).isEqualTo(Map.of("optimize_move_to_prewhere", "0"));
        assertThat(query.window(WINDOW, 100, 200)).contains("`trade_time_us` >= 100 AND `trade_time_us` <= 200");
        assertThat(query.timeBounds(WINDOW)).startsWith("SELECT toInt64(min(`trade_time_us`)), toInt64(max(`trade_time_us`)), count() FROM `silver_trades` WHERE")
                .doesNotContain("FINAL");
    }

    @Test
    void aGoldWindowTakesTheBarsThatBecameFinalInIt() {
        WarmWindowQuery query = new WarmWindowQuery(CATALOG.get("gold_ohlcv_1m"), goldColumns(), false);
        String condition = query.windowCondition(WINDOW);
        String closedAt = "((toInt64(toUInt32(`bucket_start`)) * 1000000) + 180000000)"; // 1m bucket + 2m grace
        String first = "(toInt64(toUInt32(`first_ingested_at`)) * 1000000)";
        long lower = 1772359200L * 1_000_000L;
        long upper = lower + 900_500_000L;
        assertThat(condition).isEqualTo(closedAt + " <= " + upper + " AND " + first + " <= " + upper
                + " AND (" + closedAt + " > " + lower + " OR " + first + " > " + lower + ")");
        assertThat(query.window(WINDOW)).contains("FROM `gold_ohlcv_1m_bars` WHERE")
                .endsWith("ORDER BY toYYYYMM(toDateTime(intDiv((toInt64(toUInt32(`bucket_start`)) * 1000000), 1000000)), 'UTC'), `symbol`, `bucket_start`");
        assertThatThrownBy(() -> query.timeBounds(WINDOW)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aGoldWindowComputedFromSilverReadsOnlyItsRangesAndTakesTheSameBars() {
        WarmWindowQuery query = new WarmWindowQuery(CATALOG.get("gold_ohlcv_1m"), goldColumns(), false);
        GoldBars bars = GoldBars.of(CATALOG.get("gold_ohlcv_1m"), "silver_trades");
        TradeSelection trades = TradeSelection.of(bars.closedIn(WINDOW));
        String sql = query.window(WINDOW, bars, trades);
        assertThat(sql).isEqualTo("SELECT `symbol`, `bucket_start`, `trade_count`, `ingested_at`, `first_ingested_at` FROM ("
                        + bars.select(trades) + ") WHERE " + query.windowCondition(WINDOW) + " ORDER BY " + query.orderBy())
                .contains("FROM `silver_trades` FINAL WHERE " + trades.condition() + ")");
        // the FINAL read inside must not filter before its merge
        assertThat(query.settings()).isEqualTo(Map.of("optimize_move_to_prewhere", "0"));
        WarmWindowQuery bronze = new WarmWindowQuery(CATALOG.get("bronze_trades_binance"), bronzeColumns(), false);
        assertThatThrownBy(() -> bronze.window(WINDOW, bars, trades)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aGoldRepairComputedFromSilverReadsThePartitionsClosedBuckets() {
        WarmWindowQuery query = new WarmWindowQuery(CATALOG.get("gold_ohlcv_1m"), goldColumns(), false);
        GoldBars bars = GoldBars.of(CATALOG.get("gold_ohlcv_1m"), "silver_trades");
        String sql = query.partition("2026-03", WINDOW.upper(), bars);
        String view = query.partition("2026-03", WINDOW.upper());
        String condition = view.substring(view.indexOf(" WHERE "));
        TimeRanges read = bars.partition(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"),
                WINDOW.upper());
        assertThat(read).isEqualTo(TimeRanges.of(1772323200L * 1_000_000L, 1772359200L * 1_000_000L + 780_000_000L));
        assertThat(sql).isEqualTo(view.substring(0, view.indexOf(" FROM ")) + " FROM (" + bars.select(TradeSelection.of(read)) + ")"
                + condition);
    }

    @Test
    void aRepairReadsOnePartitionUpToTheMarker() {
        WarmWindowQuery query = new WarmWindowQuery(CATALOG.get("bronze_trades_binance"), bronzeColumns(), false);
        String sql = query.partition("2026-02-28", WINDOW.upper());
        long start = 1772236800L * 1_000_000L;
        assertThat(sql).contains("`trade_time_us` >= " + start + " AND `trade_time_us` < " + (start + 86_400_000_000L))
                .contains("(toInt64(toUInt32(`ingested_at`)) * 1000000) <= " + (1772359200L * 1_000_000L + 900_500_000L))
                .doesNotContain(" > " + 1772359200L * 1_000_000L);
        assertThatThrownBy(() -> query.partition("2026-02", WINDOW.upper()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2026-02");
    }

    @Test
    void rowsOfOnePartitionAreOrderedByTheClusterColumnsAloneSoACurrentClickHouseReadsThemInKeyOrder() {
        WarmWindowQuery query = new WarmWindowQuery(CATALOG.get("bronze_trades_binance"), bronzeColumns(), false);
        assertThat(query.partition("2026-02-28", WINDOW.upper())).endsWith(" ORDER BY `symbol`, `trade_time_us`");
        long day = 1772236800L * 1_000_000L; // 2026-02-28T00:00:00Z
        // a window's rows within one day: the partition term would be constant
        assertThat(query.window(WINDOW, day, day + 86_399_999_999L)).endsWith(" ORDER BY `symbol`, `trade_time_us`");
        // across midnight: grouped by day first, as the cold writer needs
        assertThat(query.window(WINDOW, day, day + 86_400_000_000L))
                .endsWith(" ORDER BY intDiv(`trade_time_us`, 86400000000), `symbol`, `trade_time_us`");
        assertThat(query.window(WINDOW, day - 1, day))
                .endsWith(" ORDER BY intDiv(`trade_time_us`, 86400000000), `symbol`, `trade_time_us`");
        WarmWindowQuery gold = new WarmWindowQuery(CATALOG.get("gold_ohlcv_1m"), goldColumns(), false);
        assertThat(gold.partition("2026-03", WINDOW.upper(), GoldBars.of(CATALOG.get("gold_ohlcv_1m"), "silver_trades")))
                .endsWith(" ORDER BY `symbol`, `bucket_start`");
        assertThat(query.partitionRows("2026-02-28", WINDOW.upper())).doesNotContain("ORDER BY");
    }

    @Test
    void aGoldReadWithoutFirstIngestionFailsNamingTheColumn() {
        List<WarmColumn> columns = goldColumns().subList(0, 4);
        assertThatThrownBy(() -> new WarmWindowQuery(CATALOG.get("gold_ohlcv_1m"), columns, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("first_ingested_at").hasMessageContaining("gold_ohlcv_1m_bars");
    }

    @Test
    void anOrderingColumnThatCannotBoundAWindowFailsNamingIt() {
        List<WarmColumn> columns = List.of(
                ColdTypeMapping.column("bronze_trades_binance", "symbol", "String", null),
                ColdTypeMapping.column("bronze_trades_binance", "trade_time_us", "Int64", TimeEncoding.EPOCH_MICROS),
                ColdTypeMapping.column("bronze_trades_binance", "ingested_at", "String", null));
        assertThatThrownBy(() -> new WarmWindowQuery(CATALOG.get("bronze_trades_binance"), columns, false))
                .isInstanceOf(UnsupportedColumnTypeException.class)
                .hasMessageContaining("ingested_at").hasMessageContaining("bronze_trades_binance");
        assertThatThrownBy(() -> new WarmWindowQuery(CATALOG.get("bronze_trades_binance"), columns.subList(0, 2), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ordering column 'ingested_at'");
    }

    @Test
    void awkwardColumnNamesFromSystemColumnsAreQuotedEverywhereTheyAppear() {
        // names a warm table's DDL may hold: read from system.columns, they must neither break nor change the query
        List<WarmColumn> columns = new java.util.ArrayList<>(bronzeColumns());
        columns.add(ColdTypeMapping.column("bronze_trades_binance", "a`b", "String", null));
        columns.add(ColdTypeMapping.column("bronze_trades_binance", "bid price", "Float64", null));
        columns.add(ColdTypeMapping.column("bronze_trades_binance", "select", "Int32", null));
        columns.add(ColdTypeMapping.column("bronze_trades_binance", "x` FROM system.tables --", "String", null));
        columns.add(ColdTypeMapping.column("bronze_trades_binance", "back\\slash", "UInt8", null));
        WarmWindowQuery query = new WarmWindowQuery(CATALOG.get("bronze_trades_binance"), columns, false);
        assertThat(query.window(WINDOW)).startsWith("SELECT `symbol`, `trade_id`, `trade_time_us`, `ingested_at`, "
                + "`a\\`b`, `bid price`, `select`, `x\\` FROM system.tables --`, `back\\\\slash` FROM `bronze_trades_binance` WHERE ");
        assertThat(query.partitionRows("2026-03-01", WINDOW.upper())).startsWith("SELECT `symbol`, `trade_id`, `trade_time_us`, "
                + "`ingested_at`, `a\\`b`, `bid price`, `select`, `x\\` FROM system.tables --`, `back\\\\slash` FROM ");
    }

    @Test
    void aColumnNameWithAControlCharacterIsRefusedNamingIt() {
        List<WarmColumn> columns = new java.util.ArrayList<>(bronzeColumns());
        columns.add(ColdTypeMapping.column("bronze_trades_binance", "bad\nname", "String", null));
        WarmWindowQuery query = new WarmWindowQuery(CATALOG.get("bronze_trades_binance"), columns, false);
        assertThatThrownBy(() -> query.window(WINDOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad\\u000Aname");
    }

    @Test
    void theWarmReadersSelectQuotesItsNames() {
        List<WarmColumn> columns = List.of(
                ColdTypeMapping.column("t", "a`b", "String", null),
                ColdTypeMapping.column("t", "order", "Int32", null));
        assertThat(WarmReader.select("my table", "FINAL", columns, "1 = 1"))
                .isEqualTo("SELECT `a\\`b`, `order` FROM `my table` FINAL WHERE 1 = 1");
    }

    @Test
    void tablesThatKeepCopiesUntilTheyMergeAreReadWithFinal() {
        assertThat(WarmColumns.mergesOnRead("ReplacingMergeTree")).isTrue();
        assertThat(WarmColumns.mergesOnRead("ReplicatedCollapsingMergeTree")).isTrue();
        assertThat(WarmColumns.mergesOnRead("MergeTree")).isFalse();
        assertThat(WarmColumns.mergesOnRead("View")).isFalse();
    }
}
