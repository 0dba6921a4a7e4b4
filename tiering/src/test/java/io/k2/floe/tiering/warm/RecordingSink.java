package io.k2.floe.tiering.warm;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Keeps every decoded row as Java values (tests only: boxing does not matter here). */
final class RecordingSink implements RowSink {

    /** Marks a NULL, so that a row can hold it in a List. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "NULL";
        }
    };

    final List<List<Object>> rows = new ArrayList<>();
    private final int width;
    private Object[] row;

    RecordingSink(int width) {
        this.width = width;
        this.row = new Object[width];
    }

    @Override
    public void setNull(int column) {
        row[column] = NULL;
    }

    @Override
    public void setBoolean(int column, boolean value) {
        row[column] = value;
    }

    @Override
    public void setInt(int column, int value) {
        row[column] = value;
    }

    @Override
    public void setLong(int column, long value) {
        row[column] = value;
    }

    @Override
    public void setFloat(int column, float value) {
        row[column] = value;
    }

    @Override
    public void setDouble(int column, double value) {
        row[column] = value;
    }

    @Override
    public void setDecimal(int column, long unscaled, int scale) {
        row[column] = BigDecimal.valueOf(unscaled, scale);
    }

    @Override
    public void setDecimal(int column, BigDecimal value) {
        row[column] = value;
    }

    @Override
    public void setString(int column, byte[] bytes, int offset, int length) {
        row[column] = new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    @Override
    public void setEnumName(int column, String name) {
        row[column] = name;
    }

    @Override
    public void setFixed(int column, byte[] bytes, int offset, int length) {
        row[column] = Arrays.copyOfRange(bytes, offset, offset + length);
    }

    @Override
    public void setUuid(int column, long mostSignificant, long leastSignificant) {
        row[column] = new UUID(mostSignificant, leastSignificant);
    }

    @Override
    public void setDate(int column, int epochDay) {
        row[column] = LocalDate.ofEpochDay(epochDay);
    }

    @Override
    public void setTimestampMicros(int column, long micros) {
        row[column] = Instant.EPOCH.plusNanos(0).plusSeconds(Math.floorDiv(micros, 1_000_000L))
                .plusNanos(Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    @Override
    public boolean endRow() {
        rows.add(Arrays.asList(row));
        row = new Object[width];
        return true;
    }
}
