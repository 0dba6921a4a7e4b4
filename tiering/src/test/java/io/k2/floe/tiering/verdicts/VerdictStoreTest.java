package io.k2.floe.tiering.verdicts;

import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerdictStoreTest {

    @Test
    void theSchemaMustBeAPlainIdentifierBecauseItIsWrittenIntoTheSql() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        assertThat(new VerdictStore(ds, "floe_verdicts").schema()).isEqualTo("floe_verdicts");
        for (String bad : new String[] {null, "", "Floe", "1floe", "floe-verdicts", "floe;drop table x", "a".repeat(64)}) {
            assertThatThrownBy(() -> new VerdictStore(ds, bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("verdict schema '" + bad + "' is not a plain SQL identifier");
        }
    }
}
