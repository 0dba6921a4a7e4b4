package io.k2.floe.tiering.warm.figures;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer reused for every row's canonical text, so hashing a row allocates next to nothing. */
public final class RowBytes {

    private byte[] bytes = new byte[256];
    private int length;

    public void reset() {
        length = 0;
    }

    public int length() {
        return length;
    }

    public byte[] array() {
        return bytes;
    }

    public void append(byte b) {
        ensure(1);
        bytes[length++] = b;
    }

    public void append(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
    }

    /** ASCII text such as a number or a UUID. */
    public void appendAscii(String text) {
        append(text.getBytes(StandardCharsets.US_ASCII));
    }

    public void appendDecimal(long value) {
        if (value == Long.MIN_VALUE) {
            appendAscii(Long.toString(value));
            return;
        }
        ensure(20);
        if (value < 0) {
            bytes[length++] = '-';
            value = -value;
        }
        // count the digits, then write them from the last: no reversing pass (this runs for most values of a row)
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        int at = length + digits;
        length = at;
        do {
            bytes[--at] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
