package io.hashring.core;

/**
 * MD5 (RFC 1321) over byte slices, allocation-free, written for ketama rings.
 *
 * <p>Ketama rings need MD5 twice: once per key ({@code MD5word(key, 0)}, the first four digest
 * bytes read little-endian) and once per group of four ring points (all four words). The JDK's
 * {@link java.security.MessageDigest} allocates per digest and needs a per-thread instance; this
 * class keeps the whole state in locals, so hashing a key allocates nothing and is thread-safe.
 *
 * <p>Word {@code j} of a digest is digest bytes {@code 4j..4j+3} read little-endian, which is
 * exactly MD5's internal state word {@code j}: no byte shuffling is needed.
 */
public final class Md5 {

    private Md5() {
    }

    /**
     * Returns word 0 of the MD5 digest of {@code data[offset, offset+length)}: the ketama key hash
     * (libketama, libmemcached, spymemcached and xmemcached all use it).
     */
    public static int firstWord(byte[] data, int offset, int length) {
        return digest(data, offset, length, null);
    }

    /** Writes the four little-endian words of the MD5 digest into {@code words[0..3]}. */
    public static void words(byte[] data, int offset, int length, int[] words) {
        if (words.length < 4) {
            throw new IllegalArgumentException("words needs room for 4 ints, has " + words.length);
        }
        digest(data, offset, length, words);
    }

    /** Returns the 16-byte MD5 digest (allocates the result; for tests and tools). */
    public static byte[] digest(byte[] data) {
        int[] w = new int[4];
        digest(data, 0, data.length, w);
        byte[] out = new byte[16];
        for (int i = 0; i < 16; i++) {
            out[i] = (byte) (w[i >>> 2] >>> (8 * (i & 3)));
        }
        return out;
    }

    private static int digest(byte[] m, int off, int len, int[] out) {
        java.util.Objects.checkFromIndexSize(off, len, m.length);
        final int total = ((len + 8) >>> 6 << 6) + 64;   // padded length: data, 0x80, zeros, 8-byte length
        final long bitLength = (long) len << 3;
        int a = 0x67452301;
        int b = 0xefcdab89;
        int c = 0x98badcfe;
        int d = 0x10325476;
        for (int base = 0; base < total; base += 64) {
            final int x0 = word(m, off, len, total, bitLength, base);
            final int x1 = word(m, off, len, total, bitLength, base + 4);
            final int x2 = word(m, off, len, total, bitLength, base + 8);
            final int x3 = word(m, off, len, total, bitLength, base + 12);
            final int x4 = word(m, off, len, total, bitLength, base + 16);
            final int x5 = word(m, off, len, total, bitLength, base + 20);
            final int x6 = word(m, off, len, total, bitLength, base + 24);
            final int x7 = word(m, off, len, total, bitLength, base + 28);
            final int x8 = word(m, off, len, total, bitLength, base + 32);
            final int x9 = word(m, off, len, total, bitLength, base + 36);
            final int x10 = word(m, off, len, total, bitLength, base + 40);
            final int x11 = word(m, off, len, total, bitLength, base + 44);
            final int x12 = word(m, off, len, total, bitLength, base + 48);
            final int x13 = word(m, off, len, total, bitLength, base + 52);
            final int x14 = word(m, off, len, total, bitLength, base + 56);
            final int x15 = word(m, off, len, total, bitLength, base + 60);
            final int aa = a;
            final int bb = b;
            final int cc = c;
            final int dd = d;
            a = b + Integer.rotateLeft(a + (b & c | ~b & d) + x0 + 0xd76aa478, 7);
            d = a + Integer.rotateLeft(d + (a & b | ~a & c) + x1 + 0xe8c7b756, 12);
            c = d + Integer.rotateLeft(c + (d & a | ~d & b) + x2 + 0x242070db, 17);
            b = c + Integer.rotateLeft(b + (c & d | ~c & a) + x3 + 0xc1bdceee, 22);
            a = b + Integer.rotateLeft(a + (b & c | ~b & d) + x4 + 0xf57c0faf, 7);
            d = a + Integer.rotateLeft(d + (a & b | ~a & c) + x5 + 0x4787c62a, 12);
            c = d + Integer.rotateLeft(c + (d & a | ~d & b) + x6 + 0xa8304613, 17);
            b = c + Integer.rotateLeft(b + (c & d | ~c & a) + x7 + 0xfd469501, 22);
            a = b + Integer.rotateLeft(a + (b & c | ~b & d) + x8 + 0x698098d8, 7);
            d = a + Integer.rotateLeft(d + (a & b | ~a & c) + x9 + 0x8b44f7af, 12);
            c = d + Integer.rotateLeft(c + (d & a | ~d & b) + x10 + 0xffff5bb1, 17);
            b = c + Integer.rotateLeft(b + (c & d | ~c & a) + x11 + 0x895cd7be, 22);
            a = b + Integer.rotateLeft(a + (b & c | ~b & d) + x12 + 0x6b901122, 7);
            d = a + Integer.rotateLeft(d + (a & b | ~a & c) + x13 + 0xfd987193, 12);
            c = d + Integer.rotateLeft(c + (d & a | ~d & b) + x14 + 0xa679438e, 17);
            b = c + Integer.rotateLeft(b + (c & d | ~c & a) + x15 + 0x49b40821, 22);
            a = b + Integer.rotateLeft(a + (b & d | c & ~d) + x1 + 0xf61e2562, 5);
            d = a + Integer.rotateLeft(d + (a & c | b & ~c) + x6 + 0xc040b340, 9);
            c = d + Integer.rotateLeft(c + (d & b | a & ~b) + x11 + 0x265e5a51, 14);
            b = c + Integer.rotateLeft(b + (c & a | d & ~a) + x0 + 0xe9b6c7aa, 20);
            a = b + Integer.rotateLeft(a + (b & d | c & ~d) + x5 + 0xd62f105d, 5);
            d = a + Integer.rotateLeft(d + (a & c | b & ~c) + x10 + 0x02441453, 9);
            c = d + Integer.rotateLeft(c + (d & b | a & ~b) + x15 + 0xd8a1e681, 14);
            b = c + Integer.rotateLeft(b + (c & a | d & ~a) + x4 + 0xe7d3fbc8, 20);
            a = b + Integer.rotateLeft(a + (b & d | c & ~d) + x9 + 0x21e1cde6, 5);
            d = a + Integer.rotateLeft(d + (a & c | b & ~c) + x14 + 0xc33707d6, 9);
            c = d + Integer.rotateLeft(c + (d & b | a & ~b) + x3 + 0xf4d50d87, 14);
            b = c + Integer.rotateLeft(b + (c & a | d & ~a) + x8 + 0x455a14ed, 20);
            a = b + Integer.rotateLeft(a + (b & d | c & ~d) + x13 + 0xa9e3e905, 5);
            d = a + Integer.rotateLeft(d + (a & c | b & ~c) + x2 + 0xfcefa3f8, 9);
            c = d + Integer.rotateLeft(c + (d & b | a & ~b) + x7 + 0x676f02d9, 14);
            b = c + Integer.rotateLeft(b + (c & a | d & ~a) + x12 + 0x8d2a4c8a, 20);
            a = b + Integer.rotateLeft(a + (b ^ c ^ d) + x5 + 0xfffa3942, 4);
            d = a + Integer.rotateLeft(d + (a ^ b ^ c) + x8 + 0x8771f681, 11);
            c = d + Integer.rotateLeft(c + (d ^ a ^ b) + x11 + 0x6d9d6122, 16);
            b = c + Integer.rotateLeft(b + (c ^ d ^ a) + x14 + 0xfde5380c, 23);
            a = b + Integer.rotateLeft(a + (b ^ c ^ d) + x1 + 0xa4beea44, 4);
            d = a + Integer.rotateLeft(d + (a ^ b ^ c) + x4 + 0x4bdecfa9, 11);
            c = d + Integer.rotateLeft(c + (d ^ a ^ b) + x7 + 0xf6bb4b60, 16);
            b = c + Integer.rotateLeft(b + (c ^ d ^ a) + x10 + 0xbebfbc70, 23);
            a = b + Integer.rotateLeft(a + (b ^ c ^ d) + x13 + 0x289b7ec6, 4);
            d = a + Integer.rotateLeft(d + (a ^ b ^ c) + x0 + 0xeaa127fa, 11);
            c = d + Integer.rotateLeft(c + (d ^ a ^ b) + x3 + 0xd4ef3085, 16);
            b = c + Integer.rotateLeft(b + (c ^ d ^ a) + x6 + 0x04881d05, 23);
            a = b + Integer.rotateLeft(a + (b ^ c ^ d) + x9 + 0xd9d4d039, 4);
            d = a + Integer.rotateLeft(d + (a ^ b ^ c) + x12 + 0xe6db99e5, 11);
            c = d + Integer.rotateLeft(c + (d ^ a ^ b) + x15 + 0x1fa27cf8, 16);
            b = c + Integer.rotateLeft(b + (c ^ d ^ a) + x2 + 0xc4ac5665, 23);
            a = b + Integer.rotateLeft(a + (c ^ (b | ~d)) + x0 + 0xf4292244, 6);
            d = a + Integer.rotateLeft(d + (b ^ (a | ~c)) + x7 + 0x432aff97, 10);
            c = d + Integer.rotateLeft(c + (a ^ (d | ~b)) + x14 + 0xab9423a7, 15);
            b = c + Integer.rotateLeft(b + (d ^ (c | ~a)) + x5 + 0xfc93a039, 21);
            a = b + Integer.rotateLeft(a + (c ^ (b | ~d)) + x12 + 0x655b59c3, 6);
            d = a + Integer.rotateLeft(d + (b ^ (a | ~c)) + x3 + 0x8f0ccc92, 10);
            c = d + Integer.rotateLeft(c + (a ^ (d | ~b)) + x10 + 0xffeff47d, 15);
            b = c + Integer.rotateLeft(b + (d ^ (c | ~a)) + x1 + 0x85845dd1, 21);
            a = b + Integer.rotateLeft(a + (c ^ (b | ~d)) + x8 + 0x6fa87e4f, 6);
            d = a + Integer.rotateLeft(d + (b ^ (a | ~c)) + x15 + 0xfe2ce6e0, 10);
            c = d + Integer.rotateLeft(c + (a ^ (d | ~b)) + x6 + 0xa3014314, 15);
            b = c + Integer.rotateLeft(b + (d ^ (c | ~a)) + x13 + 0x4e0811a1, 21);
            a = b + Integer.rotateLeft(a + (c ^ (b | ~d)) + x4 + 0xf7537e82, 6);
            d = a + Integer.rotateLeft(d + (b ^ (a | ~c)) + x11 + 0xbd3af235, 10);
            c = d + Integer.rotateLeft(c + (a ^ (d | ~b)) + x2 + 0x2ad7d2bb, 15);
            b = c + Integer.rotateLeft(b + (d ^ (c | ~a)) + x9 + 0xeb86d391, 21);
            a += aa;
            b += bb;
            c += cc;
            d += dd;
        }
        if (out != null) {
            out[0] = a;
            out[1] = b;
            out[2] = c;
            out[3] = d;
        }
        return a;
    }

    /** Little-endian word at position {@code p} of the padded message. */
    private static int word(byte[] m, int off, int len, int total, long bitLength, int p) {
        if (p + 4 <= len) {
            int i = off + p;
            return (m[i] & 0xff) | (m[i + 1] & 0xff) << 8 | (m[i + 2] & 0xff) << 16 | (m[i + 3] & 0xff) << 24;
        }
        return padded(m, off, len, total, bitLength, p)
                | padded(m, off, len, total, bitLength, p + 1) << 8
                | padded(m, off, len, total, bitLength, p + 2) << 16
                | padded(m, off, len, total, bitLength, p + 3) << 24;
    }

    private static int padded(byte[] m, int off, int len, int total, long bitLength, int p) {
        if (p < len) {
            return m[off + p] & 0xff;
        }
        if (p == len) {
            return 0x80;
        }
        int lengthStart = total - 8;
        return p >= lengthStart ? (int) (bitLength >>> (8 * (p - lengthStart))) & 0xff : 0;
    }
}
