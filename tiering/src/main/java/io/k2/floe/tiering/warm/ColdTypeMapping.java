package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.catalog.TimeEncoding;
import io.k2.floe.tiering.warm.ColdType.Kind;

/**
 * Maps a warm column's ClickHouse type to its cold (Iceberg) type. The reasons for each choice are in
 * docs/type-mapping.md; in short: widths that fit stay narrow, UInt64 becomes long with a per-value
 * range check, every time type becomes a microsecond timestamptz, and wrappers only decide
 * optional/required.
 */
public final class ColdTypeMapping {

    private ColdTypeMapping() {
    }

    /**
     * The column as offload reads it.
     *
     * @param table    warm table, for messages
     * @param column   column name
     * @param type     ClickHouse type string from system.columns
     * @param encoding how the column encodes time if it is the catalog's time column, else null
     */
    public static WarmColumn column(String table, String column, String type, TimeEncoding encoding) {
        ClickHouseType parsed = ClickHouseTypeParser.parse(table, column, type);
        WarmColumn.Conversion conversion = conversion(table, column, parsed, encoding);
        return new WarmColumn(table, column, parsed, cold(parsed, conversion), conversion);
    }

    private static WarmColumn.Conversion conversion(String table, String column, ClickHouseType type, TimeEncoding encoding) {
        if (encoding == null) {
            return WarmColumn.Conversion.NONE;
        }
        switch (encoding) {
            case EPOCH_MICROS, EPOCH_MILLIS -> {
                if (type.kind() != ClickHouseType.Kind.INT64) {
                    throw new UnsupportedColumnTypeException(table, column, type.text(),
                            "the catalog says " + encoding.configName() + ", which needs Int64");
                }
                return encoding == TimeEncoding.EPOCH_MICROS ? WarmColumn.Conversion.EPOCH_MICROS : WarmColumn.Conversion.EPOCH_MILLIS;
            }
            default -> {
                switch (type.kind()) {
                    case DATE, DATETIME, DATETIME64 -> {
                        return WarmColumn.Conversion.NONE;
                    }
                    default -> throw new UnsupportedColumnTypeException(table, column, type.text(),
                            "the catalog says " + encoding.configName() + ", which needs Date, DateTime or DateTime64");
                }
            }
        }
    }

    private static ColdType cold(ClickHouseType type, WarmColumn.Conversion conversion) {
        boolean required = !type.nullable();
        if (conversion != WarmColumn.Conversion.NONE) {
            return ColdType.of(Kind.TIMESTAMPTZ, required);
        }
        return switch (type.kind()) {
            case INT8, INT16, INT32, UINT8, UINT16 -> ColdType.of(Kind.INT, required);
            case INT64, UINT32, UINT64 -> ColdType.of(Kind.LONG, required);
            case FLOAT32 -> ColdType.of(Kind.FLOAT, required);
            case FLOAT64 -> ColdType.of(Kind.DOUBLE, required);
            case DECIMAL32, DECIMAL64, DECIMAL128 -> ColdType.decimal(type.precision(), type.scale(), required);
            case STRING, ENUM8, ENUM16 -> ColdType.of(Kind.STRING, required);
            case FIXED_STRING -> ColdType.fixed(type.length(), required);
            case UUID -> ColdType.of(Kind.UUID, required);
            case DATE -> ColdType.of(Kind.DATE, required);
            case DATETIME, DATETIME64 -> ColdType.of(Kind.TIMESTAMPTZ, required);
            case BOOL -> ColdType.of(Kind.BOOLEAN, required);
        };
    }
}
