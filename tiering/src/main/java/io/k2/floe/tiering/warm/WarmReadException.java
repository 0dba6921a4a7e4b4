package io.k2.floe.tiering.warm;

/**
 * Reading from the warm tier failed: the server refused the query, reported an error after the
 * result had started streaming, the stream ended inside a row, or a value cannot be represented in the
 * cold type. The message says which, with the server's own text when there is one.
 */
public class WarmReadException extends RuntimeException {

    public WarmReadException(String message) {
        super(message);
    }

    public WarmReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
