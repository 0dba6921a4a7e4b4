package io.k2.floe.tiering.warm;

import java.math.BigDecimal;

/**
 * A {@link RowSink} that refuses every value; extend it and override the setters a query's columns
 * need, so that an unexpected type shows up as an error instead of being dropped silently.
 */
public abstract class RowSinkAdapter implements RowSink {

    private static UnsupportedOperationException unexpected(String what, int column) {
        return new UnsupportedOperationException("this sink takes no " + what + " (column " + column + ")");
    }

    @Override
    public void setNull(int column) {
        throw unexpected("NULL", column);
    }

    @Override
    public void setBoolean(int column, boolean value) {
        throw unexpected("boolean", column);
    }

    @Override
    public void setInt(int column, int value) {
        throw unexpected("int", column);
    }

    @Override
    public void setLong(int column, long value) {
        throw unexpected("long", column);
    }

    @Override
    public void setFloat(int column, float value) {
        throw unexpected("float", column);
    }

    @Override
    public void setDouble(int column, double value) {
        throw unexpected("double", column);
    }

    @Override
    public void setDecimal(int column, long unscaled, int scale) {
        throw unexpected("decimal", column);
    }

    @Override
    public void setDecimal(int column, BigDecimal value) {
        throw unexpected("decimal", column);
    }

    @Override
    public void setString(int column, byte[] bytes, int offset, int length) {
        throw unexpected("string", column);
    }

    @Override
    public void setEnumName(int column, String name) {
        throw unexpected("enum", column);
    }

    @Override
    public void setFixed(int column, byte[] bytes, int offset, int length) {
        throw unexpected("fixed", column);
    }

    @Override
    public void setUuid(int column, long mostSignificant, long leastSignificant) {
        throw unexpected("uuid", column);
    }

    @Override
    public void setDate(int column, int epochDay) {
        throw unexpected("date", column);
    }

    @Override
    public void setTimestampMicros(int column, long micros) {
        throw unexpected("timestamp", column);
    }
}
