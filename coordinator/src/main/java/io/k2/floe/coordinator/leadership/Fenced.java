package io.k2.floe.coordinator.leadership;

import java.sql.SQLException;

/** Recognises the ledger's refusal of a write from a coordinator that does not hold the lease (migration V5). */
public final class Fenced {

    /** The SQLSTATE the fence trigger raises. */
    static final String SQL_STATE = "FL001";

    private Fenced() {
    }

    public static boolean isCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    if (SQL_STATE.equals(next.getSQLState())) {
                        return true;
                    }
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
