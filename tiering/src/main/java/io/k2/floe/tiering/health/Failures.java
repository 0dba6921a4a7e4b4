package io.k2.floe.tiering.health;

import io.k2.floe.tiering.security.Redaction;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns exception chains into one readable line for health responses, failed events and logs, without credentials:
 * libraries name connection strings in their messages (Iceberg's JDBC catalog "Failed to connect: jdbc:...?password=..."),
 * so the line goes through {@link Redaction} whoever builds it.
 */
public final class Failures {

    private Failures() {
    }

    /**
     * "ConnectException: Connection refused" style text for the innermost meaningful causes, without stack
     * traces, and with any credentials in the messages (URL user info, password=... pairs) masked.
     */
    public static String describe(Throwable failure) {
        Throwable current = unwrap(failure);
        StringBuilder text = new StringBuilder();
        int depth = 0;
        while (current != null && depth < 4) {
            String part = current.getClass().getSimpleName()
                    + (current.getMessage() == null || current.getMessage().isBlank() ? "" : ": " + current.getMessage());
            if (!text.toString().contains(part)) {
                if (!text.isEmpty()) {
                    text.append(" <- ");
                }
                text.append(part);
            }
            if (current.getCause() == current) {
                break;
            }
            current = current.getCause();
            depth++;
        }
        return Redaction.text(text.toString());
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
