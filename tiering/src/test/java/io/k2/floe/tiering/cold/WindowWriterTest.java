package io.k2.floe.tiering.cold;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.TimeEncoding;
import io.k2.floe.tiering.warm.ColdTypeMapping;
import io.k2.floe.tiering.warm.RowBinaryDecoder;
import io.k2.floe.tiering.warm.WarmColumn;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The offload's write path without the stack: RowBinary bytes through the decoder, {@link ColdRowSink} and
 * {@link WindowWriter} (two threads) into an in-memory Iceberg table, read back with Iceberg's generic reader.
 */
class WindowWriterTest {

    private static final String T = "bronze_unit";
    private static final long DAY_MICROS = 86_400_000_000L;
    private static final long FIRST_DAY = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli() * 1000;

    private static final List<WarmColumn> COLUMNS = List.of(
            ColdTypeMapping.column(T, "symbol", "String", null),
            ColdTypeMapping.column(T, "trade_time_us", "Int64", TimeEncoding.EPOCH_MICROS),
            ColdTypeMapping.column(T, "flag", "Bool", null),
            ColdTypeMapping.column(T, "small", "Int16", null),
            ColdTypeMapping.column(T, "big", "UInt64", null),
            ColdTypeMapping.column(T, "f", "Float32", null),
            ColdTypeMapping.column(T, "d", "Nullable(Float64)", null),
            ColdTypeMapping.column(T, "p9", "Decimal(9, 2)", null),
            ColdTypeMapping.column(T, "p18", "Decimal(18, 8)", null),
            ColdTypeMapping.column(T, "p38", "Decimal(38, 10)", null),
            ColdTypeMapping.column(T, "code", "FixedString(3)", null),
            ColdTypeMapping.column(T, "id", "UUID", null),
            ColdTypeMapping.column(T, "day", "Date", null),
            ColdTypeMapping.column(T, "at", "DateTime64(6, 'UTC')", null),
            ColdTypeMapping.column(T, "side", "Enum8('buy' = 1, 'sell' = 2)", null),
            ColdTypeMapping.column(T, "note", "Nullable(String)", null));
    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "ÉTÉ€");

    private InMemoryCatalog catalog;
    private Table table;

    @BeforeEach
    void createTable() {
        catalog = new InMemoryCatalog();
        catalog.initialize("unit", Map.of());
        CatalogTable bronze = BronzeRows.table(T + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8));
        table = new ColdTables(catalog, ColdWriteConfig.DEFAULT_TARGET_FILE_SIZE)
                .createIfMissing(bronze, ColdSchemas.of(COLUMNS));
    }

    @AfterEach
    void close() throws Exception {
        catalog.close();
    }

    /** The values of row {@code i} of {@code day}, in the table's cluster order (symbol, then time). */
    private record Row(String symbol, long micros, boolean flag, short small, long big, float f, Double d,
                       BigDecimal p9, BigDecimal p18, BigDecimal p38, String code, UUID id, int day, long at,
                       String side, String note) {

        static Row of(int dayIndex, int symbol, int i) {
            long micros = FIRST_DAY + dayIndex * DAY_MICROS + i * 997_003L;
            long n = dayIndex * 100_000L + symbol * 10_000L + i;
            return new Row(SYMBOLS.get(symbol), micros, n % 3 == 0, (short) (n % 30_000 - 15_000), n * 1_000_003L,
                    n % 101 == 0 ? Float.NaN : n / 8f, n % 7 == 0 ? null : n * 0.25,
                    BigDecimal.valueOf(n * 7 - 50_000, 2), BigDecimal.valueOf(6_000_000_000_000L + n * 37, 8),
                    new BigDecimal(BigInteger.valueOf(n).pow(5).negate(), 10), "c" + (char) ('a' + n % 26) + "z",
                    new UUID(n * 31, -n), (int) (micros / DAY_MICROS), micros + 2_500,
                    n % 2 == 0 ? "buy" : "sell", n % 5 == 0 ? null : "note " + n + " ✓");
        }

        void rowBinary(LittleEndian out) {
            out.string(symbol).i64(micros).u8(flag ? 1 : 0).i16(small).i64(big).i32(Float.floatToRawIntBits(f));
            if (d == null) {
                out.u8(1);
            } else {
                out.u8(0).i64(Double.doubleToRawLongBits(d));
            }
            out.i32(p9.unscaledValue().intValueExact()).i64(p18.unscaledValue().longValueExact());
            BigInteger unscaled = p38.unscaledValue();
            out.i64(unscaled.longValue()).i64(unscaled.shiftRight(64).longValue());
            out.raw(code.getBytes(StandardCharsets.US_ASCII));
            out.i64(id.getMostSignificantBits()).i64(id.getLeastSignificantBits());
            out.i16((short) day).i64(at).u8(side.equals("buy") ? 1 : 2);
            if (note == null) {
                out.u8(1);
            } else {
                out.u8(0).string(note);
            }
        }
    }

    private static List<Row> rows(int days, int perSymbolPerDay) {
        List<Row> rows = new ArrayList<>();
        for (int day = 0; day < days; day++) {
            for (int s = 0; s < SYMBOLS.size(); s++) {
                for (int i = 0; i < perSymbolPerDay; i++) {
                    rows.add(Row.of(day, s, i));
                }
            }
        }
        return rows;
    }

    private static byte[] rowBinary(List<Row> rows) {
        LittleEndian out = new LittleEndian();
        rows.forEach(r -> r.rowBinary(out));
        return out.bytes();
    }

    private WrittenFiles writeThroughDecoder(String operation, byte[] bytes) throws Exception {
        try (WindowWriter writer = WindowWriter.open(table, operation)) {
            long decoded = new RowBinaryDecoder(COLUMNS).decode(new ByteArrayInputStream(bytes),
                    new ColdRowSink(writer, table.schema(), COLUMNS));
            WrittenFiles files = writer.finish();
            assertThat(files.recordCount()).isEqualTo(decoded);
            return files;
        }
    }

    private List<Record> commitAndRead(WrittenFiles files) throws Exception {
        AppendFiles append = table.newAppend();
        files.dataFiles().forEach(append::appendFile);
        append.commit();
        List<Record> read = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            records.forEach(read::add);
        }
        return read;
    }

    @Test
    void everyWarmTypeReadsBackFromTheColdFilesAsTheDecoderGaveIt() throws Exception {
        List<Row> rows = rows(2, 3_000); // 18,000 rows: several batches handed between the threads
        WrittenFiles files = writeThroughDecoder("types", rowBinary(rows));

        assertThat(files.dataFiles()).hasSize(2); // one per day partition
        List<Record> read = commitAndRead(files);
        assertThat(read).hasSize(rows.size());
        read.sort(Comparator.comparing((Record r) -> (OffsetDateTime) r.getField("trade_time_us"))
                .thenComparing(r -> (String) r.getField("symbol")));
        List<Row> expected = new ArrayList<>(rows);
        expected.sort(Comparator.comparingLong(Row::micros).thenComparing(Row::symbol));
        for (int i = 0; i < expected.size(); i++) {
            Row e = expected.get(i);
            Record r = read.get(i);
            assertThat(r.getField("symbol")).isEqualTo(e.symbol());
            assertThat(r.getField("trade_time_us")).isEqualTo(micros(e.micros()));
            assertThat(r.getField("flag")).isEqualTo(e.flag());
            assertThat(r.getField("small")).isEqualTo((int) e.small());
            assertThat(r.getField("big")).isEqualTo(e.big());
            assertThat(r.getField("f")).isEqualTo(e.f());
            assertThat(r.getField("d")).isEqualTo(e.d());
            assertThat(r.getField("p9")).isEqualTo(e.p9());
            assertThat(r.getField("p18")).isEqualTo(e.p18());
            assertThat(r.getField("p38")).isEqualTo(e.p38());
            assertThat((byte[]) r.getField("code")).isEqualTo(e.code().getBytes(StandardCharsets.US_ASCII));
            assertThat(r.getField("id")).isEqualTo(e.id());
            assertThat(r.getField("day")).isEqualTo(LocalDate.ofEpochDay(e.day()));
            assertThat(r.getField("at")).isEqualTo(micros(e.at()));
            assertThat(r.getField("side")).isEqualTo(e.side());
            assertThat(r.getField("note")).isEqualTo(e.note());
        }
    }

    @Test
    void eachFileCarriesItsPartitionAndMetricsForPruning() throws Exception {
        List<Row> rows = rows(2, 1_000);
        WrittenFiles files = writeThroughDecoder("metrics", rowBinary(rows));
        Schema schema = table.schema();
        int time = schema.findField("trade_time_us").fieldId();
        int d = schema.findField("d").fieldId();
        int f = schema.findField("f").fieldId();
        int note = schema.findField("note").fieldId();
        Map<Integer, DataFile> byDay = new TreeMap<>();
        files.dataFiles().forEach(file -> byDay.put(file.partition().get(0, Integer.class), file));
        int firstDay = (int) (FIRST_DAY / DAY_MICROS);
        assertThat(byDay.keySet()).containsExactly(firstDay, firstDay + 1);
        for (int day = 0; day < 2; day++) {
            int dayIndex = day;
            List<Row> ofDay = rows.stream().filter(r -> r.micros() / DAY_MICROS == firstDay + dayIndex).toList();
            DataFile file = byDay.get(firstDay + day);
            assertThat(file.recordCount()).isEqualTo(ofDay.size());
            long min = ofDay.stream().mapToLong(Row::micros).min().orElseThrow();
            long max = ofDay.stream().mapToLong(Row::micros).max().orElseThrow();
            assertThat((Long) Conversions.fromByteBuffer(Types.TimestampType.withZone(), file.lowerBounds().get(time))).isEqualTo(min);
            assertThat((Long) Conversions.fromByteBuffer(Types.TimestampType.withZone(), file.upperBounds().get(time))).isEqualTo(max);
            assertThat(file.nullValueCounts().get(d)).isEqualTo(ofDay.stream().filter(r -> r.d() == null).count());
            assertThat(file.nullValueCounts().get(note)).isEqualTo(ofDay.stream().filter(r -> r.note() == null).count());
            assertThat(file.nanValueCounts().get(f)).isEqualTo(ofDay.stream().filter(r -> Float.isNaN(r.f())).count());
            assertThat(file.valueCounts().get(d)).isEqualTo(ofDay.size());
            float maxF = (float) ofDay.stream().filter(r -> !Float.isNaN(r.f())).mapToDouble(Row::f).max().orElseThrow();
            assertThat((Float) Conversions.fromByteBuffer(Types.FloatType.get(), file.upperBounds().get(f))).isEqualTo(maxF);
        }
    }

    @Test
    void recordsAppendedThroughTheSecondThreadWriteTheSameRowsAsTheRowSinkAndRollAtTheGivenTarget() throws Exception {
        // compaction's way in: rows read back as generic records, handed to the writing thread in batches
        List<Record> offloaded = commitAndRead(writeThroughDecoder("sink", rowBinary(rows(1, 6_000))));
        WrittenFiles rewritten;
        try (WindowWriter writer = WindowWriter.open(table, "appended", 64 * 1024)) {
            offloaded.forEach(writer::append);
            assertThat(writerThreads("appended")).as("the records go to the writing thread").hasSize(1);
            rewritten = writer.finish();
        }
        assertThat(writerThreads("appended")).isEmpty();
        assertThat(rewritten.recordCount()).isEqualTo(offloaded.size());
        assertThat(rewritten.dataFiles()).as("rolled at the 64 KiB target, not the table's").hasSizeGreaterThan(1);
        for (DataFile file : rewritten.dataFiles()) {
            assertThat(file.sortOrderId()).isEqualTo(table.sortOrder().orderId());
            assertThat(ParquetFooters.codecs(table.io(), file.location()))
                    .containsExactly(org.apache.parquet.hadoop.metadata.CompressionCodecName.ZSTD);
        }
        List<Record> read = new ArrayList<>();
        for (DataFile file : rewritten.dataFiles()) {
            try (CloseableIterable<Record> records = org.apache.iceberg.parquet.Parquet
                    .read(table.io().newInputFile(file.location())).project(table.schema())
                    .createReaderFunc(s -> org.apache.iceberg.data.parquet.GenericParquetReaders
                            .buildReader(table.schema(), s))
                    .build()) {
                records.forEach(read::add);
            }
        }
        assertThat(read).hasSameSizeAs(offloaded);
        for (int i = 0; i < read.size(); i++) {
            for (Types.NestedField field : table.schema().columns()) {
                Object expected = offloaded.get(i).getField(field.name());
                Object actual = read.get(i).getField(field.name());
                if (expected instanceof byte[] bytes) {
                    assertThat((byte[]) actual).as(field.name()).isEqualTo(bytes);
                } else {
                    assertThat(actual).as(field.name()).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void newTablesGetDeltaFriendlyParquetSettingsForTimesAndIds() {
        assertThat(table.properties())
                .containsEntry(TableProperties.PARQUET_PAGE_VERSION, "v2")
                .containsEntry(TableProperties.PARQUET_DICT_SIZE_BYTES, "4194304")
                .containsEntry(TableProperties.PARQUET_COMPRESSION, "zstd")
                .containsEntry(TableProperties.PARQUET_COMPRESSION_LEVEL, "3")
                .containsEntry(TableProperties.PARQUET_DICT_ENCODING_ENABLED_COLUMN_PREFIX + "trade_time_us", "false")
                .containsEntry(TableProperties.PARQUET_DICT_ENCODING_ENABLED_COLUMN_PREFIX + "big", "false")
                .containsEntry(TableProperties.PARQUET_DICT_ENCODING_ENABLED_COLUMN_PREFIX + "at", "false")
                .doesNotContainKey(TableProperties.PARQUET_DICT_ENCODING_ENABLED_COLUMN_PREFIX + "symbol")
                .doesNotContainKey(TableProperties.PARQUET_DICT_ENCODING_ENABLED_COLUMN_PREFIX + "p18");
    }

    @Test
    void aFailureOfTheWritingThreadReachesTheReaderAsItselfAndNoThreadIsLeft() throws Exception {
        // day 0, day 1, then day 0 again: a partition the clustered writer already closed
        List<Row> twoDays = rows(2, 3_000);
        List<Row> rows = new ArrayList<>(twoDays);
        rows.addAll(twoDays.subList(0, 100));
        WindowWriter writer = WindowWriter.open(table, "out-of-order");
        ColdRowSink sink = new ColdRowSink(writer, table.schema(), COLUMNS);
        assertThatThrownBy(() -> {
            new RowBinaryDecoder(COLUMNS).decode(new ByteArrayInputStream(rowBinary(rows)), sink);
            writer.finish();
        }).isInstanceOf(IllegalStateException.class).hasMessageContaining("clustered");

        List<String> leftBehind = writer.abort();
        assertThat(leftBehind).hasSize(2).allSatisfy(path -> assertThat(path).contains("out-of-order"));
        assertThat(writerThreads("out-of-order")).isEmpty();
        assertThatThrownBy(sink::endRow).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void abortStopsTheWritingThreadMidWindowAndListsTheFilesItCreated() throws Exception {
        List<Row> rows = rows(1, 5_000);
        WindowWriter writer = WindowWriter.open(table, "aborted");
        ColdRowSink sink = new ColdRowSink(writer, table.schema(), COLUMNS);
        // the read fails after 12,000 rows (a warm-tier error, say): two batches were handed over
        byte[] bytes = rowBinary(rows);
        int[] seen = {0};
        assertThatThrownBy(() -> new RowBinaryDecoder(COLUMNS).decode(new ByteArrayInputStream(bytes),
                new io.k2.floe.tiering.warm.RowSinkAdapter() {
                    // forwards every value, then fails mid-stream
                    @Override public void setNull(int c) { sink.setNull(c); }
                    @Override public void setBoolean(int c, boolean v) { sink.setBoolean(c, v); }
                    @Override public void setInt(int c, int v) { sink.setInt(c, v); }
                    @Override public void setLong(int c, long v) { sink.setLong(c, v); }
                    @Override public void setFloat(int c, float v) { sink.setFloat(c, v); }
                    @Override public void setDouble(int c, double v) { sink.setDouble(c, v); }
                    @Override public void setDecimal(int c, long u, int s) { sink.setDecimal(c, u, s); }
                    @Override public void setDecimal(int c, BigDecimal v) { sink.setDecimal(c, v); }
                    @Override public void setString(int c, byte[] b, int o, int l) { sink.setString(c, b, o, l); }
                    @Override public void setEnumName(int c, String n) { sink.setEnumName(c, n); }
                    @Override public void setFixed(int c, byte[] b, int o, int l) { sink.setFixed(c, b, o, l); }
                    @Override public void setUuid(int c, long m, long l) { sink.setUuid(c, m, l); }
                    @Override public void setDate(int c, int d) { sink.setDate(c, d); }
                    @Override public void setTimestampMicros(int c, long m) { sink.setTimestampMicros(c, m); }

                    @Override
                    public boolean endRow() {
                        if (++seen[0] > 12_000) {
                            throw new IllegalStateException("warm read failed");
                        }
                        return sink.endRow();
                    }
                })).hasMessage("warm read failed");

        List<String> leftBehind = writer.abort();
        assertThat(leftBehind).hasSize(1).allSatisfy(path -> assertThat(path).contains("aborted"));
        assertThat(writerThreads("aborted")).isEmpty();
        table.refresh();
        assertThat(table.currentSnapshot()).isNull();
    }

    @Test
    void aWindowWithoutRowsWritesNoFileAndStartsNoThread() {
        try (WindowWriter writer = WindowWriter.open(table, "empty")) {
            new ColdRowSink(writer, table.schema(), COLUMNS);
            assertThat(writer.finish().dataFiles()).isEmpty();
            assertThat(writer.createdFiles()).isEmpty();
        }
        assertThat(writerThreads("empty")).isEmpty();
    }

    @Test
    void valuesTheColdColumnCannotHoldAreRefusedNamingTheColumn() {
        try (WindowWriter writer = WindowWriter.open(table, "refused")) {
            ColdRowSink sink = new ColdRowSink(writer, table.schema(), COLUMNS);
            int p9 = COLUMNS.indexOf(COLUMNS.stream().filter(c -> c.name().equals("p9")).findFirst().orElseThrow());
            int p38 = COLUMNS.indexOf(COLUMNS.stream().filter(c -> c.name().equals("p38")).findFirst().orElseThrow());
            assertThatThrownBy(() -> sink.setDecimal(p9, 1_234_567_890L, 2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'p9'");
            assertThatThrownBy(() -> sink.setDecimal(p9, 12, 3))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'p9'");
            assertThatThrownBy(() -> sink.setDecimal(p38, new BigDecimal("1e40").setScale(10)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'p38'");
            assertThatThrownBy(() -> sink.setNull(0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'symbol'");
            writer.abort();
        }
    }

    @Test
    void aWarmColumnWhoseTypeDiffersFromTheColdFieldIsRefusedBeforeAnyRow() {
        List<WarmColumn> changed = new ArrayList<>(COLUMNS);
        changed.set(3, ColdTypeMapping.column(T, "small", "Int64", null));
        try (WindowWriter writer = WindowWriter.open(table, "retyped")) {
            assertThatThrownBy(() -> new ColdRowSink(writer, table.schema(), changed))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'small'");
        }
    }

    private static OffsetDateTime micros(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private static List<Thread> writerThreads(String operation) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("floe-window-writer-" + operation))
                .toList();
    }

    /** ClickHouse's RowBinary: little-endian integers, strings as LEB128 length + UTF-8 bytes. */
    private static final class LittleEndian {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        LittleEndian u8(int v) {
            out.write(v);
            return this;
        }

        LittleEndian i16(short v) {
            return le(v, 2);
        }

        LittleEndian i32(int v) {
            return le(v, 4);
        }

        LittleEndian i64(long v) {
            return le(v, 8);
        }

        LittleEndian raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        LittleEndian string(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            int n = bytes.length;
            while (n >= 0x80) {
                out.write((n & 0x7f) | 0x80);
                n >>>= 7;
            }
            out.write(n);
            return raw(bytes);
        }

        private LittleEndian le(long v, int width) {
            for (int i = 0; i < width; i++) {
                out.write((int) (v >>> (8 * i)));
            }
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
