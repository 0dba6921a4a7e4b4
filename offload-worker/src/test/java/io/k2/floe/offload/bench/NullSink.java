package io.k2.floe.offload.bench;

import io.k2.floe.tiering.warm.RowSink;

import java.math.BigDecimal;

/**
 * A sink that keeps nothing: every value is folded into one checksum (printed, so the JIT cannot drop the decoding),
 * which costs next to nothing. What the decoder achieves into it is the decoder's ceiling.
 */
final class NullSink implements RowSink {

    long checksum;

    @Override
    public void setNull(int column) {
        checksum += column;
    }

    @Override
    public void setBoolean(int column, boolean value) {
        checksum += value ? 1 : 0;
    }

    @Override
    public void setInt(int column, int value) {
        checksum += value;
    }

    @Override
    public void setLong(int column, long value) {
        checksum += value;
    }

    @Override
    public void setFloat(int column, float value) {
        checksum += Float.floatToRawIntBits(value);
    }

    @Override
    public void setDouble(int column, double value) {
        checksum += Double.doubleToRawLongBits(value);
    }

    @Override
    public void setDecimal(int column, long unscaled, int scale) {
        checksum += unscaled;
    }

    @Override
    public void setDecimal(int column, BigDecimal value) {
        checksum += value.hashCode();
    }

    @Override
    public void setString(int column, byte[] bytes, int offset, int length) {
        checksum += length;
    }

    @Override
    public void setEnumName(int column, String name) {
        checksum += name.length();
    }

    @Override
    public void setFixed(int column, byte[] bytes, int offset, int length) {
        checksum += length;
    }

    @Override
    public void setUuid(int column, long mostSignificant, long leastSignificant) {
        checksum += mostSignificant ^ leastSignificant;
    }

    @Override
    public void setDate(int column, int epochDay) {
        checksum += epochDay;
    }

    @Override
    public void setTimestampMicros(int column, long micros) {
        checksum += micros;
    }

    @Override
    public boolean endRow() {
        return true;
    }
}
