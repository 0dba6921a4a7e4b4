package io.k2.floe.tiering.cold;

import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.ByteBuffers;
import org.apache.iceberg.util.DateTimeUtil;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A reusable block of rows of one cold schema, held column by column in Iceberg's internal representation, on its
 * way from the thread that reads warm rows to the thread that writes Parquet.
 *
 * <p>Fixed-width values (boolean, int, long, float, double, date, time, timestamps, decimals of up to 18 digits as
 * their unscaled value) are kept as {@code long}s, so that no value is boxed; strings, binary, fixed and uuid
 * values are copied into one byte arena; only decimals of more than 18 digits are objects. Memory is bounded by
 * {@link #capacity()} rows and, for variable-length values, by {@link #ARENA_LIMIT} (a batch reports itself
 * full when either is reached), plus the largest single value.
 *
 * <p>Filling appends at row {@link #rows()}; reading looks at the row {@link #at(int)} selected, through the
 * {@link StructLike} view (for partition keys) or directly (for the Parquet writer).
 */
final class ColdBatch implements StructLike {

    /** Rows per batch when the schema is narrow; wide schemas get fewer (see {@link #rowsFor}). */
    static final int MAX_ROWS = 4096;
    /** A batch is full once its variable-length values reach this many bytes. */
    static final int ARENA_LIMIT = 4 << 20;
    private static final int ARENA_INITIAL = 64 << 10;
    /** Budget of fixed-width slots per batch, to keep wide schemas' batches near the same memory. */
    private static final int SLOT_BUDGET = 256 << 10;

    /** How a column's values are held. */
    enum Storage { LONG, BYTES, OBJECT }

    private final Types.NestedField[] fields;
    private final Storage[] storage;
    private final int capacity;
    final long[][] longs;
    final boolean[][] nulls;
    final int[][] starts;
    final int[][] lengths;
    final Object[][] objects;
    byte[] arena;
    private int arenaUsed;
    private int rows;
    private int row;

    ColdBatch(Schema schema, int capacity) {
        List<Types.NestedField> columns = schema.columns();
        this.fields = columns.toArray(Types.NestedField[]::new);
        this.capacity = capacity;
        int n = fields.length;
        this.storage = new Storage[n];
        this.longs = new long[n][];
        this.nulls = new boolean[n][];
        this.starts = new int[n][];
        this.lengths = new int[n][];
        this.objects = new Object[n][];
        for (int c = 0; c < n; c++) {
            storage[c] = storageOf(fields[c]);
            nulls[c] = new boolean[capacity];
            switch (storage[c]) {
                case LONG -> longs[c] = new long[capacity];
                case BYTES -> {
                    starts[c] = new int[capacity];
                    lengths[c] = new int[capacity];
                }
                case OBJECT -> objects[c] = new Object[capacity];
            }
        }
        this.arena = new byte[ARENA_INITIAL];
    }

    /** Rows per batch for {@code schema}: {@link #MAX_ROWS}, fewer for schemas of more than 64 columns. */
    static int rowsFor(Schema schema) {
        int columns = Math.max(1, schema.columns().size());
        return Math.max(64, Math.min(MAX_ROWS, SLOT_BUDGET / columns));
    }

    /** How {@code field}'s values are held; only flat schemas of primitives are supported. */
    static Storage storageOf(Types.NestedField field) {
        Type type = field.type();
        return switch (type.typeId()) {
            case BOOLEAN, INTEGER, LONG, FLOAT, DOUBLE, DATE, TIME, TIMESTAMP -> Storage.LONG;
            case STRING, BINARY, FIXED, UUID -> Storage.BYTES;
            case DECIMAL -> ((Types.DecimalType) type).precision() <= 18 ? Storage.LONG : Storage.OBJECT;
            default -> throw new IllegalArgumentException("cold column '" + field.name() + "' has type " + type
                    + ", which the window writer does not write (flat schemas of primitive types only)");
        };
    }

    int capacity() {
        return capacity;
    }

    /** Rows filled so far. */
    int rows() {
        return rows;
    }

    /** True when no further row should be added: the row count or the byte arena reached its limit. */
    boolean isFull() {
        return rows >= capacity || arenaUsed >= ARENA_LIMIT;
    }

    Types.NestedField field(int column) {
        return fields[column];
    }

    Storage storage(int column) {
        return storage[column];
    }

    // ---- filling: each setter writes the value of the row being filled (index rows()) ----

    /** @throws IllegalArgumentException naming the column when it is required (Parquet would store a broken file) */
    void setNull(int column) {
        if (fields[column].isRequired()) {
            throw new IllegalArgumentException("null value for the required cold column '" + fields[column].name() + "'");
        }
        nulls[column][rows] = true;
    }

    /**
     * A decimal as its unscaled value and scale, as RowBinary carries Decimal32/64.
     *
     * @throws IllegalArgumentException when the scale is not the column's or the value has more digits than its
     *                                  precision (as Iceberg's own decimal writers refuse them)
     */
    void setDecimal(int column, long unscaled, int scale) {
        Types.DecimalType type = (Types.DecimalType) fields[column].type();
        if (scale != type.scale()) {
            throw notDecimal(column, BigDecimal.valueOf(unscaled, scale));
        }
        if (storage[column] == Storage.LONG) {
            long max = MAX_UNSCALED[type.precision()];
            if (unscaled > max || unscaled < -max) {
                throw notDecimal(column, BigDecimal.valueOf(unscaled, scale));
            }
            setLong(column, unscaled);
        } else {
            setObject(column, BigDecimal.valueOf(unscaled, scale));
        }
    }

    /** A decimal value; see {@link #setDecimal(int, long, int)}. */
    void setDecimal(int column, BigDecimal value) {
        Types.DecimalType type = (Types.DecimalType) fields[column].type();
        if (value.scale() != type.scale() || value.precision() > type.precision()) {
            throw notDecimal(column, value);
        }
        if (storage[column] == Storage.LONG) {
            setLong(column, value.unscaledValue().longValueExact());
        } else {
            setObject(column, value);
        }
    }

    private IllegalArgumentException notDecimal(int column, BigDecimal value) {
        return new IllegalArgumentException("cold column '" + fields[column].name() + "': " + value.toPlainString()
                + " is not a " + fields[column].type());
    }

    /** 10^p - 1: the largest unscaled value of a decimal of precision p (p ≤ 18). */
    private static final long[] MAX_UNSCALED = new long[19];

    static {
        long power = 1;
        for (int p = 0; p <= 18; p++) {
            MAX_UNSCALED[p] = power - 1;
            if (p < 18) {
                power *= 10;
            }
        }
    }

    /**
     * A value as Iceberg's generic {@link org.apache.iceberg.data.Record}s hold it (OffsetDateTime, LocalDate,
     * BigDecimal, String, byte[] for fixed, ByteBuffer for binary, UUID, boxed primitives), or already in the
     * internal representation (micros, days as numbers).
     */
    void setGeneric(int column, Object value) {
        if (value == null) {
            setNull(column);
            return;
        }
        Type type = fields[column].type();
        switch (type.typeId()) {
            case BOOLEAN -> setLong(column, ((Boolean) value) ? 1 : 0);
            case INTEGER -> setLong(column, ((Integer) value).longValue());
            case LONG -> setLong(column, (Long) value);
            case FLOAT -> setLong(column, Float.floatToRawIntBits((Float) value));
            case DOUBLE -> setLong(column, Double.doubleToRawLongBits((Double) value));
            case DATE -> setLong(column, value instanceof LocalDate d ? d.toEpochDay() : ((Integer) value).longValue());
            case TIME -> setLong(column, value instanceof LocalTime t ? DateTimeUtil.microsFromTime(t) : (Long) value);
            case TIMESTAMP -> setLong(column, switch (value) {
                case OffsetDateTime t -> DateTimeUtil.microsFromTimestamptz(t);
                case LocalDateTime t -> DateTimeUtil.microsFromTimestamp(t);
                default -> (Long) value;
            });
            case DECIMAL -> setDecimal(column, (BigDecimal) value);
            case STRING -> {
                byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
                setBytes(column, bytes, 0, bytes.length);
            }
            case UUID -> {
                UUID uuid = (UUID) value;
                setUuid(column, uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
            }
            case FIXED, BINARY -> {
                byte[] bytes = value instanceof ByteBuffer buffer ? ByteBuffers.toByteArray(buffer) : (byte[]) value;
                if (type instanceof Types.FixedType fixed && bytes.length != fixed.length()) {
                    throw new IllegalArgumentException("cold column '" + fields[column].name() + "': "
                            + bytes.length + " bytes is not a " + type);
                }
                setBytes(column, bytes, 0, bytes.length);
            }
            default -> throw new IllegalStateException("unexpected type " + type);
        }
    }

    void setLong(int column, long value) {
        longs[column][rows] = value;
        nulls[column][rows] = false;
    }

    void setObject(int column, Object value) {
        objects[column][rows] = value;
        nulls[column][rows] = false;
    }

    void setBytes(int column, byte[] bytes, int offset, int length) {
        int at = reserve(length);
        System.arraycopy(bytes, offset, arena, at, length);
        starts[column][rows] = at;
        lengths[column][rows] = length;
        nulls[column][rows] = false;
    }

    /** A uuid as Parquet stores it: 16 bytes, the most significant half first, big-endian. */
    void setUuid(int column, long mostSignificant, long leastSignificant) {
        int at = reserve(16);
        for (int i = 0; i < 8; i++) {
            arena[at + i] = (byte) (mostSignificant >>> (56 - 8 * i));
            arena[at + 8 + i] = (byte) (leastSignificant >>> (56 - 8 * i));
        }
        starts[column][rows] = at;
        lengths[column][rows] = 16;
        nulls[column][rows] = false;
    }

    /** The row being filled is complete. */
    void endRow() {
        rows++;
    }

    /** Empties the batch for reuse; an arena grown far beyond its limit by one huge value is let go. */
    void clear() {
        for (Object[] column : objects) {
            if (column != null) {
                Arrays.fill(column, 0, rows, null);
            }
        }
        rows = 0;
        row = 0;
        arenaUsed = 0;
        if (arena.length > 2 * ARENA_LIMIT) {
            arena = new byte[ARENA_INITIAL];
        }
    }

    private int reserve(int length) {
        int at = arenaUsed;
        long needed = (long) at + length;
        if (needed > arena.length) {
            long grown = Math.max(needed, 2L * arena.length);
            if (grown > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("a batch of rows cannot hold " + needed + " bytes of values");
            }
            arena = Arrays.copyOf(arena, (int) grown);
        }
        arenaUsed = (int) needed;
        return at;
    }

    // ---- reading ----

    /** Selects the row that {@link #get} and the Parquet writer look at. */
    ColdBatch at(int index) {
        this.row = index;
        return this;
    }

    /** The selected row. */
    int row() {
        return row;
    }

    @Override
    public int size() {
        return fields.length;
    }

    /** The selected row's value of {@code pos} in Iceberg's internal representation (e.g. micros as Long). */
    @Override
    public <T> T get(int pos, Class<T> javaClass) {
        return javaClass.cast(internalValue(pos, row));
    }

    @Override
    public <T> void set(int pos, T value) {
        throw new UnsupportedOperationException("a batch row is read-only");
    }

    Object internalValue(int column, int index) {
        if (nulls[column][index]) {
            return null;
        }
        Type type = fields[column].type();
        return switch (type.typeId()) {
            case BOOLEAN -> longs[column][index] != 0;
            case INTEGER, DATE -> (int) longs[column][index];
            case LONG, TIME, TIMESTAMP -> longs[column][index];
            case FLOAT -> Float.intBitsToFloat((int) longs[column][index]);
            case DOUBLE -> Double.longBitsToDouble(longs[column][index]);
            case DECIMAL -> storage[column] == Storage.OBJECT ? objects[column][index]
                    : BigDecimal.valueOf(longs[column][index], ((Types.DecimalType) type).scale());
            case STRING -> new String(arena, starts[column][index], lengths[column][index], StandardCharsets.UTF_8);
            case UUID -> {
                ByteBuffer bytes = ByteBuffer.wrap(arena, starts[column][index], 16);
                yield new UUID(bytes.getLong(), bytes.getLong());
            }
            case FIXED, BINARY -> ByteBuffer.wrap(Arrays.copyOfRange(arena, starts[column][index],
                    starts[column][index] + lengths[column][index]));
            default -> throw new IllegalStateException("unexpected type " + type);
        };
    }
}
