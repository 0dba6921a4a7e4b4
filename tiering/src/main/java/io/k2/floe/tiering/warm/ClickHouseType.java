package io.k2.floe.tiering.warm;

import java.util.Arrays;
import java.util.Objects;

/**
 * A parsed ClickHouse column type, reduced to what decoding and mapping need. Wrappers are flags:
 * {@code LowCardinality(T)} reads like {@code T} in RowBinary, {@code Nullable(T)} adds a null byte.
 *
 * @param kind           the base type
 * @param nullable       wrapped in {@code Nullable}
 * @param lowCardinality wrapped in {@code LowCardinality}
 * @param precision      Decimal precision (digits); DateTime64 precision (0..9); 0 otherwise
 * @param scale          Decimal scale; 0 otherwise
 * @param length         FixedString length in bytes; 0 otherwise
 * @param timeZone       DateTime/DateTime64 time zone if the type names one, else null
 * @param enumValues     Enum8/Enum16 values; null otherwise
 * @param text           the type as ClickHouse spelled it
 */
public record ClickHouseType(Kind kind, boolean nullable, boolean lowCardinality, int precision, int scale,
                             int length, String timeZone, EnumValues enumValues, String text) {

    /** Base types Floe reads. */
    public enum Kind {
        INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FLOAT32, FLOAT64,
        DECIMAL32, DECIMAL64, DECIMAL128, STRING, FIXED_STRING, ENUM8, ENUM16, UUID,
        DATE, DATETIME, DATETIME64, BOOL
    }

    public ClickHouseType {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }

    /**
     * The names of an Enum8/Enum16, looked up by value without boxing (sorted codes, binary search).
     */
    public static final class EnumValues {
        private final int[] codes;
        private final String[] names;

        /** @param codes values, any order, distinct; @param names their names, same order */
        public EnumValues(int[] codes, String[] names) {
            if (codes.length != names.length) {
                throw new IllegalArgumentException("codes and names differ in length");
            }
            Integer[] order = new Integer[codes.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Integer.compare(codes[a], codes[b]));
            this.codes = new int[codes.length];
            this.names = new String[codes.length];
            for (int i = 0; i < order.length; i++) {
                this.codes[i] = codes[order[i]];
                this.names[i] = names[order[i]];
                if (i > 0 && this.codes[i] == this.codes[i - 1]) {
                    throw new IllegalArgumentException("enum value " + this.codes[i] + " appears twice");
                }
            }
        }

        /** The name of {@code code}, or null if the enum has no such value. */
        public String name(int code) {
            int at = Arrays.binarySearch(codes, code);
            return at < 0 ? null : names[at];
        }

        public int size() {
            return codes.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EnumValues other && Arrays.equals(codes, other.codes) && Arrays.equals(names, other.names);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(codes) * 31 + Arrays.hashCode(names);
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("{");
            for (int i = 0; i < codes.length; i++) {
                s.append(i == 0 ? "" : ", ").append(names[i]).append('=').append(codes[i]);
            }
            return s.append('}').toString();
        }
    }
}
