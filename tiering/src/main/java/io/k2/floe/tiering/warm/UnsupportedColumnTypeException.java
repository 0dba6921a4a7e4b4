package io.k2.floe.tiering.warm;

/**
 * A warm-table column whose ClickHouse type Floe cannot offload (or cannot read). The message names
 * table, column and type, so the operator knows which column to change or leave out.
 */
public class UnsupportedColumnTypeException extends RuntimeException {

    private final String table;
    private final String column;
    private final String type;

    public UnsupportedColumnTypeException(String table, String column, String type, String reason) {
        super("table " + table + ", column " + column + ": unsupported ClickHouse type " + type
                + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")"));
        this.table = table;
        this.column = column;
        this.type = type;
    }

    public String table() {
        return table;
    }

    public String column() {
        return column;
    }

    public String type() {
        return type;
    }
}
