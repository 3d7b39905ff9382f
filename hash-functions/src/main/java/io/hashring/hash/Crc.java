package io.hashring.hash;

/**
 * Table-driven CRCs (no {@code java.util.zip.CRC32} per call): the zlib/IEEE CRC-32 (reflected
 * polynomial 0xEDB88320, init and final xor 0xFFFFFFFF) and twemproxy's untruncated CRC-16/XMODEM.
 */
final class Crc {

    private Crc() {
    }

    private static final int[] CRC32_TABLE = new int[256];
    private static final int[] CRC16_TABLE = new int[256];

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
            }
            CRC32_TABLE[n] = c;
            int r = n << 8;
            for (int k = 0; k < 8; k++) {
                r = (r & 0x8000) != 0 ? (r << 1) ^ 0x1021 : r << 1;
            }
            CRC16_TABLE[n] = r & 0xffff;
        }
    }

    /** zlib {@code crc32(0, key, len)}. */
    static int crc32(byte[] key, int offset, int length) {
        return ~update(~0, key, offset, length);
    }

    /** Continues a raw (pre-inverted) CRC-32 register; {@code crc32 = ~update(~0, ...)}. */
    static int update(int reg, byte[] key, int offset, int length) {
        int c = reg;
        for (int i = offset, end = offset + length; i < end; i++) {
            c = CRC32_TABLE[(c ^ key[i]) & 0xff] ^ (c >>> 8);
        }
        return c;
    }

    /** One more byte into a raw CRC-32 register. */
    static int update(int reg, int b) {
        return CRC32_TABLE[(reg ^ b) & 0xff] ^ (reg >>> 8);
    }

    /** zlib/IEEE CRC-32 ({@code crc32}, {@code crc32a} in twemproxy, dalli's {@code Zlib.crc32}). */
    static final class Crc32 extends NamedHash {
        Crc32(String name) {
            super(name);
        }

        @Override
        public int hash(byte[] key, int offset, int length) {
            check(key, offset, length);
            return crc32(key, offset, length);
        }
    }

    /**
     * {@code (crc32 >> 16) & 0x7fff}: Cache::Memcached's hash, libhashkit's {@code crc}, twemproxy's
     * {@code crc32}, spymemcached's CRC_HASH, xmemcached's CRC32_HASH. Range 0..32767.
     */
    static final class Crc15 extends NamedHash {
        Crc15(String name) {
            super(name);
        }

        @Override
        public int hash(byte[] key, int offset, int length) {
            check(key, offset, length);
            return (crc32(key, offset, length) >>> 16) & 0x7fff;
        }
    }

    /**
     * twemproxy's {@code crc16}: CRC-16/XMODEM table (poly 0x1021, init 0), but the accumulator
     * is a {@code uint32_t} that is never truncated: {@code acc = (acc << 8) ^ T[((acc >> 8) ^ b) & 0xff]}.
     * The low 16 bits are the true CRC-16/XMODEM.
     */
    static final class Crc16 extends NamedHash {
        Crc16() {
            super("crc16");
        }

        @Override
        public int hash(byte[] key, int offset, int length) {
            check(key, offset, length);
            int acc = 0;
            for (int i = offset, end = offset + length; i < end; i++) {
                acc = (acc << 8) ^ CRC16_TABLE[((acc >>> 8) ^ key[i]) & 0xff];
            }
            return acc;
        }
    }
}
