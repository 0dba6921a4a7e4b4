package io.k2.floe.generator;

import static io.k2.floe.generator.FeedFixtures.messages;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated market has the statistical features of real trade data. */
class MarketRealismTest {

    /** One day of BTC on Binance at a low rate: long enough for minute-return statistics. */
    private static final List<OutboundMessage> day = messages("--count", "170000", "--seed", "21", "--exchanges", "binance",
            "--symbols", "BTC", "--market-rate", "2", "--start-time", "2025-01-01T00:00:00Z",
            "--late-share", "0", "--duplicate-share", "0");

    @Test
    void minuteReturnsAreHeavyTailedAndTheirVolatilityClusters() {
        List<Double> returns = minuteLogReturns(day);
        assertThat(returns.size()).isGreaterThan(1000);
        double kurtosis = excessKurtosis(returns);
        assertThat(kurtosis).as("excess kurtosis of minute returns (normal: 0)").isGreaterThan(1.0);
        List<Double> squared = returns.stream().map(r -> r * r).toList();
        assertThat(autocorrelation(squared, 1)).as("autocorrelation of squared returns (no clustering: 0)")
                .isGreaterThan(0.05);
    }

    @Test
    void tradeSizesAreHeavyTailed() {
        List<Double> notionals = new ArrayList<>();
        for (OutboundMessage m : day) {
            notionals.add(m.trade().priceUnits() / 1e8 * m.trade().quantityUnits() / 1e8);
        }
        assertThat(excessKurtosis(notionals)).as("excess kurtosis of trade notionals").isGreaterThan(20);
        notionals.sort(Double::compare);
        double median = notionals.get(notionals.size() / 2);
        double p999 = notionals.get((int) (notionals.size() * 0.999));
        assertThat(median).isBetween(20.0, 500.0);
        assertThat(p999 / median).as("whales: 99.9th percentile against the median").isGreaterThan(100);
    }

    @Test
    void tradesArriveInBursts() {
        List<Double> gaps = new ArrayList<>();
        long previous = -1;
        for (OutboundMessage m : day) {
            long t = m.trade().tradeTimeUs();
            if (previous >= 0) {
                gaps.add((double) (t - previous));
            }
            previous = t;
        }
        double mean = gaps.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double sd = Math.sqrt(gaps.stream().mapToDouble(g -> (g - mean) * (g - mean)).average().orElseThrow());
        assertThat(sd / mean).as("coefficient of variation of inter-trade gaps (Poisson arrivals: 1)").isGreaterThan(1.5);
        long sameMicrosecond = gaps.stream().filter(g -> g == 0).count();
        assertThat(sameMicrosecond).as("fills of one taker order share a time").isGreaterThan(gaps.size() / 10);
    }

    @Test
    void bothSidesTradeAndBinanceCarriesMostOfTheVolume() {
        List<OutboundMessage> mixed = messages("--count", "50000", "--seed", "22", "--start-time", "2025-01-01T00:00:00Z");
        double buys = mixed.stream().filter(m -> m.trade().takerBuys()).count() / (double) mixed.size();
        assertThat(buys).isBetween(0.4, 0.6);
        double binance = mixed.stream().filter(m -> m.exchange() == Exchange.BINANCE).count() / (double) mixed.size();
        assertThat(binance).isBetween(0.7, 0.85);
    }

    private static List<Double> minuteLogReturns(List<OutboundMessage> messages) {
        List<Double> returns = new ArrayList<>();
        long minute = Long.MIN_VALUE;
        double lastPrice = Double.NaN;
        double previousClose = Double.NaN;
        for (OutboundMessage m : messages) {
            long thisMinute = m.trade().tradeTimeUs() / 60_000_000L;
            if (thisMinute != minute && !Double.isNaN(lastPrice)) {
                if (!Double.isNaN(previousClose)) {
                    returns.add(Math.log(lastPrice / previousClose));
                }
                previousClose = lastPrice;
            }
            minute = thisMinute;
            lastPrice = m.trade().priceUnits();
        }
        return returns;
    }

    static double excessKurtosis(List<Double> values) {
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double m2 = 0;
        double m4 = 0;
        for (double v : values) {
            double d = v - mean;
            m2 += d * d;
            m4 += d * d * d * d;
        }
        m2 /= values.size();
        m4 /= values.size();
        return m4 / (m2 * m2) - 3;
    }

    static double autocorrelation(List<Double> values, int lag) {
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double numerator = 0;
        double denominator = 0;
        for (int i = 0; i < values.size(); i++) {
            double d = values.get(i) - mean;
            denominator += d * d;
            if (i >= lag) {
                numerator += d * (values.get(i - lag) - mean);
            }
        }
        return numerator / denominator;
    }
}
