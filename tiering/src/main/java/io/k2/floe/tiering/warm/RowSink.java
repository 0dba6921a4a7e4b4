package io.k2.floe.tiering.warm;

import java.math.BigDecimal;

/**
 * Receives decoded rows column by column, already in cold-tier terms (see {@link ColdType}), without
 * boxing. Column indexes are positions in the column list the reader was given. Byte arrays passed in
 * belong to the reader and are valid only during the call: copy what must outlive it.
 */
public interface RowSink {

    /** A NULL of a Nullable column. */
    void setNull(int column);

    /** Cold {@code boolean}. */
    void setBoolean(int column, boolean value);

    /** Cold {@code int}. */
    void setInt(int column, int value);

    /** Cold {@code long}. */
    void setLong(int column, long value);

    /** Cold {@code float}. */
    void setFloat(int column, float value);

    /** Cold {@code double}. */
    void setDouble(int column, double value);

    /** Cold {@code decimal(P, S)} with P ≤ 18: the unscaled value; the scale is the column's. */
    void setDecimal(int column, long unscaled, int scale);

    /** Cold {@code decimal(P, S)} with P > 18 (Decimal128). */
    void setDecimal(int column, BigDecimal value);

    /** Cold {@code string} from a ClickHouse String: its bytes as stored (UTF-8 unless the writer stored otherwise). */
    void setString(int column, byte[] bytes, int offset, int length);

    /** Cold {@code string} from an Enum: the value's name (a shared instance, never allocated per row). */
    void setEnumName(int column, String name);

    /** Cold {@code fixed[N]}. */
    void setFixed(int column, byte[] bytes, int offset, int length);

    /** Cold {@code uuid}, as {@link java.util.UUID}'s two halves. */
    void setUuid(int column, long mostSignificant, long leastSignificant);

    /** Cold {@code date}: days since 1970-01-01. */
    void setDate(int column, int epochDay);

    /** Cold {@code timestamptz}: microseconds since 1970-01-01T00:00:00Z. */
    void setTimestampMicros(int column, long micros);

    /** All columns of the row were set; return false to stop reading (the reader closes the stream). */
    boolean endRow();
}
