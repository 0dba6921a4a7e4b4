package io.k2.floe.tiering.warm;

/** The warm database has no table (or view) of that name. */
public class UnknownWarmTableException extends RuntimeException {

    public UnknownWarmTableException(String database, String table) {
        super("ClickHouse has no table " + database + "." + table);
    }
}
