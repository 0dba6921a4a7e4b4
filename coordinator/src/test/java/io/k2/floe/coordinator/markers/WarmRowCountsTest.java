package io.k2.floe.coordinator.markers;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Polling the tables with counts must not scan the warm tier once per request, nor twice at once for one table. */
class WarmRowCountsTest {

    private static final Instant MARKER = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant T0 = Instant.parse("2026-03-01T10:05:00Z");

    private final MovableClock clock = new MovableClock(T0);
    private final AtomicInteger counted = new AtomicInteger();

    @Test
    void aCountIsReusedForTheSameMarkerUntilItIsMaxAgeOldAndSaysHowOldItIs() {
        WarmRowCounts counts = new WarmRowCounts((table, marker) -> 1000L + counted.incrementAndGet(),
                Duration.ofMinutes(10), clock);

        WarmRowCounts.Count first = counts.upTo("bronze_trades_binance", MARKER);
        clock.now = T0.plus(Duration.ofMinutes(9));
        WarmRowCounts.Count again = counts.upTo("bronze_trades_binance", MARKER);

        assertThat(counted).hasValue(1);
        assertThat(again).isEqualTo(first);
        assertThat(again.rows()).isEqualTo(1001);
        assertThat(again.countedAt()).isEqualTo(T0);
        assertThat(again.ageSeconds(clock.instant())).isEqualTo(540);

        clock.now = T0.plus(Duration.ofMinutes(10));
        WarmRowCounts.Count recounted = counts.upTo("bronze_trades_binance", MARKER);
        assertThat(counted).hasValue(2);
        assertThat(recounted.rows()).isEqualTo(1002);
        assertThat(recounted.countedAt()).isEqualTo(clock.instant());
        assertThat(recounted.ageSeconds(clock.instant())).isZero();
    }

    @Test
    void aMovedMarkerOrAnotherTableIsCountedAtOnce() {
        WarmRowCounts counts = new WarmRowCounts((table, marker) -> (long) counted.incrementAndGet(),
                Duration.ofMinutes(10), clock);

        counts.upTo("bronze_trades_binance", MARKER);
        WarmRowCounts.Count moved = counts.upTo("bronze_trades_binance", MARKER.plus(Duration.ofMinutes(15)));
        WarmRowCounts.Count other = counts.upTo("bronze_trades_kraken", MARKER);

        assertThat(counted).hasValue(3);
        assertThat(moved.marker()).isEqualTo(MARKER.plus(Duration.ofMinutes(15)));
        assertThat(other.rows()).isEqualTo(3);
    }

    @Test
    void requestsArrivingWhileATableIsCountedShareThatOneCount() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WarmRowCounts counts = new WarmRowCounts((table, marker) -> {
            counted.incrementAndGet();
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 42L;
        }, Duration.ofMinutes(10), clock);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<WarmRowCounts.Count>> answers = new ArrayList<>();
            answers.add(pool.submit(() -> counts.upTo("silver_trades", MARKER)));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 7; i++) {
                answers.add(pool.submit(() -> counts.upTo("silver_trades", MARKER)));
            }
            Thread.sleep(200); // the seven wait on the first count
            release.countDown();
            for (Future<WarmRowCounts.Count> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS).rows()).isEqualTo(42);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(counted).hasValue(1);
    }

    @Test
    void aFailedCountIsNotKept() {
        WarmRowCounts counts = new WarmRowCounts((table, marker) -> {
            if (counted.incrementAndGet() == 1) {
                throw new IllegalStateException("ClickHouse down");
            }
            return 7L;
        }, Duration.ofMinutes(10), clock);

        assertThatThrownBy(() -> counts.upTo("gold_ohlcv_1m", MARKER)).hasMessage("ClickHouse down");
        assertThat(counts.upTo("gold_ohlcv_1m", MARKER).rows()).isEqualTo(7);
    }

    private static final class MovableClock extends Clock {

        volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
