package io.k2.floe.coordinator;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The coordinator's one source of "now": the run engine, the event handling and the marker reconciliation take it
 * injected instead of calling {@code Instant.now()}, so that their decisions (due retries, timeouts, run ends) can be
 * tested at chosen instants without waiting.
 */
public class ClockProducer {

    /** UTC, since every instant the ledger stores and every window bound is UTC. */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
