package io.k2.floe.tiering.health;

/**
 * One external dependency a service needs (broker, ClickHouse, catalog, object store, ledger database),
 * and how to find out whether it answers right now.
 *
 * <p>{@link #probe()} may block; {@link ProbeRunner} runs it off the caller's thread under a deadline, so an
 * implementation only needs its own client timeouts to stop it from hanging forever.
 */
public interface DependencyProbe {

    /** The dependency's name, used as the health check name so that a DOWN readiness names it. */
    String dependency();

    /**
     * Talks to the dependency once.
     *
     * @return what was seen when the dependency answered as needed
     * @throws Exception when it did not; the message must say what failed and must not contain credentials
     */
    ProbeResult probe() throws Exception;
}
