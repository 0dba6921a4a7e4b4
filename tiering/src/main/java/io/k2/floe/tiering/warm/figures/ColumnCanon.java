package io.k2.floe.tiering.warm.figures;

import io.k2.floe.tiering.warm.ClickHouseIdentifiers;
import io.k2.floe.tiering.warm.ClickHouseType;
import io.k2.floe.tiering.warm.WarmColumn;
import io.k2.floe.tiering.warm.WarmWindowQuery;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The canonical text of one column's value, written the same way by ClickHouse (an SQL expression over the warm
 * column) and by the auditor (from the value Iceberg returns for the cold column). It is the cold value's meaning, in
 * a form every ClickHouse release prints alike; see docs/audit.md, "The content checksum".
 *
 * <ul>
 *   <li>times (DateTime, DateTime64, Int64 epoch µs/ms read as timestamps): epoch microseconds, decimal</li>
 *   <li>Date: days since 1970-01-01, decimal</li>
 *   <li>integers: decimal; Bool: {@code 1} or {@code 0}</li>
 *   <li>Decimal: plain decimal as this ClickHouse server's {@code toString} prints it: the full scale on 18.16
 *       ({@code 1.50000000}), trailing fraction zeros trimmed on later releases ({@code 1.5}); see {@link DecimalText}</li>
 *   <li>Float32/64: the Float64's IEEE bits as little-endian hex without trailing zero bytes (what
 *       {@code hex(reinterpretAsString(toFloat64(x)))} gives); no decimal printing to disagree on</li>
 *   <li>String, Enum: byte length, {@code :}, the UTF-8 bytes — the length makes any separator inside safe</li>
 *   <li>FixedString: upper-case hex; UUID: the usual lower-case form</li>
 *   <li>NULL: {@code NULL}, which no other form can be</li>
 * </ul>
 */
public enum ColumnCanon {
    MICROS, DAYS, INTEGER, BOOL, DECIMAL, FLOAT_BITS, TEXT, HEX, UUID_TEXT;

    /** The text written for a NULL value. */
    public static final String NULL = "NULL";

    private static final byte[] NULL_BYTES = {'N', 'U', 'L', 'L'};
    private static final byte[] HEX_DIGITS = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The form of {@code column}, from its ClickHouse type and how offload converts it. */
    public static ColumnCanon of(WarmColumn column) {
        if (column.conversion() != WarmColumn.Conversion.NONE) {
            return MICROS;
        }
        ClickHouseType.Kind kind = column.warmType().kind();
        return switch (kind) {
            case DATETIME, DATETIME64 -> MICROS;
            case DATE -> DAYS;
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64 -> INTEGER;
            case BOOL -> BOOL;
            case DECIMAL32, DECIMAL64, DECIMAL128 -> DECIMAL;
            case FLOAT32, FLOAT64 -> FLOAT_BITS;
            case STRING, ENUM8, ENUM16 -> TEXT;
            case FIXED_STRING -> HEX;
            case UUID -> UUID_TEXT;
        };
    }

    /**
     * ClickHouse's expression for the canonical text of {@code column} (a String; for a Nullable column NULL becomes
     * {@value #NULL}). Works on ClickHouse 18.16 and on current releases.
     */
    public String sql(WarmColumn column) {
        String name = ClickHouseIdentifiers.quote(column.name());
        String text = switch (this) {
            case MICROS -> "toString(" + WarmWindowQuery.micros(column) + ")";
            case DAYS -> "toString(toUInt16(" + name + "))";
            case INTEGER -> "toString(" + name + ")";
            case BOOL -> "toString(toUInt8(" + name + "))";
            case DECIMAL -> "toString(" + name + ")";
            case FLOAT_BITS -> "hex(reinterpretAsString(toFloat64(" + name + ")))";
            case TEXT -> "concat(toString(length(toString(" + name + "))), ':', toString(" + name + "))";
            case HEX -> "hex(" + name + ")";
            case UUID_TEXT -> "toString(" + name + ")";
        };
        return column.warmType().nullable() ? "ifNull(" + text + ", '" + NULL + "')" : text;
    }

    /**
     * Appends the canonical text of the cold {@code value} (as Iceberg's generic reader returns it) to {@code out};
     * a decimal is written with {@code decimals} at {@code scale}, the column's.
     */
    public void append(Object value, RowBytes out, DecimalText decimals, int scale) {
        if (value == null) {
            out.append(NULL_BYTES);
            return;
        }
        switch (this) {
            case MICROS -> out.appendDecimal(micros(value));
            case DAYS -> out.appendDecimal(((LocalDate) value).toEpochDay());
            case INTEGER -> out.appendDecimal(((Number) value).longValue());
            case BOOL -> out.appendDecimal(((Boolean) value) ? 1 : 0);
            case DECIMAL -> out.appendAscii(decimals.format((BigDecimal) value, scale));
            case FLOAT_BITS -> floatBits(((Number) value).doubleValue(), out);
            case TEXT -> {
                byte[] utf8 = value.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.appendDecimal(utf8.length);
                out.append((byte) ':');
                out.append(utf8);
            }
            case HEX -> hex(bytes(value), out);
            case UUID_TEXT -> out.appendAscii(((UUID) value).toString());
        }
    }

    /** The cold value of a time column in epoch microseconds. */
    public static long micros(Object value) {
        if (value instanceof OffsetDateTime t) {
            return Math.addExact(Math.multiplyExact(t.toEpochSecond(), 1_000_000L), t.getNano() / 1_000);
        }
        if (value instanceof java.time.LocalDateTime t) {
            return micros(t.atOffset(java.time.ZoneOffset.UTC));
        }
        throw new IllegalArgumentException("not a timestamp: " + value.getClass().getName());
    }

    private static void floatBits(double value, RowBytes out) {
        long bits = Double.doubleToRawLongBits(value);
        int bytes = 8;
        while (bytes > 0 && ((bits >>> (8 * (bytes - 1))) & 0xff) == 0) {
            bytes--;
        }
        for (int i = 0; i < bytes; i++) {
            int b = (int) ((bits >>> (8 * i)) & 0xff);
            out.append(HEX_DIGITS[b >>> 4]);
            out.append(HEX_DIGITS[b & 0xf]);
        }
    }

    private static byte[] bytes(Object value) {
        if (value instanceof byte[] b) {
            return b;
        }
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] b = new byte[buffer.remaining()];
        buffer.get(b);
        return b;
    }

    private static void hex(byte[] bytes, RowBytes out) {
        for (byte value : bytes) {
            out.append(HEX_DIGITS[(value & 0xff) >>> 4]);
            out.append(HEX_DIGITS[value & 0xf]);
        }
    }
}
