package io.k2.floe.tiering.warm;

import java.util.Arrays;

/**
 * The sort key of one warm row in the order the cold writer needs it: the cold partition first (as the start of
 * the partition, in epoch microseconds), then the cluster-by columns. Numbers compare as ClickHouse sorts them
 * (signed, or unsigned for UInt64); strings byte by byte, unsigned, as ClickHouse compares String. Mutable and
 * reused: a {@link RowKeyScanner} fills it row after row, so reading keys allocates nothing per row.
 */
final class RowKey implements Comparable<RowKey> {

    long partition;
    private final boolean[] text;
    private final boolean[] unsigned;
    final long[] numbers;
    final byte[][] bytes;
    final int[] lengths;

    RowKey(boolean[] text, boolean[] unsigned) {
        this.text = text;
        this.unsigned = unsigned;
        this.numbers = new long[text.length];
        this.bytes = new byte[text.length][];
        this.lengths = new int[text.length];
        for (int i = 0; i < text.length; i++) {
            if (text[i]) {
                bytes[i] = new byte[32];
            }
        }
    }

    /** Copies {@code length} bytes into component {@code i} (growing its array if it must). */
    void setBytes(int i, byte[] from, int offset, int length) {
        byte[] to = bytes[i];
        if (to.length < length) {
            to = new byte[Math.max(length, 2 * to.length)];
            bytes[i] = to;
        }
        System.arraycopy(from, offset, to, 0, length);
        lengths[i] = length;
    }

    @Override
    public int compareTo(RowKey other) {
        int c = Long.compare(partition, other.partition);
        for (int i = 0; c == 0 && i < numbers.length; i++) {
            if (text[i]) {
                c = Arrays.compareUnsigned(bytes[i], 0, lengths[i], other.bytes[i], 0, other.lengths[i]);
            } else {
                c = unsigned[i] ? Long.compareUnsigned(numbers[i], other.numbers[i]) : Long.compare(numbers[i], other.numbers[i]);
            }
        }
        return c;
    }

    /** The key as a person reads it, for messages: partition start and the components. */
    String shown() {
        StringBuilder s = new StringBuilder("(partition from ").append(partition).append(" µs");
        for (int i = 0; i < numbers.length; i++) {
            s.append(", ");
            if (text[i]) {
                s.append('\'').append(new String(bytes[i], 0, lengths[i], java.nio.charset.StandardCharsets.UTF_8)).append('\'');
            } else {
                s.append(unsigned[i] ? Long.toUnsignedString(numbers[i]) : Long.toString(numbers[i]));
            }
        }
        return s.append(')').toString();
    }
}
