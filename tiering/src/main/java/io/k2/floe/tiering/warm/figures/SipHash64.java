package io.k2.floe.tiering.warm.figures;

/**
 * SipHash-2-4 with the all-zero key, as ClickHouse's {@code sipHash64(String)} computes it: the warm side hashes its
 * rows in SQL and the cold side here, so the two must agree bit for bit ({@code SipHash64Test} pins ClickHouse's
 * answers).
 */
public final class SipHash64 {

    private long v0 = 0x736f6d6570736575L;
    private long v1 = 0x646f72616e646f6dL;
    private long v2 = 0x6c7967656e657261L;
    private long v3 = 0x7465646279746573L;

    private SipHash64() {
    }

    /** The hash of the first {@code length} bytes of {@code data}. */
    public static long hash(byte[] data, int length) {
        SipHash64 s = new SipHash64();
        int whole = length & ~7;
        for (int i = 0; i < whole; i += 8) {
            s.absorb(littleEndian(data, i, 8));
        }
        s.absorb(littleEndian(data, whole, length - whole) | ((long) (length & 0xff) << 56));
        s.v2 ^= 0xff;
        s.rounds(4);
        return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
    }

    private void absorb(long block) {
        v3 ^= block;
        rounds(2);
        v0 ^= block;
    }

    private void rounds(int count) {
        for (int r = 0; r < count; r++) {
            v0 += v1;
            v1 = Long.rotateLeft(v1, 13) ^ v0;
            v0 = Long.rotateLeft(v0, 32);
            v2 += v3;
            v3 = Long.rotateLeft(v3, 16) ^ v2;
            v0 += v3;
            v3 = Long.rotateLeft(v3, 21) ^ v0;
            v2 += v1;
            v1 = Long.rotateLeft(v1, 17) ^ v2;
            v2 = Long.rotateLeft(v2, 32);
        }
    }

    private static long littleEndian(byte[] data, int from, int count) {
        long value = 0;
        for (int i = count - 1; i >= 0; i--) {
            value = (value << 8) | (data[from + i] & 0xffL);
        }
        return value;
    }
}
