package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.messages.Window;
import io.k2.floe.tiering.warm.GoldWindowRanges.Bar;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which trades a gold window reads, with the three cheap reads answered by hand. */
class GoldWindowRangesTest {

    private static final TableCatalog CATALOG = TableCatalog.load();
    private static final Window WINDOW = new Window(Instant.parse("2026-03-01T10:00:00Z"),
            Instant.parse("2026-03-01T10:15:00Z"));
    private static final long HOUR = 3_600_000_000L;
    /** Bucket numbers of the hours starting 06:00 and 07:00, long closed at 10:00. */
    private static final long SIX = Instant.parse("2026-03-01T06:00:00Z").getEpochSecond() / 3600;
    private static final long SEVEN = SIX + 1;

    /** Answers each read with the rows given for its kind, and records the reads. */
    private static final class Answers implements GoldWindowRanges.BarQuery {
        final Map<String, Set<Bar>> byKind;
        final Set<String> sharedHash;
        final List<String> asked = new ArrayList<>();

        Answers(Map<String, Set<Bar>> byKind) {
            this(byKind, Set.of());
        }

        /** {@code sharedHash}: kinds whose hashed query finds two symbols sharing a hash. */
        Answers(Map<String, Set<Bar>> byKind, Set<String> sharedHash) {
            this.byKind = byKind;
            this.sharedHash = sharedHash;
        }

        @Override
        public Optional<Set<Bar>> run(String sql) {
            asked.add(sql);
            // candidates: ingested in the window; earlier: ingested by its lower bound; first: earliest ingestion
            String kind = sql.contains(" HAVING ") ? "first"
                    : sql.contains(" <= " + WarmWindowQuery.toMicros(WINDOW.lower()) + " GROUP BY") ? "earlier"
                    : "candidates";
            if (sql.contains("cityHash64") && sharedHash.contains(kind)) {
                return Optional.empty();
            }
            return Optional.of(byKind.getOrDefault(kind, Set.of()));
        }
    }

    @Test
    void withoutLateTradesOnlyTheBucketsClosingInTheWindowAreRead() throws Exception {
        GoldBars hour = GoldBars.of(CATALOG.get("gold_ohlcv_1h"), "silver_trades");
        Answers answers = new Answers(Map.of());
        TradeSelection trades = GoldWindowRanges.of(answers, hour, WINDOW);
        // 1h + 2m grace: the bucket 08:00 closes at 09:02, 09:00 at 10:02, in the window
        assertThat(trades).isEqualTo(TradeSelection.of(TimeRanges.of(
                Instant.parse("2026-03-01T09:00:00Z").getEpochSecond() * 1_000_000L,
                Instant.parse("2026-03-01T10:00:00Z").getEpochSecond() * 1_000_000L)));
        assertThat(answers.asked).hasSize(1);
    }

    @Test
    void lateTradesIntoBarsThatExistedBeforeTheWindowAddNothing() throws Exception {
        GoldBars hour = GoldBars.of(CATALOG.get("gold_ohlcv_1h"), "silver_trades");
        Set<Bar> late = Set.of(new Bar("BTC/USDT", SIX), new Bar("ETH/USDT", SEVEN));
        Answers answers = new Answers(Map.of("candidates", late, "earlier", late));
        TradeSelection trades = GoldWindowRanges.of(answers, hour, WINDOW);
        assertThat(trades.symbols()).isEmpty();
        assertThat(answers.asked).hasSize(2);
        // the earlier trades are looked for in the first minute of each bucket, not in the whole hour
        assertThat(answers.asked.get(1)).contains("`trade_time_us` >= " + SIX * HOUR + " AND `trade_time_us` < "
                + (SIX * HOUR + 60_000_000L));
    }

    @Test
    void aBarWhoseFirstTradeCameInTheWindowIsReadFromItsWholeBucketOfItsSymbol() throws Exception {
        GoldBars hour = GoldBars.of(CATALOG.get("gold_ohlcv_1h"), "silver_trades");
        Bar fresh = new Bar("DOGE/USDT", SEVEN);
        Answers answers = new Answers(Map.of(
                "candidates", Set.of(new Bar("BTC/USDT", SIX), fresh),
                "earlier", Set.of(new Bar("BTC/USDT", SIX)),
                "first", Set.of(fresh)));
        TradeSelection trades = GoldWindowRanges.of(answers, hour, WINDOW);
        assertThat(trades.symbols()).containsExactly("DOGE/USDT");
        assertThat(trades.ofSymbols()).isEqualTo(TimeRanges.of(SEVEN * HOUR, SEVEN * HOUR + HOUR));
        assertThat(answers.asked).hasSize(3);
        // the whole-bucket check reads only the symbols still open
        assertThat(answers.asked.get(2)).contains("`symbol` IN ('DOGE/USDT')")
                .contains("`trade_time_us` >= " + SEVEN * HOUR + " AND `trade_time_us` < " + (SEVEN * HOUR + HOUR));
    }

    @Test
    void whenTwoSymbolsShareAHashTheReadIsAskedAgainGroupedByTheSymbol() throws Exception {
        GoldBars hour = GoldBars.of(CATALOG.get("gold_ohlcv_1h"), "silver_trades");
        Set<Bar> late = Set.of(new Bar("BTC/USDT", SIX));
        Answers answers = new Answers(Map.of("candidates", late, "earlier", late), Set.of("earlier"));
        assertThat(GoldWindowRanges.of(answers, hour, WINDOW).symbols()).isEmpty();
        assertThat(answers.asked).hasSize(3);
        assertThat(answers.asked.get(1)).contains("GROUP BY cityHash64(`symbol`), bucket");
        assertThat(answers.asked.get(2)).contains("GROUP BY `symbol`, bucket");
    }

    @Test
    void aMinuteBarWithoutEarlierTradesInItsMinuteIsNewWithoutAThirdRead() throws Exception {
        GoldBars minute = GoldBars.of(CATALOG.get("gold_ohlcv_1m"), "silver_trades");
        long bucket = Instant.parse("2026-03-01T09:30:00Z").getEpochSecond() / 60;
        Bar fresh = new Bar("ADA/USDT", bucket);
        Answers answers = new Answers(Map.of("candidates", Set.of(fresh)));
        TradeSelection trades = GoldWindowRanges.of(answers, minute, WINDOW);
        assertThat(trades.symbols()).containsExactly("ADA/USDT");
        assertThat(trades.ofSymbols()).isEqualTo(TimeRanges.of(bucket * 60_000_000L, (bucket + 1) * 60_000_000L));
        assertThat(answers.asked).hasSize(2);
    }
}
