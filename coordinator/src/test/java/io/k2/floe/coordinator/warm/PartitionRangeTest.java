package io.k2.floe.coordinator.warm;

import io.k2.floe.tiering.catalog.TimeEncoding;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionRangeTest {

    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-03-02T00:00:00Z");

    @Test
    void aPlainTimeColumnIsComparedWithConstantsAsBefore() {
        assertThat(PartitionRange.condition("trade_time_us", TimeEncoding.EPOCH_MICROS, null, START, END))
                .isEqualTo("`trade_time_us` >= 1772323200000000 AND `trade_time_us` < 1772409600000000");
        assertThat(PartitionRange.condition("ts", TimeEncoding.DATETIME, "DateTime", START, END))
                .isEqualTo("`ts` >= toDateTime(1772323200) AND `ts` < toDateTime(1772409600)");
    }

    @Test
    void anAwkwardColumnNameIsQuotedAndCannotEndTheCondition() {
        assertThat(PartitionRange.condition("t` > 0 OR 1 --", TimeEncoding.EPOCH_MILLIS, null, START, END))
                .isEqualTo("`t\\` > 0 OR 1 --` >= 1772323200000 AND `t\\` > 0 OR 1 --` < 1772409600000");
        assertThatThrownBy(() -> PartitionRange.condition("", TimeEncoding.EPOCH_MILLIS, null, START, END))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }
}
