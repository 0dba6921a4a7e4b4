package io.k2.floe.tiering.catalog;

import java.util.Collection;

/** A table id or cold table name that the catalog does not hold. */
public class UnknownTableException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String table;

    public UnknownTableException(String table, Collection<String> known) {
        super("unknown table '" + table + "'; the catalog holds: " + String.join(", ", known));
        this.table = table;
    }

    /** The name that was looked up. */
    public String table() {
        return table;
    }
}
