package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.catalog.PartitionTransform;
import io.k2.floe.tiering.catalog.TimeEncoding;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Sort keys read from hand-written RowBinary rows: the order must be ClickHouse's {@code ORDER BY} order. */
class RowKeyScannerTest {

    private static final long DAY_US = 86_400_000_000L;
    private static final List<WarmColumn> COLUMNS = List.of(
            ColdTypeMapping.column("t", "note", "String", null),
            ColdTypeMapping.column("t", "symbol", "String", null),
            ColdTypeMapping.column("t", "id", "UInt64", null),
            ColdTypeMapping.column("t", "price", "Float64", null),
            ColdTypeMapping.column("t", "trade_time_us", "Int64", TimeEncoding.EPOCH_MICROS));

    private static RowKeyScanner scanner(List<String> clusterBy) {
        return RowKeyScanner.of(COLUMNS, "trade_time_us", clusterBy,
                new PartitionTransform(PartitionTransform.Unit.DAY, "trade_time_us")).scanner().orElseThrow();
    }

    private static byte[] row(String note, String symbol, long id, double price, long micros) {
        ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        for (String s : List.of(note, symbol)) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            b.put((byte) bytes.length).put(bytes);
        }
        b.putLong(id).putDouble(price).putLong(micros);
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    /** The keys of the rows, in their order, each read by the scanner and the row then decoded as usual. */
    private static List<RowKey> keys(RowKeyScanner scanner, byte[]... rows) throws IOException {
        ByteBuffer all = ByteBuffer.allocate(rows.length * 256);
        for (byte[] r : rows) {
            all.put(r);
        }
        RowBinaryInput in = new RowBinaryInput(new ByteArrayInputStream(all.array(), 0, all.position()), 1024);
        RowBinaryDecoder decoder = new RowBinaryDecoder(COLUMNS);
        List<RowKey> keys = new ArrayList<>();
        RecordingSink sink = new RecordingSink(COLUMNS.size());
        while (!in.startRow()) {
            RowKey key = scanner.newKey();
            scanner.scan(in, key);
            keys.add(key);
            decoder.decodeRow(in, sink);
        }
        assertThat(sink.rows).as("every row decoded whole after its key was read").hasSize(rows.length);
        return keys;
    }

    @Test
    void theColdPartitionComesBeforeTheClusterColumns() throws IOException {
        List<RowKey> k = keys(scanner(List.of("symbol", "trade_time_us")),
                row("x", "ZZZ", 1, 1.0, 10 * DAY_US + 5),
                row("x", "AAA", 1, 1.0, 11 * DAY_US));
        assertThat(k.get(0).compareTo(k.get(1))).as("ZZZ on day 10 before AAA on day 11").isNegative();
    }

    @Test
    void withinAPartitionTheClusterColumnsDecideInTurn() throws IOException {
        List<RowKey> k = keys(scanner(List.of("symbol", "trade_time_us")),
                row("b", "AAA", 1, 1.0, 10 * DAY_US + 7),
                row("a", "AAA", 2, 2.0, 10 * DAY_US + 7),
                row("a", "AAA", 2, 2.0, 10 * DAY_US + 8),
                row("a", "AAB", 2, 2.0, 10 * DAY_US + 1));
        assertThat(k.get(0).compareTo(k.get(1))).as("columns outside the key do not count").isZero();
        assertThat(k.get(1).compareTo(k.get(2))).isNegative();
        assertThat(k.get(2).compareTo(k.get(3))).as("symbol before time").isNegative();
        assertThat(k.get(3).compareTo(k.get(2))).isPositive();
    }

    @Test
    void stringsCompareAsUnsignedBytesThenTheNextColumnDecides() throws IOException {
        List<RowKey> k = keys(scanner(List.of("symbol", "id")),
                row("", "z", 1, 0, DAY_US),
                row("", "é", 1, 0, DAY_US),
                row("", "é", Long.MAX_VALUE, 0, DAY_US),
                row("", "éa", 0, 0, DAY_US));
        assertThat(k.get(0).compareTo(k.get(1))).as("'z' (0x7a) before 'é' (0xc3 0xa9), as ClickHouse sorts bytes").isNegative();
        assertThat(k.get(1).compareTo(k.get(2))).as("UInt64 1 before 9223372036854775807").isNegative();
        assertThat(k.get(2).compareTo(k.get(3))).as("a prefix first").isNegative();
    }

    @Test
    void keysOfTypesWhoseOrderIsNotReproducedAreRefusedWithTheReason() {
        PartitionTransform day = new PartitionTransform(PartitionTransform.Unit.DAY, "trade_time_us");
        assertThat(RowKeyScanner.of(COLUMNS, "trade_time_us", List.of("symbol", "price"), day).unsupported())
                .hasValueSatisfying(r -> assertThat(r).contains("price").contains("Float64"));
        assertThat(RowKeyScanner.of(COLUMNS, "trade_time_us", List.of(), day).unsupported())
                .hasValueSatisfying(r -> assertThat(r).contains("no cluster-by"));
        assertThat(RowKeyScanner.of(COLUMNS, "trade_time_us", List.of("missing"), day).unsupported())
                .hasValueSatisfying(r -> assertThat(r).contains("missing"));
        assertThat(RowKeyScanner.of(COLUMNS, "note", List.of("symbol"), day).unsupported())
                .hasValueSatisfying(r -> assertThat(r).contains("time column note"));
    }
}
