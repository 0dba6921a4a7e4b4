package io.k2.floe.tiering.cold;

import java.io.UncheckedIOException;

/** Tells a cold-tier outage (retried) from a failure of Floe's own (not retried) in what a task threw. */
public final class ColdOutages {

    private ColdOutages() {
    }

    /**
     * Whether {@code failure} or one of its causes is the catalog's database, the object store or the network being
     * away. Iceberg wraps those in its own runtime exceptions, so the whole cause chain is looked at.
     */
    public static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            if (t instanceof java.sql.SQLException || name.startsWith("software.amazon.awssdk.")
                    || t instanceof org.apache.iceberg.exceptions.RuntimeIOException
                    || t instanceof java.net.ConnectException || t instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }
}
