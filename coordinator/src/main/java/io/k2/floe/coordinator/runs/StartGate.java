package io.k2.floe.coordinator.runs;

import io.k2.floe.coordinator.ledger.SkipReason;

/** Whether a waiting offload task may have its first attempt now ({@link TaskDecisions#gate}). */
public sealed interface StartGate {

    /** Upstreams done, table free, not paused: plan its window and send it. */
    record Open() implements StartGate {
    }

    /** Not yet: an upstream task of the run is unfinished, or another offload of the table is out or due again. */
    record Wait(String why) implements StartGate {
    }

    /** Never: the task is skipped for {@code reason}. */
    record Skip(SkipReason reason) implements StartGate {
    }
}
