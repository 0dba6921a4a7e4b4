package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.Window;
import io.k2.floe.tiering.testing.LocalStack;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GoldBarsTest {

    private static final TableCatalog CATALOG = TableCatalog.load();

    private static long micros(String instant) {
        return WarmWindowQuery.toMicros(Instant.parse(instant));
    }

    private static Window window(String lower, String upper) {
        return new Window(Instant.parse(lower), Instant.parse(upper));
    }

    private static GoldBars bars(String table) {
        return GoldBars.of(CATALOG.get(table), "silver_trades");
    }

    /** Comments and layout dropped, identifiers unquoted, so that two spellings of one query compare equal. */
    private static String normalized(String sql) {
        return sql.replaceAll("--[^\n]*", " ").replace("`", "").replaceAll("\\s+", " ")
                .replace("( ", "(").replace(" )", ")").strip();
    }

    @Test
    void theBarsAreComputedExactlyAsTheBarsViewOfTheirInterval() throws IOException {
        Path dir = LocalStack.repoRoot().resolve("deploy/clickhouse");
        Map<String, Long> intervals = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("gold-intervals.txt"))) {
            String[] fields = line.replaceAll("#.*", "").strip().split("\\s+");
            if (fields.length == 2) {
                intervals.put(fields[0], Long.parseLong(fields[1]));
            }
        }
        Matcher view = Pattern.compile("CREATE VIEW IF NOT EXISTS \\$\\{FLOE_CLICKHOUSE_DATABASE}\\.gold_ohlcv_\\$\\{INTERVAL}_bars AS"
                + "(.*?);", Pattern.DOTALL).matcher(Files.readString(dir.resolve("gold_ohlcv.sql.tmpl")));
        assertThat(view.find()).as("the _bars view in gold_ohlcv.sql.tmpl").isTrue();
        List<CatalogTable> gold = CATALOG.tables().stream().filter(CatalogTable::isGold).toList();
        assertThat(gold).hasSize(intervals.size());
        for (CatalogTable table : gold) {
            String interval = table.warmRead().replaceAll("^gold_ohlcv_(.*)_bars$", "$1");
            Long seconds = intervals.get(interval);
            assertThat(seconds).as(table.id() + ": interval " + interval + " in gold-intervals.txt").isNotNull();
            assertThat(table.bucket()).as(table.id()).hasValue(Duration.ofSeconds(seconds));
            String expanded = view.group(1)
                    .replace("${FLOE_CLICKHOUSE_DATABASE}.silver_trades", "silver_trades")
                    .replace("${INTERVAL_MICROS}", String.valueOf(seconds * 1_000_000L))
                    .replace("${INTERVAL_SECONDS}", String.valueOf(seconds));
            assertThat(normalized(GoldBars.of(table, "silver_trades").barsOver(null)))
                    .as("GoldBars must compute what gold_ohlcv.sql.tmpl's _bars view computes; change both together")
                    .isEqualTo(normalized(expanded));
        }
    }

    @Test
    void theRangesGoIntoTheFinalReadOfSilverWhereTheyPrune() {
        String sql = bars("gold_ohlcv_1h").select(TradeSelection.of(TimeRanges.of(0, 3_600_000_000L)));
        assertThat(sql).contains("toDateTime(intDiv(trade_time_us, 3600000000) * 3600) AS bucket_start")
                .contains("FROM `silver_trades` FINAL WHERE ((`trade_time_us` >= 0 AND `trade_time_us` < 3600000000))"
                        + ") GROUP BY symbol, bucket_start");
    }

    @Test
    void aWindowReadsTheWholeBucketsThatCloseInIt() {
        // 1m bars, 2m grace: closed in (10:00, 10:15.5] are the buckets starting 09:58 .. 10:12
        assertThat(bars("gold_ohlcv_1m").closedIn(window("2026-03-01T10:00:00Z", "2026-03-01T10:15:00.5Z")))
                .isEqualTo(TimeRanges.of(micros("2026-03-01T09:58:00Z"), micros("2026-03-01T10:13:00Z")));
        // a day closes 2 minutes after midnight: in the window holding 00:02, not before
        GoldBars day = bars("gold_ohlcv_1d");
        assertThat(day.closedIn(window("2026-03-01T10:00:00Z", "2026-03-01T10:15:00Z")).isEmpty()).isTrue();
        assertThat(day.closedIn(window("2026-03-01T23:55:00Z", "2026-03-02T00:02:00Z")))
                .isEqualTo(TimeRanges.of(micros("2026-03-01T00:00:00Z"), micros("2026-03-02T00:00:00Z")));
        assertThat(day.closedIn(window("2026-03-02T00:02:00Z", "2026-03-02T00:15:00Z")).isEmpty()).isTrue();
    }

    @Test
    void aRepairReadsThePartitionsBucketsClosedAtTheMarker() {
        GoldBars hour = bars("gold_ohlcv_1h");
        // bucket 10:00 closed at 11:02, 11:00 only at 12:02
        assertThat(hour.partition(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"),
                Instant.parse("2026-03-10T12:00:00Z")))
                .isEqualTo(TimeRanges.of(micros("2026-03-01T00:00:00Z"), micros("2026-03-10T11:00:00Z")));
        assertThat(hour.partition(Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-03-10T12:00:00Z")))
                .isEqualTo(TimeRanges.of(micros("2026-02-01T00:00:00Z"), micros("2026-03-01T00:00:00Z")));
        assertThat(hour.partition(Instant.parse("2026-04-01T00:00:00Z"), Instant.parse("2026-05-01T00:00:00Z"),
                Instant.parse("2026-03-10T12:00:00Z")).isEmpty()).isTrue();
    }

    @Test
    void newBarsOfLongClosedBucketsAreFoundWithoutFinalOnFewColumns() {
        GoldBars minute = bars("gold_ohlcv_1m");
        Window window = window("2026-03-01T10:00:00Z", "2026-03-01T10:15:00Z");
        long lower = micros("2026-03-01T10:00:00Z");
        long upper = micros("2026-03-01T10:15:00Z");
        String ingested = "(toInt64(toUInt32(`ingested_at`)) * 1000000)";
        String select = "SELECT min(`symbol`), max(`symbol`), toInt64(intDiv(`trade_time_us`, 60000000)) AS bucket"
                + " FROM `silver_trades` WHERE ";
        assertThat(minute.candidates(window, false))
                .isEqualTo(select + ingested + " > " + lower + " AND " + ingested + " <= " + upper
                        // buckets closed by lower: starting at 09:57 at the latest
                        + " AND `trade_time_us` < " + micros("2026-03-01T09:58:00Z")
                        + " GROUP BY cityHash64(`symbol`), bucket");
        TimeRanges ranges = TimeRanges.of(0, 60_000_000);
        assertThat(minute.withEarlierTrades(ranges, window, false)).isEqualTo(select
                + ranges.condition("`trade_time_us`") + " AND " + ingested + " <= " + lower
                + " GROUP BY cityHash64(`symbol`), bucket");
        TradeSelection some = TradeSelection.of(TimeRanges.none()).plus(List.of("BTC/USDT"), ranges);
        assertThat(minute.firstIngestedIn(some, window, false)).doesNotContain("FINAL")
                .isEqualTo(select + some.condition() + " GROUP BY cityHash64(`symbol`), bucket HAVING min(" + ingested
                        + ") > " + lower + " AND min(" + ingested + ") <= " + upper);
        // the exact form, asked when two symbols share a hash, groups by the symbol itself
        assertThat(minute.withEarlierTrades(ranges, window, true)).endsWith(" GROUP BY `symbol`, bucket");
    }

    @Test
    void bucketNumbersBecomeWholeBucketsOrTheirFirstMinute() {
        GoldBars minute = bars("gold_ohlcv_1m");
        assertThat(minute.buckets(List.of(29_541_000L, 29_540_000L, 29_540_001L)).ranges()).containsExactly(
                new TimeRanges.Range(29_540_000L * 60_000_000, 29_540_002L * 60_000_000),
                new TimeRanges.Range(29_541_000L * 60_000_000, 29_541_001L * 60_000_000));
        assertThat(minute.within(Duration.ofMinutes(1))).isTrue();
        GoldBars hour = bars("gold_ohlcv_1h");
        assertThat(hour.within(Duration.ofMinutes(1))).isFalse();
        assertThat(hour.starts(List.of(2L), Duration.ofMinutes(1)))
                .isEqualTo(TimeRanges.of(2 * 3_600_000_000L, 2 * 3_600_000_000L + 60_000_000L));
    }

    @Test
    void onlyGoldTablesWithWholeSecondBucketsHaveBars() {
        assertThatThrownBy(() -> GoldBars.of(CATALOG.get("silver_trades"), "silver_trades"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a gold table");
        assertThatThrownBy(() -> GoldBars.of(CATALOG.get("gold_ohlcv_1m"), "silver trades"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
