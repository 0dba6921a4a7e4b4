package io.k2.floe.generator;

import static io.k2.floe.generator.FeedFixtures.messages;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TradeFeedTest {

    private static final String START = "2025-01-01T00:00:00Z";

    @Test
    void sameSeedAndOptionsGiveTheSameMessages() {
        List<OutboundMessage> first = messages("--count", "30000", "--seed", "42", "--start-time", START);
        List<OutboundMessage> second = messages("--count", "30000", "--seed", "42", "--start-time", START);
        assertThat(first).hasSameSizeAs(second);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i).payload()).as("message %d", i).isEqualTo(first.get(i).payload());
            assertThat(second.get(i).key()).isEqualTo(first.get(i).key());
            assertThat(second.get(i).kind()).isEqualTo(first.get(i).kind());
        }
    }

    @Test
    void anotherSeedGivesOtherMessages() {
        List<OutboundMessage> first = messages("--count", "1000", "--seed", "1", "--start-time", START);
        List<OutboundMessage> other = messages("--count", "1000", "--seed", "2", "--start-time", START);
        long identical = 0;
        for (int i = 0; i < first.size(); i++) {
            if (Arrays.equals(first.get(i).payload(), other.get(i).payload())) {
                identical++;
            }
        }
        assertThat(identical).isZero();
    }

    @Test
    void countIsExactAndLateAndDuplicateSharesMatchTheOptions() {
        List<OutboundMessage> all = messages("--count", "200000", "--seed", "3", "--start-time", START,
                "--late-share", "0.01", "--duplicate-share", "0.005");
        assertThat(all).hasSize(200_000);
        long late = all.stream().filter(m -> m.kind() == OutboundMessage.Kind.LATE).count();
        long duplicates = all.stream().filter(m -> m.kind() == OutboundMessage.Kind.DUPLICATE).count();
        // binomial: 200k * 0.01 = 2000 +- 45 (1 sigma); 200k * 0.005 = 1000 +- 32
        assertThat(late).isBetween(1800L, 2200L);
        assertThat(duplicates).isBetween(850L, 1150L);
    }

    @Test
    void defaultsProduceAboutHalfAPercentLateAndAFifthOfAPercentDuplicates() {
        List<OutboundMessage> all = messages("--count", "300000", "--seed", "4", "--start-time", START);
        double late = all.stream().filter(m -> m.kind() == OutboundMessage.Kind.LATE).count() / 300_000.0;
        double duplicates = all.stream().filter(m -> m.kind() == OutboundMessage.Kind.DUPLICATE).count() / 300_000.0;
        assertThat(late).isBetween(0.004, 0.006);
        assertThat(duplicates).isBetween(0.0015, 0.0025);
    }

    @Test
    void lateTradesArriveMinutesToHoursAfterNewerTrades() {
        List<OutboundMessage> all = messages("--count", "400000", "--seed", "5", "--start-time", START,
                "--market-rate", "50");
        long newestPublishedUs = Long.MIN_VALUE;
        int lateSeen = 0;
        int lateByMoreThanTwoMinutes = 0;
        for (OutboundMessage m : all) {
            if (m.kind() == OutboundMessage.Kind.LATE) {
                lateSeen++;
                assertThat(m.trade().tradeTimeUs()).isLessThan(newestPublishedUs);
                long lagSeconds = (newestPublishedUs - m.trade().tradeTimeUs()) / 1_000_000;
                assertThat(lagSeconds).isLessThanOrEqualTo((long) TradeFeed.MAX_LATENESS_SECONDS);
                if (lagSeconds >= TradeFeed.MIN_LATENESS_SECONDS - 1) {
                    lateByMoreThanTwoMinutes++;
                }
            } else if (m.kind() == OutboundMessage.Kind.ON_TIME) {
                assertThat(m.trade().tradeTimeUs()).isGreaterThanOrEqualTo(newestPublishedUs);
                newestPublishedUs = m.trade().tradeTimeUs();
            }
        }
        assertThat(lateSeen).isGreaterThan(1000);
        // Only the held-back trades flushed at the end of a --count run can be less late than the minimum.
        assertThat(lateByMoreThanTwoMinutes).isGreaterThan(lateSeen * 9 / 10);
    }

    @Test
    void duplicatesRepeatAnEarlierMessageByteForByte() {
        List<OutboundMessage> all = messages("--count", "100000", "--seed", "6", "--start-time", START,
                "--duplicate-share", "0.01");
        Set<String> published = new HashSet<>();
        int duplicates = 0;
        for (OutboundMessage m : all) {
            String payload = new String(m.payload());
            if (m.kind() == OutboundMessage.Kind.DUPLICATE) {
                duplicates++;
                assertThat(published).contains(payload);
            } else {
                assertThat(published.add(payload)).as("a trade published twice as an original").isTrue();
            }
        }
        assertThat(duplicates).isGreaterThan(500);
    }

    @Test
    void tradeIdsRunWithoutGapsPerInstrument() {
        List<OutboundMessage> all = messages("--count", "100000", "--seed", "7", "--start-time", START);
        Map<String, TreeSet<Long>> ids = new HashMap<>();
        Map<String, Long> first = new HashMap<>();
        for (OutboundMessage m : all) {
            String instrument = m.exchange().id() + " " + m.trade().instrument().exchangeSymbol();
            ids.computeIfAbsent(instrument, k -> new TreeSet<>()).add(m.trade().tradeId());
            first.put(instrument, m.trade().instrument().firstTradeId());
        }
        assertThat(ids).containsKeys("binance BTCUSDT", "kraken BTC/USD", "kraken BTC/USDT", "binance DOGEUSDT");
        ids.forEach((instrument, set) -> {
            assertThat(set.first()).as(instrument).isEqualTo(first.get(instrument));
            assertThat(set.last() - set.first() + 1).as(instrument + " has no gaps").isEqualTo(set.size());
        });
    }

    @Test
    void durationBoundsTheTradeTimes() {
        List<OutboundMessage> all = messages("--duration", "10m", "--seed", "8", "--start-time", START,
                "--market-rate", "100");
        long start = Instant.parse(START).toEpochMilli() * 1000;
        assertThat(all).isNotEmpty();
        assertThat(all).allSatisfy(m -> assertThat(m.trade().tradeTimeUs()).isBetween(start, start + 600_000_000L));
        // ~100 trades/s for 600 s
        assertThat(all.size()).isBetween(40_000, 90_000);
    }

    @Test
    void exchangesAndSymbolsCanBeChosen() {
        List<OutboundMessage> all = messages("--count", "5000", "--seed", "9", "--start-time", START,
                "--exchanges", "kraken", "--symbols", "eth,sol/usdc");
        assertThat(all).extracting(m -> m.trade().instrument().exchangeSymbol())
                .containsOnly("ETH/USD", "SOL/USDC");
        assertThat(all).allSatisfy(m -> assertThat(m.exchange()).isEqualTo(Exchange.KRAKEN));
    }
}
