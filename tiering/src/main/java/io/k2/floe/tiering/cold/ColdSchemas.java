package io.k2.floe.tiering.cold;

import io.k2.floe.tiering.warm.ColdType;
import io.k2.floe.tiering.warm.WarmColumn;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates the warm columns' {@link ColdType}s into an Iceberg schema, one field per column in the warm
 * table's order. The choices behind each type are in docs/type-mapping.md; this class only spells them in
 * Iceberg's terms.
 */
public final class ColdSchemas {

    private ColdSchemas() {
    }

    /** The cold schema of a warm table whose columns are {@code columns}; field ids 1..n in column order. */
    public static Schema of(List<WarmColumn> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a cold schema needs at least one column");
        }
        List<Types.NestedField> fields = new ArrayList<>(columns.size());
        int id = 1;
        for (WarmColumn column : columns) {
            Type type = icebergType(column.coldType());
            fields.add(column.coldType().required()
                    ? Types.NestedField.required(id, column.name(), type)
                    : Types.NestedField.optional(id, column.name(), type));
            id++;
        }
        return new Schema(fields);
    }

    /** The Iceberg primitive for {@code type} (optionality is the field's, not the type's). */
    public static Type icebergType(ColdType type) {
        return switch (type.kind()) {
            case BOOLEAN -> Types.BooleanType.get();
            case INT -> Types.IntegerType.get();
            case LONG -> Types.LongType.get();
            case FLOAT -> Types.FloatType.get();
            case DOUBLE -> Types.DoubleType.get();
            case DECIMAL -> Types.DecimalType.of(type.precision(), type.scale());
            case STRING -> Types.StringType.get();
            case FIXED -> Types.FixedType.ofLength(type.length());
            case UUID -> Types.UUIDType.get();
            case DATE -> Types.DateType.get();
            case TIMESTAMPTZ -> Types.TimestampType.withZone();
        };
    }
}
