package io.k2.floe.tiering.catalog;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeBoundsTest {

    private static final PartitionTransform DAY = new PartitionTransform(PartitionTransform.Unit.DAY, "t");
    private static final PartitionTransform YEAR = new PartitionTransform(PartitionTransform.Unit.YEAR, "t");

    @Test
    void bothBoundsAreInsideAndTheirNeighboursOutside() {
        assertThat(TimeBounds.contains(Instant.parse("1970-01-01T00:00:00Z"))).isTrue();
        assertThat(TimeBounds.contains(Instant.parse("2262-01-01T00:00:00Z"))).isTrue();
        assertThat(TimeBounds.contains(Instant.parse("1969-12-31T23:59:59.999999999Z"))).isFalse();
        assertThat(TimeBounds.contains(Instant.parse("2262-01-01T00:00:00.000000001Z"))).isFalse();
        assertThat(TimeBounds.problem(Instant.parse("+100000-01-01T00:00:00Z")))
                .contains("+100000-01-01T00:00:00Z is after the supported time span, 1970-01-01T00:00:00Z to"
                        + " 2262-01-01T00:00:00Z");
    }

    @Test
    void theLatestBoundFitsInNanosecondsSinceTheEpoch() {
        // the reason for the bound: a DateTime64(9) or timestamp_ns must hold it without overflow
        assertThatCode(() -> Math.multiplyExact(TimeBounds.LATEST.getEpochSecond(), 1_000_000_000L))
                .doesNotThrowAnyException();
    }

    @Test
    void aPartitionMustLieWhollyInside() {
        assertThatCode(() -> TimeBounds.requirePartition(DAY, "1970-01-01")).doesNotThrowAnyException();
        assertThatCode(() -> TimeBounds.requirePartition(DAY, "2261-12-31")).doesNotThrowAnyException();
        assertThatCode(() -> TimeBounds.requirePartition(YEAR, "2261")).doesNotThrowAnyException();
        assertThatThrownBy(() -> TimeBounds.requirePartition(DAY, "1969-12-31"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'1969-12-31'")
                .hasMessageContaining("outside the supported time span");
        assertThatThrownBy(() -> TimeBounds.requirePartition(DAY, "2262-01-01"))
                .hasMessageContaining("'2262-01-01'");
        assertThatThrownBy(() -> TimeBounds.requirePartition(DAY, "-100000-01-01"))
                .hasMessageContaining("'-100000-01-01'");
        assertThatThrownBy(() -> TimeBounds.requirePartition(DAY, "+100000-01-01"))
                .hasMessageContaining("'+100000-01-01'");
        // not a label at all: PartitionTransform's own message
        assertThatThrownBy(() -> TimeBounds.requirePartition(DAY, "yesterday")).hasMessageContaining("is not a day");
    }
}
