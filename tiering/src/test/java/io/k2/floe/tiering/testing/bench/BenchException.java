package io.k2.floe.tiering.testing.bench;

/** A failure a bench step reports to its script as one clear line, without a stack trace. */
public final class BenchException extends RuntimeException {

    public BenchException(String message) {
        super(message);
    }
}
