package io.k2.floe.coordinator.markers;

import io.k2.floe.coordinator.CoordinatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

/**
 * The warm rows up to each table's marker ({@link WarmRows}), counted at most once per table per marker and
 * {@code floe.coordinator.warm-count-max-age}. A count scans the table's warm rows up to the marker, so a dashboard
 * polling {@code GET /api/tables?counts=true} must not start one per table per request, nor several for one table
 * at the same time: requests arriving while a table is being counted wait for that count and share it.
 */
@ApplicationScoped
public class WarmRowCounts {

    /** A table's warm rows up to {@code marker}, as counted at {@code countedAt}. */
    public record Count(Instant marker, long rows, Instant countedAt) {

        public long ageSeconds(Instant now) {
            return Math.max(0, Duration.between(countedAt, now).toSeconds());
        }
    }

    private final BiFunction<String, Instant, Long> counter;
    private final Duration maxAge;
    private final Clock clock;
    private final Map<String, Count> counts = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> counting = new ConcurrentHashMap<>();

    @Inject
    public WarmRowCounts(WarmRows warmRows, CoordinatorConfig config) {
        this(warmRows::upTo, config.warmCountMaxAge(), Clock.systemUTC());
    }

    WarmRowCounts(BiFunction<String, Instant, Long> counter, Duration maxAge, Clock clock) {
        this.counter = counter;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /**
     * The table's count up to {@code marker}: the one kept if it is for this marker and younger than the max age,
     * else a new one (a failed count is not kept, and its error goes to the caller).
     */
    public Count upTo(String tableId, Instant marker) {
        Count kept = counts.get(tableId);
        if (usable(kept, marker)) {
            return kept;
        }
        ReentrantLock lock = counting.computeIfAbsent(tableId, id -> new ReentrantLock());
        lock.lock();
        try {
            // whoever held the lock before may just have counted it
            kept = counts.get(tableId);
            if (usable(kept, marker)) {
                return kept;
            }
            long rows = counter.apply(tableId, marker);
            Count fresh = new Count(marker, rows, clock.instant());
            counts.put(tableId, fresh);
            return fresh;
        } finally {
            lock.unlock();
        }
    }

    public Instant now() {
        return clock.instant();
    }

    private boolean usable(Count count, Instant marker) {
        return count != null && count.marker().equals(marker)
                && Duration.between(count.countedAt(), clock.instant()).compareTo(maxAge) < 0;
    }
}
