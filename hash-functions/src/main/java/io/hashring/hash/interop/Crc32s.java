package io.hashring.hash.interop;

/** A raw (pre-inverted) CRC-32 register update for nginx's chained points; build-time only. */
final class Crc32s {

    private static final int[] TABLE = new int[256];

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
            }
            TABLE[n] = c;
        }
    }

    private Crc32s() {
    }

    static int update(int reg, byte[] b) {
        int c = reg;
        for (byte x : b) {
            c = TABLE[(c ^ x) & 0xff] ^ (c >>> 8);
        }
        return c;
    }
}
