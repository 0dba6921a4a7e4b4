package io.k2.floe.tiering.verdicts;

/** The verdict store could not be read or written; the message names the schema and table. */
public class VerdictStoreException extends RuntimeException {

    public VerdictStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
