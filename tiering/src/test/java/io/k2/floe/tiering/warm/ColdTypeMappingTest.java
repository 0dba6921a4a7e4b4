package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.catalog.TimeEncoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every R-TYPES type and its cold type, as docs/type-mapping.md lists them. */
class ColdTypeMappingTest {

    private static String cold(String type) {
        return ColdTypeMapping.column("t", "c", type, null).coldType().toString();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Int8|required int",
            "Int16|required int",
            "Int32|required int",
            "UInt8|required int",
            "UInt16|required int",
            "UInt32|required long",
            "Int64|required long",
            "UInt64|required long",
            "Float32|required float",
            "Float64|required double",
            "Decimal(9, 2)|required decimal(9, 2)",
            "Decimal(18, 8)|required decimal(18, 8)",
            "Decimal(38, 16)|required decimal(38, 16)",
            "Decimal32(4)|required decimal(9, 4)",
            "Decimal64(8)|required decimal(18, 8)",
            "Decimal128(2)|required decimal(38, 2)",
            "String|required string",
            "FixedString(3)|required fixed[3]",
            "Enum8('a' = 1)|required string",
            "Enum16('a' = 1000)|required string",
            "UUID|required uuid",
            "Date|required date",
            "DateTime|required timestamptz",
            "DateTime('Asia/Tokyo')|required timestamptz",
            "DateTime64(3)|required timestamptz",
            "DateTime64(6, 'UTC')|required timestamptz",
            "DateTime64(9)|required timestamptz",
            "Bool|required boolean",
            "Nullable(Int32)|optional int",
            "Nullable(UInt64)|optional long",
            "Nullable(Decimal(18, 8))|optional decimal(18, 8)",
            "Nullable(DateTime)|optional timestamptz",
            "LowCardinality(String)|required string",
            "LowCardinality(Nullable(String))|optional string",
            "LowCardinality(FixedString(2))|required fixed[2]",
    })
    void everyTypeHasItsColdType(String warm, String expected) {
        assertThat(cold(warm)).isEqualTo(expected);
    }

    @Test
    void epochMicrosColumnsBecomeTimestamps() {
        WarmColumn micros = ColdTypeMapping.column("silver_trades", "trade_time_us", "Int64", TimeEncoding.EPOCH_MICROS);
        assertThat(micros.coldType().toString()).isEqualTo("required timestamptz");
        assertThat(micros.conversion()).isEqualTo(WarmColumn.Conversion.EPOCH_MICROS);
        WarmColumn millis = ColdTypeMapping.column("t", "time_ms", "Nullable(Int64)", TimeEncoding.EPOCH_MILLIS);
        assertThat(millis.coldType().toString()).isEqualTo("optional timestamptz");
        assertThat(millis.conversion()).isEqualTo(WarmColumn.Conversion.EPOCH_MILLIS);
        WarmColumn native_ = ColdTypeMapping.column("t", "bucket_start", "DateTime", TimeEncoding.DATETIME);
        assertThat(native_.coldType().toString()).isEqualTo("required timestamptz");
        assertThat(native_.conversion()).isEqualTo(WarmColumn.Conversion.NONE);
    }

    @Test
    void aTimeEncodingThatDoesNotFitTheTypeIsRefusedNamingTheColumn() {
        assertThatThrownBy(() -> ColdTypeMapping.column("silver_trades", "trade_time_us", "String", TimeEncoding.EPOCH_MICROS))
                .isInstanceOf(UnsupportedColumnTypeException.class)
                .hasMessageContaining("table silver_trades")
                .hasMessageContaining("column trade_time_us")
                .hasMessageContaining("epoch-micros");
        assertThatThrownBy(() -> ColdTypeMapping.column("g", "bucket_start", "Int64", TimeEncoding.DATETIME))
                .isInstanceOf(UnsupportedColumnTypeException.class)
                .hasMessageContaining("column bucket_start");
    }

    @Test
    void unsupportedTypesAreRefusedNamingTableAndColumn() {
        assertThatThrownBy(() -> ColdTypeMapping.column("gold_x", "levels", "Array(Decimal(18, 8))", null))
                .isInstanceOf(UnsupportedColumnTypeException.class)
                .hasMessage("table gold_x, column levels: unsupported ClickHouse type Array(Decimal(18, 8))");
    }
}
