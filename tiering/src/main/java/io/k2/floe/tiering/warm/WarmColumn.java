package io.k2.floe.tiering.warm;

import java.util.Objects;

/**
 * One column of a warm table as offload reads it: its ClickHouse type, the cold type it becomes, and
 * how the decoder converts values on the way (see {@link ColdTypeMapping}).
 *
 * @param table      the warm table, for error messages
 * @param name       the column name
 * @param warmType   parsed ClickHouse type
 * @param coldType   Iceberg type it is written as
 * @param conversion what the decoder does to each value
 */
public record WarmColumn(String table, String name, ClickHouseType warmType, ColdType coldType, Conversion conversion) {

    /** How a raw RowBinary value becomes the cold value. */
    public enum Conversion {
        /** The value as decoded for its type. */
        NONE,
        /** Int64 epoch microseconds → timestamptz. */
        EPOCH_MICROS,
        /** Int64 epoch milliseconds → timestamptz (× 1000). */
        EPOCH_MILLIS
    }

    public WarmColumn {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(warmType, "warmType");
        Objects.requireNonNull(coldType, "coldType");
        Objects.requireNonNull(conversion, "conversion");
    }
}
