package io.k2.floe.tiering.cold;

import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The cached partition key is always the key Iceberg computes, across every boundary of the time transforms. */
class BatchPartitionerTest {

    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "symbol", Types.StringType.get()),
            Types.NestedField.optional(2, "at", Types.TimestampType.withZone()),
            Types.NestedField.required(3, "local", Types.TimestampType.withoutZone()),
            Types.NestedField.required(4, "day", Types.DateType.get()));

    /** Times around hour, day, month and year boundaries, before and after 1970, in ascending order. */
    private static List<Long> times() {
        List<Long> micros = new ArrayList<>();
        for (String at : List.of("1969-12-31T22:59:59.999999Z", "1969-12-31T23:00:00Z", "1969-12-31T23:59:59.999999Z",
                "1970-01-01T00:00:00Z", "2026-02-28T23:59:59.999999Z", "2026-03-01T00:00:00Z",
                "2026-03-01T00:59:59.999999Z", "2026-03-01T01:00:00Z", "2026-12-31T23:59:59.999999Z",
                "2027-01-01T00:00:00Z")) {
            long m = Instant.parse(at).toEpochMilli() * 1000 + Instant.parse(at).getNano() / 1000 % 1000;
            micros.add(m - 1);
            micros.add(m);
            micros.add(m + 1);
        }
        micros.add(Long.MIN_VALUE);
        micros.add(Long.MIN_VALUE + 1);
        micros.add(Long.MAX_VALUE - 1);
        micros.add(Long.MAX_VALUE);
        micros.sort(Long::compare);
        return micros;
    }

    private static void assertSameKeysAsIceberg(PartitionSpec spec, Function<Long, Long> atValue, boolean withNulls,
                                                boolean reused) {
        assertThat(new BatchPartitioner(spec, SCHEMA).cachesKeys()).as("caches keys of %s", spec).isEqualTo(reused);
        List<Long> times = times();
        ColdBatch batch = new ColdBatch(SCHEMA, times.size() * 2);
        byte[] symbol = "BTCUSDT".getBytes(StandardCharsets.UTF_8);
        for (long t : times) {
            for (int copy = 0; copy < 2; copy++) {
                batch.setBytes(0, symbol, 0, symbol.length);
                if (withNulls && copy == 1) {
                    batch.setNull(1);
                } else {
                    batch.setLong(1, atValue.apply(t));
                }
                batch.setLong(2, t);
                batch.setLong(3, Math.floorDiv(t, 86_400_000_000L));
                batch.endRow();
            }
        }
        BatchPartitioner cached = new BatchPartitioner(spec, SCHEMA);
        PartitionKey expected = new PartitionKey(spec, SCHEMA);
        for (int r = 0; r < batch.rows(); r++) {
            batch.at(r);
            expected.partition(batch);
            assertThat(cached.partition(batch)).as("row %d", r).isEqualTo(expected);
        }
    }

    @Test
    void hourDayMonthAndYearOfATimestampWithOrWithoutZone() {
        for (Function<PartitionSpec.Builder, PartitionSpec.Builder> transform : List.<Function<PartitionSpec.Builder, PartitionSpec.Builder>>of(
                b -> b.hour("at"), b -> b.day("at"), b -> b.month("at"), b -> b.year("at"),
                b -> b.day("local"), b -> b.hour("local").year("at"))) {
            assertSameKeysAsIceberg(transform.apply(PartitionSpec.builderFor(SCHEMA)).build(), t -> t, false, true);
            assertSameKeysAsIceberg(transform.apply(PartitionSpec.builderFor(SCHEMA)).build(), t -> t, true, true);
        }
    }

    @Test
    void dayMonthAndYearOfADate() {
        assertSameKeysAsIceberg(PartitionSpec.builderFor(SCHEMA).day("day").build(), t -> t, false, true);
        assertSameKeysAsIceberg(PartitionSpec.builderFor(SCHEMA).month("day").build(), t -> t, false, true);
        assertSameKeysAsIceberg(PartitionSpec.builderFor(SCHEMA).year("day").build(), t -> t, false, true);
    }

    @Test
    void otherTransformsAndUnpartitionedTables() {
        assertSameKeysAsIceberg(PartitionSpec.builderFor(SCHEMA).identity("symbol").day("at").build(), t -> t, true, false);
        assertSameKeysAsIceberg(PartitionSpec.builderFor(SCHEMA).bucket("at", 7).build(), t -> t, false, false);
        assertSameKeysAsIceberg(PartitionSpec.unpartitioned(), t -> t, false, true);
    }
}
