package io.k2.floe.offload.window;

import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The completed event names the cold partitions of the files a window wrote, by their catalog labels. */
class WrittenPartitionsTest {

    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "trade_time_us", Types.TimestampType.withZone()),
            Types.NestedField.required(2, "bucket_start", Types.TimestampType.withZone()),
            Types.NestedField.required(3, "symbol", Types.StringType.get()));

    /** A file of the partition that holds a row at {@code time}, partitioned by Iceberg's own transform. */
    private static DataFile file(PartitionSpec spec, String time) {
        long micros = Instant.parse(time).toEpochMilli() * 1_000;
        Object[] row = {micros, micros, "BTCUSDT"};
        PartitionKey key = new PartitionKey(spec, SCHEMA);
        key.partition(new StructLike() {
            @Override
            public int size() {
                return row.length;
            }

            @Override
            public <T> T get(int pos, Class<T> javaClass) {
                return javaClass.cast(row[pos]);
            }

            @Override
            public <T> void set(int pos, T value) {
                throw new UnsupportedOperationException();
            }
        });
        return DataFiles.builder(spec).withPath("s3://w/data/" + UUID.randomUUID() + ".parquet")
                .withFormat(FileFormat.PARQUET).withFileSizeInBytes(100).withRecordCount(10)
                .withPartition(spec.isUnpartitioned() ? null : key).build();
    }

    @Test
    void lateTradesNameTheEarlierDayTooEachDayOnceInTimeOrder() {
        PartitionSpec day = PartitionSpec.builderFor(SCHEMA).day("trade_time_us").build();
        List<DataFile> files = List.of(
                file(day, "2026-03-02T00:00:00Z"),
                file(day, "2026-02-28T23:59:59.999Z"),
                file(day, "2026-03-02T17:30:00Z"),
                file(day, "1969-12-31T12:00:00Z"));
        assertThat(WrittenPartitions.labels("trade_time_us", Map.of(day.specId(), day), files))
                .containsExactly("1969-12-31", "2026-02-28", "2026-03-02");
    }

    @Test
    void goldMonthsAndHoursAreNamedAsTheCatalogNamesThem() {
        PartitionSpec month = PartitionSpec.builderFor(SCHEMA).month("bucket_start").build();
        assertThat(WrittenPartitions.labels("bucket_start", Map.of(month.specId(), month), List.of(
                file(month, "2026-03-31T23:59:00Z"), file(month, "2025-12-01T00:00:00Z"))))
                .containsExactly("2025-12", "2026-03");
        PartitionSpec hour = PartitionSpec.builderFor(SCHEMA).hour("trade_time_us").build();
        assertThat(WrittenPartitions.labels("trade_time_us", Map.of(hour.specId(), hour), List.of(
                file(hour, "2026-03-01T23:59:59Z"))))
                .containsExactly("2026-03-01-23");
    }

    @Test
    void noFilesNameNoPartition() {
        PartitionSpec day = PartitionSpec.builderFor(SCHEMA).day("trade_time_us").build();
        assertThat(WrittenPartitions.labels("trade_time_us", Map.of(day.specId(), day), List.of())).isEmpty();
    }

    @Test
    void aFileWithoutATimePartitionOnTheColumnIsLeftUnnamedRatherThanFailingACommittedWindow() {
        PartitionSpec unpartitioned = PartitionSpec.unpartitioned();
        PartitionSpec bySymbol = PartitionSpec.builderFor(SCHEMA).identity("symbol").build();
        assertThat(WrittenPartitions.labels("trade_time_us", Map.of(unpartitioned.specId(), unpartitioned),
                List.of(file(unpartitioned, "2026-03-01T00:00:00Z")))).isEmpty();
        assertThat(WrittenPartitions.labels("trade_time_us", Map.of(bySymbol.specId(), bySymbol),
                List.of(file(bySymbol, "2026-03-01T00:00:00Z")))).isEmpty();
    }
}
