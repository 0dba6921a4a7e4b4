package io.k2.floe.tiering.warm;

import io.k2.floe.tiering.catalog.TimeEncoding;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.k2.floe.tiering.warm.RecordingSink.NULL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Decoding each type from hand-written RowBinary bytes (little-endian, as ClickHouse writes them). */
class RowBinaryDecoderTest {

    private static List<WarmColumn> columns(String... types) {
        List<WarmColumn> list = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            list.add(ColdTypeMapping.column("t", "c" + i, types[i], null));
        }
        return list;
    }

    private static List<List<Object>> decode(List<WarmColumn> columns, byte[] bytes) throws IOException {
        RecordingSink sink = new RecordingSink(columns.size());
        long rows = new RowBinaryDecoder(columns).decode(new ByteArrayInputStream(bytes), sink);
        assertThat(rows).isEqualTo(sink.rows.size());
        return sink.rows;
    }

    /** Little-endian byte writer. */
    static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes u8(int v) {
            out.write(v);
            return this;
        }

        Bytes le(long v, int width) {
            for (int i = 0; i < width; i++) {
                out.write((int) (v >>> (8 * i)));
            }
            return this;
        }

        Bytes string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            long n = b.length;
            do {
                int part = (int) (n & 0x7f);
                n >>>= 7;
                out.write(n == 0 ? part : part | 0x80);
            } while (n != 0);
            out.writeBytes(b);
            return this;
        }

        Bytes raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        byte[] get() {
            return out.toByteArray();
        }
    }

    @Test
    void signedAndUnsignedIntegersAtTheirLimits() throws IOException {
        List<WarmColumn> cols = columns("Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64");
        byte[] bytes = new Bytes()
                .le(-128, 1).le(-32768, 2).le(Integer.MIN_VALUE, 4).le(Long.MIN_VALUE, 8)
                .le(255, 1).le(65535, 2).le(0xffffffffL, 4).le(Long.MAX_VALUE, 8)
                .le(127, 1).le(32767, 2).le(Integer.MAX_VALUE, 4).le(Long.MAX_VALUE, 8)
                .le(0, 1).le(0, 2).le(0, 4).le(0, 8)
                .get();
        assertThat(decode(cols, bytes)).containsExactly(
                List.of(-128, -32768, Integer.MIN_VALUE, Long.MIN_VALUE, 255, 65535, 4294967295L, Long.MAX_VALUE),
                List.of(127, 32767, Integer.MAX_VALUE, Long.MAX_VALUE, 0, 0, 0L, 0L));
    }

    @Test
    void aUInt64AboveLongMaxFailsNamingTableColumnAndValue() {
        List<WarmColumn> cols = List.of(ColdTypeMapping.column("bronze_trades_binance", "trade_id", "UInt64", null));
        byte[] bytes = new Bytes().le(-1L, 8).get();
        assertThatThrownBy(() -> decode(cols, bytes))
                .isInstanceOf(WarmReadException.class)
                .hasMessageContaining("table bronze_trades_binance")
                .hasMessageContaining("column trade_id")
                .hasMessageContaining("value 18446744073709551615");
    }

    @Test
    void floats() throws IOException {
        byte[] bytes = new Bytes().le(Float.floatToIntBits(-1.5f), 4).le(Double.doubleToLongBits(Math.PI), 8)
                .le(Float.floatToIntBits(Float.NaN), 4).le(Double.doubleToLongBits(Double.NEGATIVE_INFINITY), 8).get();
        assertThat(decode(columns("Float32", "Float64"), bytes)).containsExactly(
                List.of(-1.5f, Math.PI), List.of(Float.NaN, Double.NEGATIVE_INFINITY));
    }

    @Test
    void decimalsOfEveryWidth() throws IOException {
        List<WarmColumn> cols = columns("Decimal(9, 2)", "Decimal(18, 8)", "Decimal(38, 16)");
        byte[] bytes = new Bytes()
                .le(-12345, 4).le(-1, 8).le(5, 8).le(0, 8)                  // -123.45, -0.00000001, 5e-16
                .le(999_999_999, 4).le(999_999_999_999_999_999L, 8)    // max of each
                .raw(le128(new BigDecimal("-12345678901234567890.1234567890123456").unscaledValue().toByteArray()))
                .get();
        assertThat(decode(cols, bytes)).containsExactly(
                List.of(new BigDecimal("-123.45"), new BigDecimal("-0.00000001"), new BigDecimal("5E-16")),
                List.of(new BigDecimal("9999999.99"), new BigDecimal("9999999999.99999999"),
                        new BigDecimal("-12345678901234567890.1234567890123456")));
    }

    /** A big-endian two's-complement integer as 16 little-endian bytes. */
    static byte[] le128(byte[] bigEndian) {
        byte[] out = new byte[16];
        byte sign = (byte) (bigEndian[0] < 0 ? -1 : 0);
        for (int i = 0; i < 16; i++) {
            int from = bigEndian.length - 1 - i;
            out[i] = from >= 0 ? bigEndian[from] : sign;
        }
        return out;
    }

    @Test
    void stringsAreBytesWithAVarIntLength() throws IOException {
        String long300 = "é".repeat(150); // 300 bytes: a two-byte length
        byte[] bytes = new Bytes().string("").string("Zürich 東京").string(long300).string("x").get();
        assertThat(decode(columns("String", "LowCardinality(String)"), bytes)).containsExactly(
                List.of("", "Zürich 東京"), List.of(long300, "x"));
    }

    @Test
    void aStringLargerThanTheBufferIsStillReadWhole() throws IOException {
        String big = "0123456789".repeat(30_000);
        RecordingSink sink = new RecordingSink(1);
        new RowBinaryDecoder(columns("String")).decode(new ByteArrayInputStream(new Bytes().string(big).get()), sink, 1024);
        assertThat(sink.rows).containsExactly(List.of(big));
    }

    @Test
    void fixedStringsKeepTheirZeroPadding() throws IOException {
        byte[] bytes = new Bytes().raw(new byte[]{'a', 'b', 0}).get();
        List<List<Object>> rows = decode(columns("FixedString(3)"), bytes);
        assertThat((byte[]) rows.get(0).get(0)).containsExactly('a', 'b', 0);
    }

    @Test
    void nullableValuesHaveANullByteFirst() throws IOException {
        byte[] bytes = new Bytes().u8(1).u8(0).le(7, 4).u8(0).string("s").u8(1).get();
        assertThat(decode(columns("Nullable(String)", "Nullable(Int32)"), bytes)).containsExactly(
                java.util.Arrays.asList(NULL, 7), java.util.Arrays.asList("s", NULL));
    }

    @Test
    void enumsAreTheirNumberMappedToTheName() throws IOException {
        byte[] bytes = new Bytes().le(-2, 1).le(1000, 2).le(1, 1).le(-300, 2).get();
        assertThat(decode(columns("Enum8('buy' = 1, 'sell' = -2)", "Enum16('it\\'s' = -300, 'b' = 1000)"), bytes))
                .containsExactly(List.of("sell", "b"), List.of("buy", "it's"));
    }

    @Test
    void anEnumNumberOutsideTheTypeIsAnError() {
        byte[] bytes = new Bytes().le(9, 1).get();
        assertThatThrownBy(() -> decode(columns("Enum8('buy' = 1)"), bytes))
                .isInstanceOf(WarmReadException.class).hasMessageContaining("column c0").hasMessageContaining("value 9");
    }

    @Test
    void uuidIsTwoLittleEndianHalvesHighFirst() throws IOException {
        // bytes from ClickHouse 18.16: SELECT toUUID('01234567-89ab-cdef-0011-223344556677') FORMAT RowBinary
        byte[] bytes = java.util.HexFormat.of().parseHex("efcdab89674523017766554433221100");
        assertThat(decode(columns("UUID"), bytes)).containsExactly(
                List.of(UUID.fromString("01234567-89ab-cdef-0011-223344556677")));
    }

    @Test
    void datesAndTimes() throws IOException {
        List<WarmColumn> cols = columns("Date", "DateTime", "DateTime64(3)", "DateTime64(9)", "Bool");
        byte[] bytes = new Bytes()
                .le(20179, 2).le(1743510896L, 4).le(-1, 8).le(-1001, 8).u8(1)
                .le(65535, 2).le(0xffffffffL, 4).le(1743510896789L, 8).le(1743510896789123999L, 8).u8(0)
                .get();
        assertThat(decode(cols, bytes)).containsExactly(
                List.of(LocalDate.of(2025, 4, 1), Instant.parse("2025-04-01T12:34:56Z"),
                        Instant.parse("1969-12-31T23:59:59.999Z"), Instant.parse("1969-12-31T23:59:59.999998Z"), true),
                List.of(LocalDate.of(2149, 6, 6), Instant.parse("2106-02-07T06:28:15Z"),
                        Instant.parse("2025-04-01T12:34:56.789Z"), Instant.parse("2025-04-01T12:34:56.789123Z"), false));
    }

    @Test
    void epochMicrosAndMillisColumnsBecomeTimestamps() throws IOException {
        List<WarmColumn> cols = List.of(
                ColdTypeMapping.column("t", "trade_time_us", "Int64", TimeEncoding.EPOCH_MICROS),
                ColdTypeMapping.column("t", "time_ms", "Int64", TimeEncoding.EPOCH_MILLIS));
        byte[] bytes = new Bytes().le(1743510896789123L, 8).le(1743510896789L, 8).get();
        assertThat(decode(cols, bytes)).containsExactly(
                List.of(Instant.parse("2025-04-01T12:34:56.789123Z"), Instant.parse("2025-04-01T12:34:56.789Z")));
    }

    @Test
    void aStreamEndingInsideARowIsAnError() {
        byte[] bytes = new Bytes().le(1, 4).le(2, 2).get();
        assertThatThrownBy(() -> decode(columns("Int32", "Int32"), bytes))
                .isInstanceOf(WarmReadException.class).hasMessageContaining("ended inside a row");
    }

    @Test
    void anErrorAppendedBy1816IsReportedAndNeverDecodedAsRows() throws IOException {
        // one UInt8 column: without detection every byte of the error text would be a row
        String error = "Code: 395, e.displayText() = DB::Exception: Value passed to 'throwIf' function is non zero, e.what() = DB::Exception\n";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < 200_000; i++) {
            body.write(0);
        }
        body.writeBytes(error.getBytes(StandardCharsets.US_ASCII));
        CountingSink sink = new CountingSink();
        assertThatThrownBy(() -> new RowBinaryDecoder(columns("UInt8")).decode(new ByteArrayInputStream(body.toByteArray()), sink, 4096))
                .isInstanceOf(WarmReadException.class)
                .hasMessageContaining("ClickHouse reported an error after sending part of the result")
                .hasMessageContaining("Code: 395");
        assertThat(sink.rows).isEqualTo(200_000);
        assertThat(sink.nonZero).isZero();
    }

    @Test
    void anErrorInTheFormatOfCurrentReleasesIsReportedToo() {
        String error = "Code: 395. DB::Exception: Value passed to 'throwIf' function is non-zero: while executing 'FUNCTION throwIf(...)'. (FUNCTION_THROW_IF_VALUE_IS_NON_ZERO) (version 26.7.2.1)\n";
        byte[] bytes = new Bytes().string("a").string("b").raw(error.getBytes(StandardCharsets.US_ASCII)).get();
        CountingSink sink = new CountingSink();
        assertThatThrownBy(() -> new RowBinaryDecoder(columns("String")).decode(new ByteArrayInputStream(bytes), sink))
                .isInstanceOf(WarmReadException.class).hasMessageContaining("FUNCTION_THROW_IF_VALUE_IS_NON_ZERO");
        assertThat(sink.rows).isEqualTo(2);
    }

    @Test
    void aSinkCanStopTheRead() throws IOException {
        byte[] bytes = new Bytes().le(1, 4).le(2, 4).le(3, 4).get();
        RowSinkAdapter firstOnly = new RowSinkAdapter() {
            @Override
            public void setInt(int column, int value) {
            }

            @Override
            public boolean endRow() {
                return false;
            }
        };
        assertThat(new RowBinaryDecoder(columns("Int32")).decode(new ByteArrayInputStream(bytes), firstOnly)).isEqualTo(1);
    }

    @Test
    void readsFromAStreamThatHandsOutFewBytesAtATime() throws IOException {
        Bytes b = new Bytes();
        for (int i = 0; i < 1000; i++) {
            b.le(i, 8).string("v" + i);
        }
        byte[] bytes = b.get();
        InputStream trickle = new InputStream() {
            private int at;

            @Override
            public int read() {
                return at < bytes.length ? bytes[at++] & 0xff : -1;
            }

            @Override
            public int read(byte[] dst, int off, int len) {
                if (at >= bytes.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, 3), bytes.length - at);
                System.arraycopy(bytes, at, dst, off, n);
                at += n;
                return n;
            }
        };
        RecordingSink sink = new RecordingSink(2);
        new RowBinaryDecoder(columns("Int64", "String")).decode(trickle, sink, 1024);
        assertThat(sink.rows).hasSize(1000);
        assertThat(sink.rows.get(999)).containsExactly(999L, "v999");
    }

    static final class CountingSink extends RowSinkAdapter {
        long rows;
        long nonZero;

        @Override
        public void setInt(int column, int value) {
            if (value != 0) {
                nonZero++;
            }
        }

        @Override
        public void setString(int column, byte[] bytes, int offset, int length) {
        }

        @Override
        public boolean endRow() {
            rows++;
            return true;
        }
    }

}
