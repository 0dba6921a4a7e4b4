package io.k2.floe.tiering.catalog;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionTransformTest {

    private static PartitionTransform parse(String text) {
        return PartitionTransform.parse(text).orElseThrow();
    }

    @Test
    void parsesTheFourTimeTransforms() {
        assertThat(parse("day(trade_time_us)")).isEqualTo(new PartitionTransform(PartitionTransform.Unit.DAY, "trade_time_us"));
        assertThat(parse(" Month( bucket_start ) ").unit()).isEqualTo(PartitionTransform.Unit.MONTH);
        assertThat(parse("year(t)").unit()).isEqualTo(PartitionTransform.Unit.YEAR);
        assertThat(parse("hour(t)").unit()).isEqualTo(PartitionTransform.Unit.HOUR);
        assertThat(PartitionTransform.parse("bucket(16, t)")).isEmpty();
        assertThat(PartitionTransform.parse("day(a, b)")).isEmpty();
        assertThat(PartitionTransform.parse("day(a-b)")).isEmpty();
        assertThat(PartitionTransform.parse(null)).isEmpty();
    }

    @Test
    void fieldNameAndSpellingFollowIceberg() {
        assertThat(parse("day(trade_time_us)").fieldName()).isEqualTo("trade_time_us_day");
        assertThat(parse("MONTH(bucket_start)").toString()).isEqualTo("month(bucket_start)");
    }

    @Test
    void labelsAreIcebergHumanValuesInUtc() {
        Instant t = Instant.parse("2024-05-31T23:59:59.999999Z");
        assertThat(parse("hour(t)").labelOf(t)).isEqualTo("2024-05-31-23");
        assertThat(parse("day(t)").labelOf(t)).isEqualTo("2024-05-31");
        assertThat(parse("month(t)").labelOf(t)).isEqualTo("2024-05");
        assertThat(parse("year(t)").labelOf(t)).isEqualTo("2024");
    }

    @Test
    void labelsMapBackToHalfOpenRanges() {
        PartitionTransform month = parse("month(bucket_start)");
        assertThat(month.startOf("2024-02")).isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
        assertThat(month.endOf("2024-02")).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        PartitionTransform day = parse("day(trade_time_us)");
        assertThat(day.startOf("2024-02-29")).isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
        assertThat(day.endOf("2024-02-29")).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        PartitionTransform hour = parse("hour(t)");
        assertThat(hour.endOf("2024-02-29-23")).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(parse("year(t)").endOf("2024")).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    }

    @Test
    void aLabelOfAnotherTransformOrNotADateIsRefusedByName() {
        PartitionTransform day = parse("day(trade_time_us)");
        assertThatThrownBy(() -> day.startOf("2024-05"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partition '2024-05' is not a day partition of trade_time_us (expected e.g. '1970-01-01')");
        assertThatThrownBy(() -> day.startOf("2024-02-30")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parse("month(b)").startOf("2024-5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parse("year(b)").startOf("24")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> day.startOf(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
