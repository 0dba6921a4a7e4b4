package io.k2.floe.tiering.warm;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * Decodes a RowBinary stream row by row into a {@link RowSink}, converting each value to its cold type
 * on the way (little-endian integers; strings as LEB128 length + bytes; Nullable = one null byte
 * first; LowCardinality = the inner type; Enum = its number, passed on as its name; Decimal = the
 * unscaled integer of 4, 8 or 16 bytes; UUID = two little-endian 64-bit halves, high half first;
 * Date = UInt16 days; DateTime = UInt32 seconds; DateTime64(p) = Int64 ticks of 10^-p s; Bool = UInt8).
 * Memory is bounded by the buffer, independent of the number of rows.
 */
public final class RowBinaryDecoder {

    /** Default read buffer: large enough that the decoder rarely waits on small socket reads. */
    public static final int DEFAULT_BUFFER = 1 << 20;

    private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L};

    private final WarmColumn[] columns;
    private final ClickHouseType.Kind[] kinds;
    private final boolean[] nullable;
    private final long[] factors;

    public RowBinaryDecoder(List<WarmColumn> columns) {
        this.columns = columns.toArray(WarmColumn[]::new);
        this.kinds = new ClickHouseType.Kind[this.columns.length];
        this.nullable = new boolean[this.columns.length];
        this.factors = new long[this.columns.length];
        for (int i = 0; i < this.columns.length; i++) {
            WarmColumn c = this.columns[i];
            kinds[i] = c.warmType().kind();
            nullable[i] = c.warmType().nullable();
            if (c.warmType().kind() == ClickHouseType.Kind.DATETIME64) {
                int p = c.warmType().precision();
                factors[i] = p <= 6 ? POW10[6 - p] : POW10[p - 6];
            }
        }
    }

    /**
     * Reads every row of {@code in} into {@code sink} (until the sink asks to stop); returns the number of
     * rows. Throws {@link WarmReadException} for a server error in the stream, a stream that ends inside a
     * row, or a value the cold type cannot hold.
     */
    public long decode(InputStream in, RowSink sink) throws IOException {
        return decode(in, sink, DEFAULT_BUFFER);
    }

    public long decode(InputStream in, RowSink sink, int bufferSize) throws IOException {
        RowBinaryInput input = new RowBinaryInput(in, bufferSize);
        long rows = 0;
        while (!input.startRow()) {
            rows++;
            if (!decodeRow(input, sink)) {
                break;
            }
        }
        return rows;
    }

    /** Decodes the row at the input's position into {@code sink}; returns what the sink's {@code endRow} said. */
    boolean decodeRow(RowBinaryInput input, RowSink sink) throws IOException {
        for (int c = 0; c < columns.length; c++) {
            if (nullable[c] && input.readByte() != 0) {
                sink.setNull(c);
                continue;
            }
            value(input, c, sink);
        }
        return sink.endRow();
    }

    private void value(RowBinaryInput in, int c, RowSink sink) throws IOException {
        switch (kinds[c]) {
            case INT8 -> sink.setInt(c, in.readByte());
            case INT16 -> sink.setInt(c, in.readShort());
            case INT32 -> sink.setInt(c, in.readInt());
            case UINT8 -> sink.setInt(c, in.readByte() & 0xff);
            case UINT16 -> sink.setInt(c, in.readShort() & 0xffff);
            case UINT32 -> sink.setLong(c, in.readInt() & 0xffff_ffffL);
            case INT64 -> {
                long v = in.readLong();
                switch (columns[c].conversion()) {
                    case NONE -> sink.setLong(c, v);
                    case EPOCH_MICROS -> sink.setTimestampMicros(c, v);
                    case EPOCH_MILLIS -> sink.setTimestampMicros(c, millisToMicros(c, v));
                }
            }
            case UINT64 -> {
                long v = in.readLong();
                if (v < 0) {
                    throw outOfRange(c, Long.toUnsignedString(v), "above the cold type long's maximum " + Long.MAX_VALUE);
                }
                sink.setLong(c, v);
            }
            case FLOAT32 -> sink.setFloat(c, Float.intBitsToFloat(in.readInt()));
            case FLOAT64 -> sink.setDouble(c, Double.longBitsToDouble(in.readLong()));
            case DECIMAL32 -> sink.setDecimal(c, in.readInt(), columns[c].warmType().scale());
            case DECIMAL64 -> sink.setDecimal(c, in.readLong(), columns[c].warmType().scale());
            case DECIMAL128 -> {
                long low = in.readLong();
                long high = in.readLong();
                sink.setDecimal(c, decimal128(low, high, columns[c].warmType().scale()));
            }
            case STRING -> {
                int length = in.readVarIntLength();
                in.require(length);
                sink.setString(c, in.buffer(), in.pos(), length);
                in.skip(length);
            }
            case FIXED_STRING -> {
                int length = columns[c].warmType().length();
                in.require(length);
                sink.setFixed(c, in.buffer(), in.pos(), length);
                in.skip(length);
            }
            case ENUM8 -> sink.setEnumName(c, enumName(c, in.readByte()));
            case ENUM16 -> sink.setEnumName(c, enumName(c, in.readShort()));
            case UUID -> {
                long high = in.readLong();
                long low = in.readLong();
                sink.setUuid(c, high, low);
            }
            case DATE -> sink.setDate(c, in.readShort() & 0xffff);
            case DATETIME -> sink.setTimestampMicros(c, (in.readInt() & 0xffff_ffffL) * 1_000_000L);
            case DATETIME64 -> {
                long ticks = in.readLong();
                int p = columns[c].warmType().precision();
                // below microseconds: floor, so that a time never moves forward into the next microsecond
                sink.setTimestampMicros(c, p <= 6 ? ticks * factors[c] : Math.floorDiv(ticks, factors[c]));
            }
            case BOOL -> sink.setBoolean(c, in.readByte() != 0);
        }
    }

    /** Decimal128 as two little-endian 64-bit words of a two's-complement 128-bit integer. */
    static BigDecimal decimal128(long low, long high, int scale) {
        if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
            return BigDecimal.valueOf(low, scale);
        }
        byte[] bigEndian = new byte[16];
        for (int i = 0; i < 8; i++) {
            bigEndian[7 - i] = (byte) (high >>> (8 * i));
            bigEndian[15 - i] = (byte) (low >>> (8 * i));
        }
        return new BigDecimal(new BigInteger(bigEndian), scale);
    }

    private long millisToMicros(int c, long millis) {
        try {
            return Math.multiplyExact(millis, 1000L);
        } catch (ArithmeticException e) {
            throw outOfRange(c, Long.toString(millis), "epoch milliseconds beyond the microsecond timestamp range");
        }
    }

    private String enumName(int c, int code) {
        String name = columns[c].warmType().enumValues().name(code);
        if (name == null) {
            throw outOfRange(c, Integer.toString(code), "not a value of " + columns[c].warmType().text());
        }
        return name;
    }

    private WarmReadException outOfRange(int c, String value, String why) {
        WarmColumn column = columns[c];
        return new ValueOutOfRangeException("table " + column.table() + ", column " + column.name() + ": value " + value
                + " cannot be offloaded as " + column.coldType() + ": " + why);
    }
}
