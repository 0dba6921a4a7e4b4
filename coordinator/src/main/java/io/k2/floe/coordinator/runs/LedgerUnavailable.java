package io.k2.floe.coordinator.runs;

import java.sql.SQLException;
import java.sql.SQLTransientException;

/** Tells a failure to reach the ledger database (worth waiting out) from any other failure. */
public final class LedgerUnavailable {

    private LedgerUnavailable() {
    }

    /**
     * True when a cause of {@code failure} is a connection failure: PostgreSQL's SQL states of class 08 (connection
     * exception) and 57P (operator intervention: the server is shutting down), a transient SQL error, or the pool
     * finding no connection in time.
     */
    public static boolean isCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            String name = cause.getClass().getName();
            if (name.startsWith("io.agroal") || name.endsWith("JDBCConnectionException")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
