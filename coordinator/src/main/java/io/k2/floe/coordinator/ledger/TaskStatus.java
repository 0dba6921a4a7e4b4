package io.k2.floe.coordinator.ledger;

/**
 * A task's life: WAITING (for its upstreams, or for its table to be free) → SENT (a command attempt is out) →
 * SUCCEEDED, or RETRY_WAIT (backing off after a failed or timed-out attempt) → SENT again, or FAILED (an error a
 * retry cannot fix, or attempts exhausted). SKIPPED: never sent (table paused, an upstream failed).
 */
public enum TaskStatus {
    WAITING, SENT, RETRY_WAIT, SUCCEEDED, FAILED, SKIPPED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == SKIPPED;
    }
}
