package io.k2.floe.tiering.cold;

import org.apache.iceberg.DoubleFieldMetrics;
import org.apache.iceberg.FieldMetrics;
import org.apache.iceberg.FloatFieldMetrics;
import org.apache.iceberg.Schema;
import org.apache.iceberg.parquet.ParquetValueWriter;
import org.apache.iceberg.parquet.TripleWriter;
import org.apache.iceberg.types.Types;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes the selected row of a {@link ColdBatch} into Parquet's column writers, value by value and without boxing:
 * the Parquet half of Iceberg's data writer for Floe's flat cold schemas, in place of Iceberg's generic
 * record writer (which needs one {@code OffsetDateTime}, {@code BigDecimal} or {@code String} object per value).
 * Iceberg's own {@code ParquetWriter} drives it (row groups, pages, compression, footer) and derives the data
 * file's metrics from the footer; the float and double columns also report their NaN counts and bounds here, as
 * Iceberg's own float writers do.
 *
 * <p>The Parquet schema is the one Iceberg derived from the table schema; each column is found by field id, and
 * values are written with the physical type Iceberg chose for it (e.g. a decimal of up to 9 digits as INT32).
 */
final class ColdParquetRows implements ParquetValueWriter<ColdBatch> {

    private final Column[] columns;

    ColdParquetRows(Schema schema, MessageType parquet) {
        List<Types.NestedField> fields = schema.columns();
        this.columns = new Column[fields.size()];
        for (int c = 0; c < fields.size(); c++) {
            columns[c] = column(c, fields.get(c), parquet);
        }
    }

    @Override
    public void write(int repetitionLevel, ColdBatch batch) {
        int row = batch.row();
        for (Column column : columns) {
            column.write(batch, row);
        }
    }

    /** Not used: this writer is always the root of the file's writer tree, which is asked for its columns only by a parent. */
    @Override
    public List<TripleWriter<?>> columns() {
        return List.of();
    }

    @Override
    public void setColumnStore(ColumnWriteStore store) {
        for (Column column : columns) {
            column.writer = store.getColumnWriter(column.descriptor);
        }
    }

    @Override
    public Stream<FieldMetrics<?>> metrics() {
        List<FieldMetrics<?>> metrics = new ArrayList<>();
        for (Column column : columns) {
            FieldMetrics<?> m = column.fieldMetrics();
            if (m != null) {
                metrics.add(m);
            }
        }
        return metrics.stream();
    }

    private static Column column(int index, Types.NestedField field, MessageType parquet) {
        Type parquetField = null;
        for (Type candidate : parquet.getFields()) {
            if (candidate.getId() != null && candidate.getId().intValue() == field.fieldId()) {
                parquetField = candidate;
                break;
            }
        }
        if (parquetField == null || !parquetField.isPrimitive()) {
            throw new IllegalArgumentException("cold column '" + field.name() + "' (id " + field.fieldId()
                    + ") has no primitive column in the Parquet schema " + parquet);
        }
        ColumnDescriptor descriptor = parquet.getColumnDescription(new String[] {parquetField.getName()});
        PrimitiveTypeName physical = descriptor.getPrimitiveType().getPrimitiveTypeName();
        ColdBatch.Storage storage = ColdBatch.storageOf(field);
        Column column = switch (physical) {
            case BOOLEAN -> new BooleanColumn();
            case INT32 -> new IntColumn();
            case INT64 -> new LongColumn();
            case FLOAT -> new FloatColumn(field.fieldId());
            case DOUBLE -> new DoubleColumn(field.fieldId());
            case BINARY -> new BytesColumn(-1);
            case FIXED_LEN_BYTE_ARRAY -> storage == ColdBatch.Storage.OBJECT
                    ? new WideDecimalColumn(descriptor.getPrimitiveType().getTypeLength())
                    : new BytesColumn(descriptor.getPrimitiveType().getTypeLength());
            default -> null;
        };
        boolean fits = switch (physical) {
            case BOOLEAN, INT32, INT64, FLOAT, DOUBLE -> storage == ColdBatch.Storage.LONG;
            case BINARY -> storage == ColdBatch.Storage.BYTES;
            case FIXED_LEN_BYTE_ARRAY -> storage != ColdBatch.Storage.LONG;
            default -> false;
        };
        if (column == null || !fits) {
            throw new IllegalArgumentException("cold column '" + field.name() + "' of type " + field.type()
                    + " is stored as Parquet " + physical + ", which the window writer does not write");
        }
        column.index = index;
        column.name = field.name();
        column.descriptor = descriptor;
        column.definedLevel = descriptor.getMaxDefinitionLevel();
        column.required = field.isRequired();
        return column;
    }

    /** One column: writes the batch's value (or null) of a row. */
    private abstract static class Column {
        int index;
        String name;
        ColumnDescriptor descriptor;
        int definedLevel;
        boolean required;
        ColumnWriter writer;
        long nulls;

        /** Writes the row's value; each column tests for null itself, so that a value costs one virtual call. */
        abstract void write(ColdBatch batch, int row);

        final void writeNull() {
            if (required) {
                throw new IllegalArgumentException("null value for the required cold column '" + name + "'");
            }
            nulls++;
            writer.writeNull(0, definedLevel - 1);
        }

        /** Metrics Parquet's footer cannot give (NaN counts); null when the footer's are enough. */
        FieldMetrics<?> fieldMetrics() {
            return null;
        }
    }

    private static final class BooleanColumn extends Column {
        @Override
        void write(ColdBatch batch, int row) {
            if (batch.nulls[index][row]) {
                writeNull();
                return;
            }
            writer.write(batch.longs[index][row] != 0, 0, definedLevel);
        }
    }

    private static final class IntColumn extends Column {
        @Override
        void write(ColdBatch batch, int row) {
            if (batch.nulls[index][row]) {
                writeNull();
                return;
            }
            writer.write((int) batch.longs[index][row], 0, definedLevel);
        }
    }

    private static final class LongColumn extends Column {
        @Override
        void write(ColdBatch batch, int row) {
            if (batch.nulls[index][row]) {
                writeNull();
                return;
            }
            writer.write(batch.longs[index][row], 0, definedLevel);
        }
    }

    private static final class FloatColumn extends Column {
        private final FloatFieldMetrics.Builder metrics;

        FloatColumn(int id) {
            this.metrics = new FloatFieldMetrics.Builder(id);
        }

        @Override
        void write(ColdBatch batch, int row) {
            if (batch.nulls[index][row]) {
                writeNull();
                return;
            }
            float value = Float.intBitsToFloat((int) batch.longs[index][row]);
            metrics.addValue(value);
            writer.write(value, 0, definedLevel);
        }

        @Override
        FieldMetrics<?> fieldMetrics() {
            return withNulls(metrics.build(), nulls);
        }
    }

    private static final class DoubleColumn extends Column {
        private final DoubleFieldMetrics.Builder metrics;

        DoubleColumn(int id) {
            this.metrics = new DoubleFieldMetrics.Builder(id);
        }

        @Override
        void write(ColdBatch batch, int row) {
            if (batch.nulls[index][row]) {
                writeNull();
                return;
            }
            double value = Double.longBitsToDouble(batch.longs[index][row]);
            metrics.addValue(value);
            writer.write(value, 0, definedLevel);
        }

        @Override
        FieldMetrics<?> fieldMetrics() {
            return withNulls(metrics.build(), nulls);
        }
    }

    /** Counts as Iceberg's optional-value writer reports them: nulls are values too. */
    private static <T> FieldMetrics<T> withNulls(FieldMetrics<T> values, long nulls) {
        return new FieldMetrics<>(values.id(), values.valueCount() + nulls, nulls, values.nanValueCount(),
                values.lowerBound(), values.upperBound());
    }

    /** Strings and binary (BINARY), fixed and uuid (FIXED_LEN_BYTE_ARRAY) from the batch's byte arena. */
    private static final class BytesColumn extends Column {
        private final int fixedLength;

        BytesColumn(int fixedLength) {
            this.fixedLength = fixedLength;
        }

        @Override
        void write(ColdBatch batch, int row) {
            if (batch.nulls[index][row]) {
                writeNull();
                return;
            }
            int length = batch.lengths[index][row];
            if (fixedLength >= 0 && length != fixedLength) {
                throw new IllegalArgumentException("cold column '" + name + "': " + length + " bytes where "
                        + fixedLength + " are stored");
            }
            // "reused": Parquet copies what it keeps (dictionary entries, statistics), since the arena is refilled
            writer.write(Binary.fromReusedByteArray(batch.arena, batch.starts[index][row], length), 0, definedLevel);
        }
    }

    /** Decimals of more than 18 digits: the unscaled value, big-endian two's complement, sign-extended to the width. */
    private static final class WideDecimalColumn extends Column {
        private final byte[] bytes;

        WideDecimalColumn(int width) {
            this.bytes = new byte[width];
        }

        @Override
        void write(ColdBatch batch, int row) {
            if (batch.nulls[index][row]) {
                writeNull();
                return;
            }
            BigDecimal value = (BigDecimal) batch.objects[index][row];
            byte[] unscaled = value.unscaledValue().toByteArray();
            if (unscaled.length > bytes.length) {
                throw new IllegalArgumentException("cold column '" + name + "': " + value.toPlainString()
                        + " does not fit " + bytes.length + " bytes");
            }
            int pad = bytes.length - unscaled.length;
            byte sign = (byte) (value.signum() < 0 ? -1 : 0);
            for (int i = 0; i < pad; i++) {
                bytes[i] = sign;
            }
            System.arraycopy(unscaled, 0, bytes, pad, unscaled.length);
            writer.write(Binary.fromReusedByteArray(bytes), 0, definedLevel);
        }
    }
}
