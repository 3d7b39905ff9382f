package io.hashring.core;

import io.hashring.core.internal.KeyBuffer;

/**
 * xxHash64 with seed 0 (Yann Collet's XXH64 as specified in {@code xxhash.h}), the key hash of the
 * native routers; plus the 64-bit mixer they derive per-node and per-probe values with. As a
 * {@link HashFunction} it answers the low 32 bits, like {@code hashring-hash}'s {@code xxh64}.
 * Immutable, thread-safe, allocation-free (text keys go through the per-thread UTF-8 buffer).
 */
final class Xxh64 implements HashFunction {

    static final Xxh64 INSTANCE = new Xxh64();

    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    /** The golden-ratio increment of SplitMix64 (Steele, Lea, Flood 2014): successive probe states. */
    static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Xxh64() {
    }

    @Override
    public String name() {
        return "xxh64";
    }

    @Override
    public int hash(byte[] key, int offset, int length) {
        return (int) hash64(key, offset, length);
    }

    /** The 64-bit hash of a text key's UTF-8 bytes. */
    static long hash64(CharSequence key) {
        KeyBuffer scratch = KeyBuffer.utf8(key);
        return hash64(scratch.bytes(), 0, scratch.length());
    }

    /** The 64-bit hash of a string's UTF-8 bytes (node ids). */
    static long hash64(String id) {
        return hash64((CharSequence) id);
    }

    /** The 64-bit hash of {@code b[off, off+len)}. */
    static long hash64(byte[] b, int off, int len) {
        if (b == null) {
            throw new NullPointerException("key is null");
        }
        if (off < 0 || len < 0 || off > b.length - len) {
            throw new IndexOutOfBoundsException("key range [" + off + ", " + off + " + " + len + ") is outside an array of " + b.length);
        }
        int p = off;
        int end = off + len;
        long h;
        if (len >= 32) {
            long v1 = P1 + P2;
            long v2 = P2;
            long v3 = 0;
            long v4 = -P1;
            do {
                v1 = round(v1, le64(b, p));
                v2 = round(v2, le64(b, p + 8));
                v3 = round(v3, le64(b, p + 16));
                v4 = round(v4, le64(b, p + 24));
                p += 32;
            } while (p <= end - 32);
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = (h ^ round(0, v1)) * P1 + P4;
            h = (h ^ round(0, v2)) * P1 + P4;
            h = (h ^ round(0, v3)) * P1 + P4;
            h = (h ^ round(0, v4)) * P1 + P4;
        } else {
            h = P5;
        }
        h += len;
        for (; p + 8 <= end; p += 8) {
            h ^= round(0, le64(b, p));
            h = Long.rotateLeft(h, 27) * P1 + P4;
        }
        if (p + 4 <= end) {
            h ^= (le32(b, p) & 0xFFFFFFFFL) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            p += 4;
        }
        for (; p < end; p++) {
            h ^= (b[p] & 0xFFL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
        }
        h = (h ^ (h >>> 33)) * P2;
        h = (h ^ (h >>> 29)) * P3;
        return h ^ (h >>> 32);
    }

    private static long round(long acc, long lane) {
        return Long.rotateLeft(acc + lane * P2, 31) * P1;
    }

    private static long le64(byte[] b, int p) {
        return (le32(b, p) & 0xFFFFFFFFL) | (long) le32(b, p + 4) << 32;
    }

    private static int le32(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
    }

    /**
     * A bijective 64-bit finaliser (SplitMix64's output function, the variant with shifts 30/27/31
     * and multipliers from David Stafford's "Mix13"): every input bit affects every output bit.
     */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** {@code floor(x * n / 2^64)} for unsigned {@code x}: a uniform index in {@code [0, n)} without division (Lemire). */
    static int reduce(long x, int n) {
        return (int) (Math.multiplyHigh(x, n) + ((x >> 63) & n));
    }
}
