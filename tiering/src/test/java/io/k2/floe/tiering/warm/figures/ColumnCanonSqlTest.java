package io.k2.floe.tiering.warm.figures;

import io.k2.floe.tiering.catalog.TimeEncoding;
import io.k2.floe.tiering.warm.ColdTypeMapping;
import io.k2.floe.tiering.warm.WarmColumn;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit checksum's SQL names every column quoted, whatever the warm table's DDL called it. */
class ColumnCanonSqlTest {

    private static WarmColumn column(String name, String type) {
        return ColdTypeMapping.column("t", name, type, null);
    }

    @Test
    void eachFormQuotesTheColumnName() {
        assertThat(ColumnCanon.INTEGER.sql(column("select", "Int32"))).isEqualTo("toString(`select`)");
        assertThat(ColumnCanon.TEXT.sql(column("a`b", "String")))
                .isEqualTo("concat(toString(length(toString(`a\\`b`))), ':', toString(`a\\`b`))");
        assertThat(ColumnCanon.FLOAT_BITS.sql(column("bid price", "Float64")))
                .isEqualTo("hex(reinterpretAsString(toFloat64(`bid price`)))");
        assertThat(ColumnCanon.TEXT.sql(column("n;x", "Nullable(String)")))
                .isEqualTo("ifNull(concat(toString(length(toString(`n;x`))), ':', toString(`n;x`)), 'NULL')");
        assertThat(ColumnCanon.MICROS.sql(ColdTypeMapping.column("t", "at`_us", "Int64", TimeEncoding.EPOCH_MICROS)))
                .isEqualTo("toString(`at\\`_us`)");
        assertThat(ColumnCanon.DAYS.sql(column("back\\slash", "Date"))).isEqualTo("toString(toUInt16(`back\\\\slash`))");
    }

    @Test
    void theRowHashQuotesEveryColumnAndAnInjectionStaysAName() {
        RowChecksum checksum = new RowChecksum(List.of(column("id", "UInt64"),
                column("x` FROM system.tables --", "String")), DecimalText.TRIMMED);
        assertThat(checksum.warmRowHash()).isEqualTo("sipHash64(concat(toString(`id`), '|', "
                + "concat(toString(length(toString(`x\\` FROM system.tables --`))), ':', toString(`x\\` FROM system.tables --`))))");
    }

    @Test
    void aNameWithAControlCharacterIsRefused() {
        assertThatThrownBy(() -> ColumnCanon.TEXT.sql(column("a\0b", "String")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a\\u0000b");
    }
}
