package io.k2.floe.tiering.verdicts;

import io.k2.floe.tiering.catalog.PartitionTransform;
import io.k2.floe.tiering.catalog.PartitionTransform.Unit;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The partition values are checked against Iceberg's own transforms, which wrote them into the data files. */
class PartitionOrdinalTest {

    private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "ts", Types.TimestampType.withZone()));
    private static final List<Instant> TIMES = List.of(Instant.parse("1970-01-01T00:00:00Z"),
            Instant.parse("1969-12-31T23:59:59.999999Z"), Instant.parse("2024-02-29T13:45:00Z"),
            Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-12-31T23:59:59.999999Z"));

    private static PartitionField field(Unit unit) {
        PartitionSpec.Builder b = PartitionSpec.builderFor(SCHEMA);
        PartitionSpec spec = switch (unit) {
            case HOUR -> b.hour("ts").build();
            case DAY -> b.day("ts").build();
            case MONTH -> b.month("ts").build();
            case YEAR -> b.year("ts").build();
        };
        return spec.fields().get(0);
    }

    @SuppressWarnings("unchecked")
    private static int iceberg(PartitionField field, Instant time) {
        var transform = (org.apache.iceberg.transforms.Transform<Long, Integer>) field.transform();
        return transform.bind(Types.TimestampType.withZone()).apply(ChronoUnit.MICROS.between(Instant.EPOCH, time));
    }

    @ParameterizedTest
    @EnumSource(Unit.class)
    void theValueOfALabelIsTheOneIcebergGivesTheTimesInThatPartition(Unit unit) {
        PartitionTransform transform = new PartitionTransform(unit, "ts");
        PartitionField field = field(unit);
        assertThat(field.transform().toString()).isEqualTo(unit.icebergName());
        for (Instant time : TIMES) {
            assertThat(PartitionOrdinal.of(transform, transform.labelOf(time)))
                    .as("%s of %s", unit, time).isEqualTo(iceberg(field, time));
        }
    }

    @Test
    void aLabelOfAnotherUnitIsRefused() {
        PartitionTransform day = new PartitionTransform(Unit.DAY, "ts");
        assertThatThrownBy(() -> PartitionOrdinal.of(day, "2026-03")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'2026-03' is not a day partition of ts");
    }
}
