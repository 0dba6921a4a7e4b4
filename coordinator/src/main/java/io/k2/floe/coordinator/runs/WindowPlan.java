package io.k2.floe.coordinator.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The next window of a table within a run (R-INCREMENTAL, R-DAG, docs/requirements.md): from the table's committed marker (or, for a
 * table nothing was offloaded to yet, its first lower bound) up to the run's target, never past an upstream's
 * committed marker, and never wider than the widest window a command may carry.
 *
 * @param lower    exclusive lower bound: the committed marker the window continues from
 * @param upper    inclusive upper bound, the marker once committed
 * @param limitedBy what set {@code upper} when it is not the target: an upstream table id, or "max-window"
 */
public record WindowPlan(Instant lower, Instant upper, Optional<String> limitedBy) {

    /**
     * @param marker     the table's committed marker (empty: never offloaded)
     * @param firstLower where the first window of a never-offloaded table starts (exclusive)
     * @param target     where the run wants the marker
     * @param upstreams  committed marker of every upstream table (empty value: nothing committed yet)
     * @param maxWindow  the widest window
     * @return the window, or empty when there is nothing to offload now (already at the target, or an upstream is
     *         not ahead of the marker)
     */
    public static Optional<WindowPlan> next(Optional<Instant> marker, Instant firstLower, Instant target,
                                            Map<String, Optional<Instant>> upstreams, Duration maxWindow) {
        Instant lower = marker.orElse(firstLower);
        Instant upper = target;
        String limitedBy = null;
        for (Map.Entry<String, Optional<Instant>> upstream : upstreams.entrySet()) {
            Instant bound = upstream.getValue().orElse(Instant.MIN);
            if (bound.isBefore(upper)) {
                upper = bound;
                limitedBy = upstream.getKey();
            }
        }
        Instant widest = lower.plus(maxWindow);
        if (widest.isBefore(upper)) {
            upper = widest;
            limitedBy = "max-window";
        }
        if (!upper.isAfter(lower)) {
            return Optional.empty();
        }
        return Optional.of(new WindowPlan(lower, upper, Optional.ofNullable(limitedBy)));
    }
}
