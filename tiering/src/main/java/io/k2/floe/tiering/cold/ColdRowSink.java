package io.k2.floe.tiering.cold;

import io.k2.floe.tiering.warm.RowSink;
import io.k2.floe.tiering.warm.WarmColumn;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.DateTimeUtil;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Feeds decoded warm rows into a {@link WindowWriter}: each value goes to the cold field of the same name, so the
 * warm column order may differ from the cold table's (columns added by evolution sit at the end of the cold
 * schema). A cold column the warm table no longer has is written as null.
 */
public final class ColdRowSink implements RowSink {

    private final WindowWriter writer;
    private final GenericRecord record;
    private final int[] position;

    /**
     * @throws IllegalArgumentException naming the column when a warm column has no cold field (evolve the table first)
     */
    public ColdRowSink(WindowWriter writer, Schema coldSchema, List<WarmColumn> columns) {
        this.writer = writer;
        this.record = GenericRecord.create(coldSchema);
        this.position = new int[columns.size()];
        List<Types.NestedField> fields = coldSchema.columns();
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i).name();
            int at = -1;
            for (int f = 0; f < fields.size(); f++) {
                if (fields.get(f).name().equals(name)) {
                    at = f;
                    break;
                }
            }
            if (at < 0) {
                throw new IllegalArgumentException("warm column '" + name + "' of " + columns.get(i).table()
                        + " has no field in the cold schema " + coldSchema.asStruct());
            }
            position[i] = at;
        }
    }

    @Override
    public void setNull(int column) {
        record.set(position[column], null);
    }

    @Override
    public void setBoolean(int column, boolean value) {
        record.set(position[column], value);
    }

    @Override
    public void setInt(int column, int value) {
        record.set(position[column], value);
    }

    @Override
    public void setLong(int column, long value) {
        record.set(position[column], value);
    }

    @Override
    public void setFloat(int column, float value) {
        record.set(position[column], value);
    }

    @Override
    public void setDouble(int column, double value) {
        record.set(position[column], value);
    }

    @Override
    public void setDecimal(int column, long unscaled, int scale) {
        record.set(position[column], BigDecimal.valueOf(unscaled, scale));
    }

    @Override
    public void setDecimal(int column, BigDecimal value) {
        record.set(position[column], value);
    }

    @Override
    public void setString(int column, byte[] bytes, int offset, int length) {
        record.set(position[column], new String(bytes, offset, length, StandardCharsets.UTF_8));
    }

    @Override
    public void setEnumName(int column, String name) {
        record.set(position[column], name);
    }

    @Override
    public void setFixed(int column, byte[] bytes, int offset, int length) {
        record.set(position[column], Arrays.copyOfRange(bytes, offset, offset + length));
    }

    @Override
    public void setUuid(int column, long mostSignificant, long leastSignificant) {
        record.set(position[column], new UUID(mostSignificant, leastSignificant));
    }

    @Override
    public void setDate(int column, int epochDay) {
        record.set(position[column], LocalDate.ofEpochDay(epochDay));
    }

    @Override
    public void setTimestampMicros(int column, long micros) {
        record.set(position[column], DateTimeUtil.timestamptzFromMicros(micros));
    }

    @Override
    public boolean endRow() {
        writer.write(record);
        return true;
    }
}
