package io.k2.floe.tiering.cold;

import io.k2.floe.tiering.catalog.TimeEncoding;
import io.k2.floe.tiering.warm.ColdTypeMapping;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ColdSchemasTest {

    @Test
    void everyColdTypeBecomesItsIcebergTypeInWarmColumnOrder() {
        String t = "t";
        Schema schema = ColdSchemas.of(List.of(
                ColdTypeMapping.column(t, "flag", "Bool", null),
                ColdTypeMapping.column(t, "small", "Int16", null),
                ColdTypeMapping.column(t, "big", "UInt64", null),
                ColdTypeMapping.column(t, "f", "Float32", null),
                ColdTypeMapping.column(t, "d", "Float64", null),
                ColdTypeMapping.column(t, "price", "Decimal(18, 8)", null),
                ColdTypeMapping.column(t, "s", "LowCardinality(String)", null),
                ColdTypeMapping.column(t, "code", "FixedString(3)", null),
                ColdTypeMapping.column(t, "id", "UUID", null),
                ColdTypeMapping.column(t, "day", "Date", null),
                ColdTypeMapping.column(t, "at", "DateTime64(9, 'UTC')", null),
                ColdTypeMapping.column(t, "trade_time_us", "Int64", TimeEncoding.EPOCH_MICROS),
                ColdTypeMapping.column(t, "note", "Nullable(String)", null)));
        assertThat(schema.columns()).extracting(Types.NestedField::fieldId)
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
        assertThat(schema.columns()).extracting(f -> f.type().toString()).containsExactly("boolean", "int", "long",
                "float", "double", "decimal(18, 8)", "string", "fixed[3]", "uuid", "date", "timestamptz", "timestamptz",
                "string");
        assertThat(schema.findField("note").isOptional()).isTrue();
        assertThat(schema.findField("s").isRequired()).isTrue();
    }

    @Test
    void anEmptyColumnListIsRefused() {
        assertThatThrownBy(() -> ColdSchemas.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
