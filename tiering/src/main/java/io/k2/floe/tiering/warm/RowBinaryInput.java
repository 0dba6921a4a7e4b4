package io.k2.floe.tiering.warm;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A buffered little-endian reader over a RowBinary response that also recognises the error text
 * ClickHouse appends to a 200 response when a query fails after the result started streaming
 * ({@code Code: 395, e.displayText() = DB::Exception: ...} on 18.16, {@code Code: 395. DB::Exception: ...}
 * on current releases). RowBinary has no framing, so the only way to tell such text from data is where
 * it sits: the server writes it after the last complete block, at the very end of the body. The reader
 * therefore keeps {@link #LOOKAHEAD} bytes ahead of each row start; once it has seen the end of the
 * stream, it looks for the error text at the tail and, if there, ends the data where the text begins.
 * Rows before it are data; the error is thrown when decoding reaches it, never decoded as a row.
 * Memory is the buffer (grown only for a single value larger than it), whatever the result size.
 */
final class RowBinaryInput {

    /** Bytes kept ahead of a row start: more than any error text ClickHouse appends. */
    static final int LOOKAHEAD = 64 * 1024;

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] CODE = "Code: ".getBytes(StandardCharsets.US_ASCII);

    private final InputStream in;
    private byte[] buf;
    private int pos;
    private int limit;
    private int rowStart;
    private boolean eof;
    private String serverError;
    private long bytesRead;

    RowBinaryInput(InputStream in, int bufferSize) {
        this.in = in;
        this.buf = new byte[Math.max(bufferSize, 2 * LOOKAHEAD)];
    }

    /** Marks the start of a row; true when the data has ended (throws if it ended in a server error). */
    boolean startRow() throws IOException {
        if (!eof && limit - pos < LOOKAHEAD) {
            rowStart = pos;
            fill(LOOKAHEAD);
        }
        rowStart = pos;
        if (pos < limit) {
            return false;
        }
        if (serverError != null) {
            throw new WarmReadException("ClickHouse reported an error after sending part of the result: " + serverError);
        }
        return true;
    }

    /** Back to the start of the current row, e.g. to decode a row whose key was looked at first. */
    void rewindRow() {
        pos = rowStart;
    }

    /** Makes {@code n} bytes available at {@link #pos()}. */
    void require(int n) throws IOException {
        if (limit - pos < n) {
            fill(n);
            if (limit - pos < n) {
                if (serverError != null) {
                    throw new WarmReadException("ClickHouse reported an error after sending part of the result: " + serverError);
                }
                throw new WarmReadException("the RowBinary stream ended inside a row (after " + (bytesRead - (limit - pos))
                        + " bytes): the connection was cut or the column types do not match the query");
            }
        }
    }

    /** Current buffer size: what the reader holds in memory. */
    int capacity() {
        return buf.length;
    }

    byte[] buffer() {
        return buf;
    }

    int pos() {
        return pos;
    }

    void skip(int n) {
        pos += n;
    }

    byte readByte() throws IOException {
        require(1);
        return buf[pos++];
    }

    short readShort() throws IOException {
        require(2);
        short v = (short) SHORT.get(buf, pos);
        pos += 2;
        return v;
    }

    int readInt() throws IOException {
        require(4);
        int v = (int) INT.get(buf, pos);
        pos += 4;
        return v;
    }

    long readLong() throws IOException {
        require(8);
        long v = (long) LONG.get(buf, pos);
        pos += 8;
        return v;
    }

    /** ClickHouse's unsigned LEB128 length prefix. */
    int readVarIntLength() throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = readByte();
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                if (value > Integer.MAX_VALUE - 16) {
                    throw new WarmReadException("a string of " + value + " bytes in the RowBinary stream is more than Floe reads");
                }
                return (int) value;
            }
        }
        throw new WarmReadException("malformed length in the RowBinary stream");
    }

    private void fill(int needed) throws IOException {
        int keepFrom = Math.min(rowStart, pos);
        if (keepFrom > 0) {
            System.arraycopy(buf, keepFrom, buf, 0, limit - keepFrom);
            limit -= keepFrom;
            pos -= keepFrom;
            rowStart -= keepFrom;
        }
        if (pos + needed > buf.length) {
            byte[] larger = new byte[Math.max(buf.length * 2, pos + needed + LOOKAHEAD)];
            System.arraycopy(buf, 0, larger, 0, limit);
            buf = larger;
        }
        while (!eof && limit - pos < needed) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
                findServerError();
            } else {
                limit += n;
                bytesRead += n;
            }
        }
    }

    /** At the end of the stream: if the tail is ClickHouse's error text, cut it off and keep it. */
    private void findServerError() {
        if (limit == 0 || buf[limit - 1] != '\n') {
            return;
        }
        int from = Math.max(rowStart, limit - LOOKAHEAD);
        for (int i = from; i + CODE.length < limit; i++) {
            if (buf[i] == 'C' && isErrorStart(i)) {
                int end = limit;
                while (end > i && (buf[end - 1] == '\n' || buf[end - 1] == '\r')) {
                    end--;
                }
                serverError = new String(buf, i, end - i, StandardCharsets.UTF_8);
                if (i < pos) {
                    // part of the text was already taken for the current row: stop right here
                    limit = pos;
                } else {
                    limit = i;
                }
                return;
            }
        }
    }

    /** {@code Code: <digits>, e.displayText() = DB::Exception} (18.16) or {@code Code: <digits>. DB::Exception} (current). */
    private boolean isErrorStart(int i) {
        for (int k = 0; k < CODE.length; k++) {
            if (buf[i + k] != CODE[k]) {
                return false;
            }
        }
        int j = i + CODE.length;
        int digits = j;
        while (j < limit && buf[j] >= '0' && buf[j] <= '9') {
            j++;
        }
        if (j == digits) {
            return false;
        }
        String rest = new String(buf, j, Math.min(40, limit - j), StandardCharsets.US_ASCII);
        return rest.startsWith(", e.displayText() = DB::Exception") || rest.startsWith(". DB::Exception");
    }
}
