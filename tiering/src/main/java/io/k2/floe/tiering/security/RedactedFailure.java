package io.k2.floe.tiering.security;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;

/**
 * A stand-in for a logged exception whose message (or a cause's) holds credentials: the same class name, stack trace
 * and chain of causes as printed, with the messages {@link Redaction redacted}. Only ever logged, never thrown.
 */
final class RedactedFailure extends RuntimeException {

    /** Deeper chains are cut: no real chain is this long, and a cycle must not loop. */
    private static final int MAX_DEPTH = 16;

    private final String originalClass;

    private RedactedFailure(String originalClass, String message, Throwable cause) {
        super(message, cause, false, true);
        this.originalClass = originalClass;
    }

    /** Whether any message in the chain would change under redaction. */
    static boolean needed(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t) && seen.size() <= MAX_DEPTH; t = t.getCause()) {
            if (!Objects.equals(t.getMessage(), Redaction.text(t.getMessage()))) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (needed(suppressed)) {
                    return true;
                }
            }
        }
        return false;
    }

    static Throwable of(Throwable failure) {
        return copy(failure, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static Throwable copy(Throwable failure, Set<Throwable> seen) {
        if (failure == null || !seen.add(failure) || seen.size() > MAX_DEPTH) {
            return null;
        }
        RedactedFailure copy = new RedactedFailure(failure.getClass().getName(), Redaction.text(failure.getMessage()),
                copy(failure.getCause(), seen));
        copy.setStackTrace(failure.getStackTrace());
        for (Throwable suppressed : failure.getSuppressed()) {
            Throwable redacted = copy(suppressed, seen);
            if (redacted != null) {
                copy.addSuppressed(redacted);
            }
        }
        return copy;
    }

    /** Printed as the original would be: its class name, then the (redacted) message. */
    @Override
    public String toString() {
        String message = getLocalizedMessage();
        return message == null ? originalClass : originalClass + ": " + message;
    }
}
