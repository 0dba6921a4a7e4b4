package io.k2.floe.coordinator.runs;

import io.k2.floe.tiering.messages.ErrorTypes;

import java.time.Duration;
import java.util.Set;

/**
 * What the coordinator does with a failed attempt, by error type (docs/messages.md, docs/offload.md "Failures"):
 * send the same command again after a backoff, plan a new window from the cold table's marker, or give up.
 */
public final class RetryRules {

    /** What to do after a failed attempt. */
    public enum Reaction {
        /** Same command id, next attempt, after {@link #backoff}. */
        RETRY,
        /** The window did not fit the cold table's marker: re-read the marker and send a new window (new command id). */
        REPLAN,
        /** A retry cannot help: the task fails now. */
        GIVE_UP
    }

    /**
     * Errors a retry cannot fix: the command, the table or its data must change first. A lost marker is one: neither a
     * retry nor a new window can be right until an operator restores it (a replan would start from a guess).
     */
    private static final Set<String> FINAL = Set.of(ErrorTypes.MALFORMED_COMMAND, ErrorTypes.UNKNOWN_TABLE,
            ErrorTypes.NOT_IMPLEMENTED, ErrorTypes.UNSUPPORTED_TYPE, ErrorTypes.VALUE_OUT_OF_RANGE,
            ErrorTypes.NOT_VERIFIED, ErrorTypes.INVALID_COMMAND, ErrorTypes.NOTHING_TO_AUDIT, ErrorTypes.MARKER_LOST,
            ErrorTypes.REPAIR_WOULD_LOSE_ROWS, ErrorTypes.COLD_REFUSED);

    private static final Set<String> WINDOW = Set.of(ErrorTypes.WINDOW_GAP, ErrorTypes.WINDOW_REGRESSION);

    private final int maxAttempts;
    private final Duration base;
    private final Duration max;

    public RetryRules(int maxAttempts, Duration base, Duration max) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, got " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.base = base;
        this.max = max;
    }

    /**
     * @param errorType     the failed attempt's error type (open set: unknown codes are retried, like INTERNAL)
     * @param attemptsSoFar attempts made, the failed one included
     */
    public Reaction after(String errorType, int attemptsSoFar) {
        if (FINAL.contains(errorType) || attemptsSoFar >= maxAttempts) {
            return Reaction.GIVE_UP;
        }
        return WINDOW.contains(errorType) ? Reaction.REPLAN : Reaction.RETRY;
    }

    /** Wait before attempt {@code attemptsSoFar + 1}: base, 2 × base, 4 × base, ... at most max. */
    public Duration backoff(int attemptsSoFar) {
        int doublings = Math.max(0, Math.min(attemptsSoFar - 1, 30));
        Duration wait = base.multipliedBy(1L << doublings);
        return wait.compareTo(max) > 0 ? max : wait;
    }

    public int maxAttempts() {
        return maxAttempts;
    }
}
