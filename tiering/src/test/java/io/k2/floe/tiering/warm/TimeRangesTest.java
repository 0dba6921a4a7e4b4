package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.warm.TimeRanges.Range;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeRangesTest {

    @Test
    void overlappingAndTouchingRangesBecomeOne() {
        TimeRanges ranges = TimeRanges.union(List.of(new Range(50, 60), new Range(0, 10), new Range(10, 20),
                new Range(15, 30)));
        assertThat(ranges.ranges()).containsExactly(new Range(0, 30), new Range(50, 60));
        assertThat(ranges.union(TimeRanges.of(25, 55)).ranges()).containsExactly(new Range(0, 60));
    }

    @Test
    void anEmptyRangeIsNoRangeAndReadsNothing() {
        assertThat(TimeRanges.of(10, 10).isEmpty()).isTrue();
        assertThat(TimeRanges.of(10, 5)).isEqualTo(TimeRanges.none());
        assertThat(TimeRanges.none().condition("t")).isEqualTo("0");
        assertThat(TimeRanges.none().union(TimeRanges.of(1, 2))).isEqualTo(TimeRanges.of(1, 2));
    }

    @Test
    void theConditionComparesTheColumnItselfSoClickHouseCanPrune() {
        TimeRanges ranges = TimeRanges.union(List.of(new Range(0, 10), new Range(20, 30)));
        assertThat(ranges.condition("`trade_time_us`")).isEqualTo(
                "((`trade_time_us` >= 0 AND `trade_time_us` < 10) OR (`trade_time_us` >= 20 AND `trade_time_us` < 30))");
    }

    @Test
    void tooManyRangesAreJoinedAcrossTheSmallestGapsAndStillCoverEveryRange() {
        TimeRanges ranges = TimeRanges.union(List.of(new Range(0, 10), new Range(12, 20), new Range(100, 110),
                new Range(111, 120), new Range(500, 510)));
        assertThat(ranges.atMost(3).ranges())
                .containsExactly(new Range(0, 20), new Range(100, 120), new Range(500, 510));
        assertThat(ranges.atMost(1).ranges()).containsExactly(new Range(0, 510));
        assertThat(ranges.atMost(10)).isEqualTo(ranges);
        assertThatThrownBy(() -> ranges.atMost(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
