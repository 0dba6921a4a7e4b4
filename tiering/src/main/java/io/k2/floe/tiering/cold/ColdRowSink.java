package io.k2.floe.tiering.cold;

import io.k2.floe.tiering.warm.RowSink;
import io.k2.floe.tiering.warm.WarmColumn;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Feeds decoded warm rows into a {@link WindowWriter}: each value goes to the cold field of the same name, so the
 * warm column order may differ from the cold table's (columns added by evolution sit at the end of the cold
 * schema). A cold column the warm table no longer has is written as null.
 *
 * <p>Values are copied into the writer's current batch in Iceberg's internal representation (timestamps as
 * microseconds, dates as days, decimals as unscaled longs, strings as UTF-8 bytes): nothing is allocated per
 * value. When a batch is full it goes to the writer's second thread; a failure there is thrown from
 * {@link #endRow()} (which stops the read).
 */
public final class ColdRowSink implements RowSink {

    private final WindowWriter writer;
    private final int[] position;
    private final int[] absent;
    private final String[] enumName;
    private final byte[][] enumBytes;
    private ColdBatch batch;

    /**
     * @param coldSchema the cold table's schema; it must be the schema {@code writer} was opened with
     * @throws IllegalArgumentException naming the column when a warm column has no cold field (evolve the table
     *                                  first) or a cold field of another type
     */
    public ColdRowSink(WindowWriter writer, Schema coldSchema, List<WarmColumn> columns) {
        if (!coldSchema.sameSchema(writer.schema())) {
            throw new IllegalArgumentException("the row sink's cold schema " + coldSchema.asStruct()
                    + " is not the writer's " + writer.schema().asStruct());
        }
        this.writer = writer;
        this.position = new int[columns.size()];
        this.enumName = new String[columns.size()];
        this.enumBytes = new byte[columns.size()][];
        List<Types.NestedField> fields = writer.schema().columns();
        boolean[] fed = new boolean[fields.size()];
        for (int i = 0; i < columns.size(); i++) {
            WarmColumn column = columns.get(i);
            int at = -1;
            for (int f = 0; f < fields.size(); f++) {
                if (fields.get(f).name().equals(column.name())) {
                    at = f;
                    break;
                }
            }
            if (at < 0) {
                throw new IllegalArgumentException("warm column '" + column.name() + "' of " + column.table()
                        + " has no field in the cold schema " + coldSchema.asStruct());
            }
            org.apache.iceberg.types.Type warmAsCold = ColdSchemas.icebergType(column.coldType());
            if (!warmAsCold.equals(fields.get(at).type())) {
                throw new IllegalArgumentException("warm column '" + column.name() + "' of " + column.table()
                        + " is " + warmAsCold + " in cold terms but the cold field is " + fields.get(at).type());
            }
            position[i] = at;
            fed[at] = true;
        }
        int missing = 0;
        for (boolean f : fed) {
            missing += f ? 0 : 1;
        }
        this.absent = new int[missing];
        for (int f = 0, a = 0; f < fed.length; f++) {
            if (!fed[f]) {
                absent[a++] = f;
            }
        }
    }

    private ColdBatch batch() {
        ColdBatch b = batch;
        if (b == null) {
            b = writer.batchToFill();
            batch = b;
        }
        return b;
    }

    @Override
    public void setNull(int column) {
        batch().setNull(position[column]);
    }

    @Override
    public void setBoolean(int column, boolean value) {
        batch().setLong(position[column], value ? 1 : 0);
    }

    @Override
    public void setInt(int column, int value) {
        batch().setLong(position[column], value);
    }

    @Override
    public void setLong(int column, long value) {
        batch().setLong(position[column], value);
    }

    @Override
    public void setFloat(int column, float value) {
        batch().setLong(position[column], Float.floatToRawIntBits(value));
    }

    @Override
    public void setDouble(int column, double value) {
        batch().setLong(position[column], Double.doubleToRawLongBits(value));
    }

    @Override
    public void setDecimal(int column, long unscaled, int scale) {
        batch().setDecimal(position[column], unscaled, scale);
    }

    @Override
    public void setDecimal(int column, BigDecimal value) {
        batch().setDecimal(position[column], value);
    }

    @Override
    public void setString(int column, byte[] bytes, int offset, int length) {
        batch().setBytes(position[column], bytes, offset, length);
    }

    @Override
    public void setEnumName(int column, String name) {
        // the decoder passes one shared instance per enum value: encode it again only when it changes
        byte[] bytes = enumBytes[column];
        if (name != enumName[column]) {
            bytes = name.getBytes(StandardCharsets.UTF_8);
            enumBytes[column] = bytes;
            enumName[column] = name;
        }
        batch().setBytes(position[column], bytes, 0, bytes.length);
    }

    @Override
    public void setFixed(int column, byte[] bytes, int offset, int length) {
        batch().setBytes(position[column], bytes, offset, length);
    }

    @Override
    public void setUuid(int column, long mostSignificant, long leastSignificant) {
        batch().setUuid(position[column], mostSignificant, leastSignificant);
    }

    @Override
    public void setDate(int column, int epochDay) {
        batch().setLong(position[column], epochDay);
    }

    @Override
    public void setTimestampMicros(int column, long micros) {
        batch().setLong(position[column], micros);
    }

    @Override
    public boolean endRow() {
        ColdBatch b = batch();
        for (int f : absent) {
            b.setNull(f);
        }
        batch = writer.rowFilled(b);
        return true;
    }
}
