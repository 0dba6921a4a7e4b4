package io.k2.floe.tiering.warm;

import java.util.Objects;

/**
 * The cold-tier (Iceberg) type of a warm column, as a small neutral model that the Iceberg side
 * translates one to one into {@code org.apache.iceberg.types.Types}: {@code INT} → IntegerType,
 * {@code LONG} → LongType, {@code DECIMAL} → DecimalType.of(precision, scale), {@code FIXED} →
 * FixedType.ofLength(length), {@code TIMESTAMPTZ} → TimestampType.withZone() (microseconds), ...
 *
 * @param kind      the Iceberg primitive
 * @param precision decimal precision, else 0
 * @param scale     decimal scale, else 0
 * @param length    fixed length in bytes, else 0
 * @param required  false when the warm column is Nullable (Iceberg optional field)
 */
public record ColdType(Kind kind, int precision, int scale, int length, boolean required) {

    /** Iceberg primitive types Floe writes. */
    public enum Kind { BOOLEAN, INT, LONG, FLOAT, DOUBLE, DECIMAL, STRING, FIXED, UUID, DATE, TIMESTAMPTZ }

    public ColdType {
        Objects.requireNonNull(kind, "kind");
    }

    public static ColdType of(Kind kind, boolean required) {
        return new ColdType(kind, 0, 0, 0, required);
    }

    public static ColdType decimal(int precision, int scale, boolean required) {
        return new ColdType(Kind.DECIMAL, precision, scale, 0, required);
    }

    public static ColdType fixed(int length, boolean required) {
        return new ColdType(Kind.FIXED, 0, 0, length, required);
    }

    /** Iceberg's spelling, e.g. {@code decimal(18, 8)}, {@code fixed[16]}, {@code timestamptz}, for logs and docs. */
    @Override
    public String toString() {
        String name = switch (kind) {
            case DECIMAL -> "decimal(" + precision + ", " + scale + ")";
            case FIXED -> "fixed[" + length + "]";
            default -> kind.name().toLowerCase(java.util.Locale.ROOT);
        };
        return (required ? "required " : "optional ") + name;
    }
}
