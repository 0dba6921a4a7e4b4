package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.warm.ClickHouseType.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClickHouseTypeParserTest {

    private static ClickHouseType parse(String type) {
        return ClickHouseTypeParser.parse("t", "c", type);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Int8|INT8", "Int16|INT16", "Int32|INT32", "Int64|INT64",
            "UInt8|UINT8", "UInt16|UINT16", "UInt32|UINT32", "UInt64|UINT64",
            "Float32|FLOAT32", "Float64|FLOAT64", "String|STRING", "UUID|UUID", "Date|DATE",
            "DateTime|DATETIME", "Bool|BOOL"})
    void simpleTypes(String text, Kind kind) {
        ClickHouseType type = parse(text);
        assertThat(type.kind()).isEqualTo(kind);
        assertThat(type.nullable()).isFalse();
        assertThat(type.lowCardinality()).isFalse();
        assertThat(type.text()).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Decimal(9, 2)|DECIMAL32|9|2", "Decimal(18, 8)|DECIMAL64|18|8", "Decimal(38, 16)|DECIMAL128|38|16",
            "Decimal(10,0)|DECIMAL64|10|0", "Decimal(19, 19)|DECIMAL128|19|19",
            "Decimal32(3)|DECIMAL32|9|3", "Decimal64(8)|DECIMAL64|18|8", "Decimal128(20)|DECIMAL128|38|20"})
    void decimals(String text, Kind kind, int precision, int scale) {
        ClickHouseType type = parse(text);
        assertThat(type.kind()).isEqualTo(kind);
        assertThat(type.precision()).isEqualTo(precision);
        assertThat(type.scale()).isEqualTo(scale);
    }

    @Test
    void fixedStringHasItsLength() {
        assertThat(parse("FixedString(16)").length()).isEqualTo(16);
        assertThat(parse("FixedString(16)").kind()).isEqualTo(Kind.FIXED_STRING);
    }

    @Test
    void wrappersBecomeFlagsInEitherNesting() {
        ClickHouseType a = parse("LowCardinality(Nullable(String))");
        assertThat(a.kind()).isEqualTo(Kind.STRING);
        assertThat(a.nullable()).isTrue();
        assertThat(a.lowCardinality()).isTrue();
        assertThat(a.text()).isEqualTo("LowCardinality(Nullable(String))");
        ClickHouseType b = parse("Nullable(Decimal(18, 8))");
        assertThat(b.kind()).isEqualTo(Kind.DECIMAL64);
        assertThat(b.nullable()).isTrue();
        assertThat(b.scale()).isEqualTo(8);
    }

    @Test
    void dateTimesWithZonesAndPrecision() {
        assertThat(parse("DateTime('Europe/Zurich')").timeZone()).isEqualTo("Europe/Zurich");
        ClickHouseType d = parse("DateTime64(9, 'UTC')");
        assertThat(d.kind()).isEqualTo(Kind.DATETIME64);
        assertThat(d.precision()).isEqualTo(9);
        assertThat(d.timeZone()).isEqualTo("UTC");
        assertThat(parse("DateTime64(3)").timeZone()).isNull();
    }

    @Test
    void enumNamesWithQuotesEscapesAndNegativeValues() {
        ClickHouseType e = parse("Enum8('buy' = 1, 'sell' = -2, 'it\\'s' = 3, 'a, b = c' = 4, 'x''y' = 5, 'tab\\there' = 6)");
        assertThat(e.kind()).isEqualTo(Kind.ENUM8);
        assertThat(e.enumValues().name(1)).isEqualTo("buy");
        assertThat(e.enumValues().name(-2)).isEqualTo("sell");
        assertThat(e.enumValues().name(3)).isEqualTo("it's");
        assertThat(e.enumValues().name(4)).isEqualTo("a, b = c");
        assertThat(e.enumValues().name(5)).isEqualTo("x'y");
        assertThat(e.enumValues().name(6)).isEqualTo("tab\there");
        assertThat(e.enumValues().name(7)).isNull();
        ClickHouseType e16 = parse("Enum16('low' = -32768, 'high' = 32767)");
        assertThat(e16.kind()).isEqualTo(Kind.ENUM16);
        assertThat(e16.enumValues().name(-32768)).isEqualTo("low");
        assertThat(e16.enumValues().name(32767)).isEqualTo("high");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Array(String)", "Tuple(Int8, String)", "Map(String, UInt64)", "Nested(a Int8)",
            "AggregateFunction(sum, UInt64)", "SimpleAggregateFunction(sum, UInt64)", "Int128", "UInt256", "IPv4",
            "IPv6", "Decimal(39, 2)", "Decimal(76, 10)", "Nullable(Array(Int8))", "Nothing", "Nullable(Nullable(Int8))",
            "Enum8('a' = 200)", "Enum8('a' = 1, 'b' = 1)", "DateTime64(10)", "FixedString(0)", "Decimal(5, 6)",
            "String)", "Decimal(18 8)", "Enum8('a = 1)"})
    void anythingElseIsRefusedNamingTableColumnAndType(String text) {
        assertThatThrownBy(() -> ClickHouseTypeParser.parse("bronze_x", "payload", text))
                .isInstanceOf(UnsupportedColumnTypeException.class)
                .hasMessageContaining("table bronze_x")
                .hasMessageContaining("column payload")
                .hasMessageContaining(text);
    }
}
