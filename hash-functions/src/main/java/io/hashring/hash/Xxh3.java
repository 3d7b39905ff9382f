package io.hashring.hash;

/**
 * XXH3 64-bit (Yann Collet, {@code xxhash.h} 0.8.x {@code XXH3_64bits_withSeed}; seed 0 is
 * {@code XXH3_64bits}), transcribed from the scalar code path: the length classes 0, 1-3, 4-8, 9-16,
 * 17-128, 129-240 and the striped long path above 240 bytes, whose secret is the default one
 * altered by the seed ({@code XXH3_initCustomSecret}) when the seed is not 0. Output is the same
 * on every platform (the vectorised C paths compute the same values). Immutable and thread-safe;
 * allocation-free up to 240 bytes (every memcached key fits); a longer input allocates its 8-lane
 * accumulator. The seeded long-input secret is computed once per instance.
 */
final class Xxh3 extends NamedHash implements Hash64 {

    private static final long P32_1 = 0x9E3779B1L;
    private static final long P32_2 = 0x85EBCA77L;
    private static final long P32_3 = 0xC2B2AE3DL;
    private static final long P64_1 = 0x9E3779B185EBCA87L;
    private static final long P64_2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P64_3 = 0x165667B19E3779F9L;
    private static final long P64_4 = 0x85EBCA77C2B2AE63L;
    private static final long P64_5 = 0x27D4EB2F165667C5L;

    /** {@code XXH3_kSecret}: 192 bytes "taken directly from FARSH". */
    private static final byte[] K_SECRET = bytes(
            0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c,
            0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f,
            0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21,
            0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e, 0xe0, 0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c,
            0x3c, 0x28, 0x52, 0xbb, 0x91, 0xc3, 0x00, 0xcb, 0x88, 0xd0, 0x65, 0x8b, 0x1b, 0x53, 0x2e, 0xa3,
            0x71, 0x64, 0x48, 0x97, 0xa2, 0x0d, 0xf9, 0x4e, 0x38, 0x19, 0xef, 0x46, 0xa9, 0xde, 0xac, 0xd8,
            0xa8, 0xfa, 0x76, 0x3f, 0xe3, 0x9c, 0x34, 0x3f, 0xf9, 0xdc, 0xbb, 0xc7, 0xc7, 0x0b, 0x4f, 0x1d,
            0x8a, 0x51, 0xe0, 0x4b, 0xcd, 0xb4, 0x59, 0x31, 0xc8, 0x9f, 0x7e, 0xc9, 0xd9, 0x78, 0x73, 0x64,
            0xea, 0xc5, 0xac, 0x83, 0x34, 0xd3, 0xeb, 0xc3, 0xc5, 0x81, 0xa0, 0xff, 0xfa, 0x13, 0x63, 0xeb,
            0x17, 0x0d, 0xdd, 0x51, 0xb7, 0xf0, 0xda, 0x49, 0xd3, 0x16, 0x55, 0x26, 0x29, 0xd4, 0x68, 0x9e,
            0x2b, 0x16, 0xbe, 0x58, 0x7d, 0x47, 0xa1, 0xfc, 0x8f, 0xf8, 0xb8, 0xd1, 0x7a, 0xd0, 0x31, 0xce,
            0x45, 0xcb, 0x3a, 0x8f, 0x95, 0x16, 0x04, 0x28, 0xaf, 0xd7, 0xfb, 0xca, 0xbb, 0x4b, 0x40, 0x7e);

    /** {@code XXH3_SECRET_SIZE_MIN}. */
    private static final int SECRET_SIZE_MIN = 136;
    private static final int STRIPE_LEN = 64;
    private static final int SECRET_CONSUME_RATE = 8;
    private static final int MIDSIZE_MAX = 240;

    private final long seed;
    /** The long-input secret: the default one for seed 0, else {@code XXH3_initCustomSecret(seed)}. */
    private final byte[] secret;

    Xxh3(long seed) {
        super(seed == 0 ? "xxh3" : "xxh3(seed=" + Long.toUnsignedString(seed) + ")");
        this.seed = seed;
        this.secret = seed == 0 ? K_SECRET : customSecret(seed);
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    /** {@code XXH3_initCustomSecret_scalar}: each 16-byte lane of kSecret as (lo + seed, hi - seed). */
    private static byte[] customSecret(long seed) {
        byte[] s = new byte[K_SECRET.length];
        for (int i = 0; i < K_SECRET.length / 16; i++) {
            writeLe64(s, 16 * i, le64(K_SECRET, 16 * i) + seed);
            writeLe64(s, 16 * i + 8, le64(K_SECRET, 16 * i + 8) - seed);
        }
        return s;
    }

    private static void writeLe64(byte[] b, int i, long v) {
        for (int j = 0; j < 8; j++) {
            b[i + j] = (byte) (v >>> (8 * j));
        }
    }

    @Override
    public long hash64(byte[] key, int offset, int length) {
        check(key, offset, length);
        if (length <= 16) {
            return len0to16(key, offset, length, seed);
        }
        if (length <= 128) {
            return len17to128(key, offset, length, seed);
        }
        if (length <= MIDSIZE_MAX) {
            return len129to240(key, offset, length, seed);
        }
        return hashLong(key, offset, length, secret);
    }

    private static long len0to16(byte[] in, int off, int len, long seed) {
        if (len > 8) {
            long bitflip1 = (le64(K_SECRET, 24) ^ le64(K_SECRET, 32)) + seed;
            long bitflip2 = (le64(K_SECRET, 40) ^ le64(K_SECRET, 48)) - seed;
            long lo = le64(in, off) ^ bitflip1;
            long hi = le64(in, off + len - 8) ^ bitflip2;
            long acc = len + Long.reverseBytes(lo) + hi + mul128Fold64(lo, hi);
            return avalanche(acc);
        }
        if (len >= 4) {
            long s = seed ^ ((long) Integer.reverseBytes((int) seed) & 0xffffffffL) << 32;
            long input1 = le32(in, off) & 0xffffffffL;
            long input2 = le32(in, off + len - 4) & 0xffffffffL;
            long bitflip = (le64(K_SECRET, 8) ^ le64(K_SECRET, 16)) - s;
            long input64 = input2 + (input1 << 32);
            return rrmxmx(input64 ^ bitflip, len);
        }
        if (len > 0) {
            int c1 = in[off] & 0xff;
            int c2 = in[off + (len >> 1)] & 0xff;
            int c3 = in[off + len - 1] & 0xff;
            long combined = ((long) c1 << 16 | (long) c2 << 24 | c3 | (long) len << 8) & 0xffffffffL;
            long bitflip = ((le32(K_SECRET, 0) ^ le32(K_SECRET, 4)) & 0xffffffffL) + seed;
            return xxh64Avalanche(combined ^ bitflip);
        }
        return xxh64Avalanche(seed ^ (le64(K_SECRET, 56) ^ le64(K_SECRET, 64)));
    }

    private static long mix16B(byte[] in, int off, int secretOff, long seed) {
        long lo = le64(in, off);
        long hi = le64(in, off + 8);
        return mul128Fold64(lo ^ (le64(K_SECRET, secretOff) + seed), hi ^ (le64(K_SECRET, secretOff + 8) - seed));
    }

    private static long len17to128(byte[] in, int off, int len, long seed) {
        long acc = len * P64_1;
        if (len > 32) {
            if (len > 64) {
                if (len > 96) {
                    acc += mix16B(in, off + 48, 96, seed);
                    acc += mix16B(in, off + len - 64, 112, seed);
                }
                acc += mix16B(in, off + 32, 64, seed);
                acc += mix16B(in, off + len - 48, 80, seed);
            }
            acc += mix16B(in, off + 16, 32, seed);
            acc += mix16B(in, off + len - 32, 48, seed);
        }
        acc += mix16B(in, off, 0, seed);
        acc += mix16B(in, off + len - 16, 16, seed);
        return avalanche(acc);
    }

    private static long len129to240(byte[] in, int off, int len, long seed) {
        long acc = len * P64_1;
        int rounds = len / 16;
        for (int i = 0; i < 8; i++) {
            acc += mix16B(in, off + 16 * i, 16 * i, seed);
        }
        acc = avalanche(acc);
        for (int i = 8; i < rounds; i++) {
            acc += mix16B(in, off + 16 * i, 16 * (i - 8) + 3, seed); // XXH3_MIDSIZE_STARTOFFSET
        }
        acc += mix16B(in, off + len - 16, SECRET_SIZE_MIN - 17, seed); // XXH3_MIDSIZE_LASTOFFSET
        return avalanche(acc);
    }

    /** {@code XXH3_hashLong_64b_internal} with the scalar accumulate and scramble. */
    private static long hashLong(byte[] in, int off, int len, byte[] secret) {
        long[] acc = {P32_3, P64_1, P64_2, P64_3, P64_4, P32_2, P64_5, P32_1}; // XXH3_INIT_ACC
        int stripesPerBlock = (secret.length - STRIPE_LEN) / SECRET_CONSUME_RATE;
        int blockLen = STRIPE_LEN * stripesPerBlock;
        int blocks = (len - 1) / blockLen;
        for (int n = 0; n < blocks; n++) {
            for (int s = 0; s < stripesPerBlock; s++) {
                accumulate512(acc, in, off + n * blockLen + s * STRIPE_LEN, secret, s * SECRET_CONSUME_RATE);
            }
            scramble(acc, secret, secret.length - STRIPE_LEN);
        }
        int stripes = ((len - 1) - blockLen * blocks) / STRIPE_LEN;
        for (int s = 0; s < stripes; s++) {
            accumulate512(acc, in, off + blocks * blockLen + s * STRIPE_LEN, secret, s * SECRET_CONSUME_RATE);
        }
        // last stripe, XXH_SECRET_LASTACC_START = 7
        accumulate512(acc, in, off + len - STRIPE_LEN, secret, secret.length - STRIPE_LEN - 7);
        // XXH3_mergeAccs from XXH_SECRET_MERGEACCS_START = 11
        long result = len * P64_1;
        for (int i = 0; i < 4; i++) {
            result += mul128Fold64(acc[2 * i] ^ le64(secret, 11 + 16 * i), acc[2 * i + 1] ^ le64(secret, 11 + 16 * i + 8));
        }
        return avalanche(result);
    }

    private static void accumulate512(long[] acc, byte[] in, int inOff, byte[] secret, int secretOff) {
        for (int i = 0; i < 8; i++) {
            long data = le64(in, inOff + 8 * i);
            long key = data ^ le64(secret, secretOff + 8 * i);
            acc[i ^ 1] += data; // swap adjacent lanes
            acc[i] += (key & 0xffffffffL) * (key >>> 32);
        }
    }

    private static void scramble(long[] acc, byte[] secret, int secretOff) {
        for (int i = 0; i < 8; i++) {
            long a = acc[i];
            a ^= a >>> 47;
            a ^= le64(secret, secretOff + 8 * i);
            a *= P32_1;
            acc[i] = a;
        }
    }

    /** {@code XXH3_mul128_fold64}: low 64 bits xor high 64 bits of the unsigned 128-bit product. */
    private static long mul128Fold64(long a, long b) {
        long high = Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a); // unsigned high half (Java 17)
        return a * b ^ high;
    }

    private static long avalanche(long h) {
        h ^= h >>> 37;
        h *= 0x165667919E3779F9L;
        return h ^ h >>> 32;
    }

    private static long rrmxmx(long h, long len) {
        h ^= Long.rotateLeft(h, 49) ^ Long.rotateLeft(h, 24);
        h *= 0x9FB21C651E98DF25L;
        h ^= (h >>> 35) + len;
        h *= 0x9FB21C651E98DF25L;
        return h ^ h >>> 28;
    }

    private static long xxh64Avalanche(long h) {
        h ^= h >>> 33;
        h *= P64_2;
        h ^= h >>> 29;
        h *= P64_3;
        return h ^ h >>> 32;
    }
}
