package io.k2.floe.tiering.warm;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** R-FAST: the reader's memory is its buffer, whatever the size of the result. */
class RowBinaryInputMemoryTest {

    /** Rows of (Int64, String of 20 bytes) produced on the fly: nothing but the reader holds them. */
    private static InputStream rows(long count, int stringLength) {
        int rowLength = 8 + 1 + stringLength;
        return new InputStream() {
            private long position;
            private final long total = count * rowLength;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= total) {
                    return -1;
                }
                int n = (int) Math.min(len, total - position);
                for (int i = 0; i < n; i++) {
                    int inRow = (int) ((position + i) % rowLength);
                    b[off + i] = inRow == 8 ? (byte) stringLength : (byte) (inRow < 8 ? 1 : 'x');
                }
                position += n;
                return n;
            }
        };
    }

    @Test
    void aHundredMegabytesPassThroughAFixedBuffer() throws IOException {
        long count = 100_000_000L / 29;
        RowBinaryInput input = new RowBinaryInput(rows(count, 20), 256 * 1024);
        int capacity = input.capacity();
        long read = 0;
        while (!input.startRow()) {
            assertThat(input.readLong()).isEqualTo(0x0101010101010101L);
            int length = input.readVarIntLength();
            input.require(length);
            input.skip(length);
            read++;
        }
        assertThat(read).isEqualTo(count);
        assertThat(input.capacity()).isEqualTo(capacity).isEqualTo(256 * 1024);
    }

    @Test
    void onlyAValueLargerThanTheBufferGrowsIt() throws IOException {
        int big = 1_000_000;
        byte[] row = new byte[3 + big];
        row[0] = (byte) (0x80 | (big & 0x7f));
        row[1] = (byte) (0x80 | ((big >>> 7) & 0x7f));
        row[2] = (byte) (big >>> 14);
        RowBinaryInput input = new RowBinaryInput(new java.io.ByteArrayInputStream(row), 256 * 1024);
        assertThat(input.startRow()).isFalse();
        int length = input.readVarIntLength();
        assertThat(length).isEqualTo(big);
        input.require(length);
        input.skip(length);
        assertThat(input.startRow()).isTrue();
        assertThat(input.capacity()).isGreaterThanOrEqualTo(big).isLessThan(4 * big);
    }
}
