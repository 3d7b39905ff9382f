package io.hashring.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * MD5 (RFC 1321) over byte slices, allocation-free, written for ketama rings. Internal: users
 * get the ketama key hash from {@link io.hashring.core.HashFunction#md5()}.
 *
 * <p>Ketama rings need MD5 twice: once per key ({@code MD5word(key, 0)}, the first four digest
 * bytes read little-endian) and once per group of four ring points (all four words). The JDK's
 * {@link java.security.MessageDigest} allocates per digest and needs a per-thread instance; this
 * class keeps the whole state in locals, so hashing a key allocates nothing and is thread-safe.
 *
 * <p>Word {@code j} of a digest is digest bytes {@code 4j..4j+3} read little-endian, which is
 * exactly MD5's internal state word {@code j}: no byte shuffling is needed.
 *
 * <p>Speed: one 64-byte block is 64 dependent steps, so the cost is the latency of one step's
 * chain through the newest state word. Each step is written to keep that chain short: the terms
 * that do not depend on it ({@code a + x[k] + T[i]}) come first, so they are ready early; the
 * round functions use the forms with the fewest operations after it ({@code F = d ^ (b & (c ^ d))},
 * {@code G = (c & ~d) + (b & d)}, the two halves having no common bit, {@code H = b ^ (c ^ d)}).
 * About 15% faster than the textbook order on the JIT; the same results (RFC 1321 test suite).
 */
public final class Md5 {

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

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

    /**
     * Two digests at once, for building rings: the words of MD5({@code m1[0, len1)}) into
     * {@code words[0..3]} and of MD5({@code m2[0, len2)}) into {@code words[4..7]}. Both messages
     * must fit one block ({@code len <= 55}). The two computations are interleaved step by step:
     * each alone is one long dependency chain that leaves most of the CPU's ALUs idle, so two
     * cost little more than one (about 1.7x the throughput of two {@link #words} calls).
     */
    public static void words2(byte[] m1, int len1, byte[] m2, int len2, int[] words) {
        if (len1 > 55 || len2 > 55 || len1 > m1.length || len2 > m2.length || len1 < 0 || len2 < 0) {
            throw new IllegalArgumentException("words2 takes two single-block messages, got lengths " + len1 + " and " + len2);
        }
        final long bits1 = (long) len1 << 3;
        final long bits2 = (long) len2 << 3;
        final int x0 = word(m1, 0, len1, 56, bits1, 0);
        final int x1 = word(m1, 0, len1, 56, bits1, 4);
        final int x2 = word(m1, 0, len1, 56, bits1, 8);
        final int x3 = word(m1, 0, len1, 56, bits1, 12);
        final int x4 = word(m1, 0, len1, 56, bits1, 16);
        final int x5 = word(m1, 0, len1, 56, bits1, 20);
        final int x6 = word(m1, 0, len1, 56, bits1, 24);
        final int x7 = word(m1, 0, len1, 56, bits1, 28);
        final int x8 = word(m1, 0, len1, 56, bits1, 32);
        final int x9 = word(m1, 0, len1, 56, bits1, 36);
        final int x10 = word(m1, 0, len1, 56, bits1, 40);
        final int x11 = word(m1, 0, len1, 56, bits1, 44);
        final int x12 = word(m1, 0, len1, 56, bits1, 48);
        final int x13 = word(m1, 0, len1, 56, bits1, 52);
        final int x14 = word(m1, 0, len1, 56, bits1, 56);
        final int x15 = word(m1, 0, len1, 56, bits1, 60);
        final int y0 = word(m2, 0, len2, 56, bits2, 0);
        final int y1 = word(m2, 0, len2, 56, bits2, 4);
        final int y2 = word(m2, 0, len2, 56, bits2, 8);
        final int y3 = word(m2, 0, len2, 56, bits2, 12);
        final int y4 = word(m2, 0, len2, 56, bits2, 16);
        final int y5 = word(m2, 0, len2, 56, bits2, 20);
        final int y6 = word(m2, 0, len2, 56, bits2, 24);
        final int y7 = word(m2, 0, len2, 56, bits2, 28);
        final int y8 = word(m2, 0, len2, 56, bits2, 32);
        final int y9 = word(m2, 0, len2, 56, bits2, 36);
        final int y10 = word(m2, 0, len2, 56, bits2, 40);
        final int y11 = word(m2, 0, len2, 56, bits2, 44);
        final int y12 = word(m2, 0, len2, 56, bits2, 48);
        final int y13 = word(m2, 0, len2, 56, bits2, 52);
        final int y14 = word(m2, 0, len2, 56, bits2, 56);
        final int y15 = word(m2, 0, len2, 56, bits2, 60);
        int a = 0x67452301;
        int b = 0xefcdab89;
        int c = 0x98badcfe;
        int d = 0x10325476;
        int e = a;
        int f = b;
        int g = c;
        int h = d;
        a = b + Integer.rotateLeft(a + x0 + 0xd76aa478 + (d ^ (b & (c ^ d))), 7);
        e = f + Integer.rotateLeft(e + y0 + 0xd76aa478 + (h ^ (f & (g ^ h))), 7);
        d = a + Integer.rotateLeft(d + x1 + 0xe8c7b756 + (c ^ (a & (b ^ c))), 12);
        h = e + Integer.rotateLeft(h + y1 + 0xe8c7b756 + (g ^ (e & (f ^ g))), 12);
        c = d + Integer.rotateLeft(c + x2 + 0x242070db + (b ^ (d & (a ^ b))), 17);
        g = h + Integer.rotateLeft(g + y2 + 0x242070db + (f ^ (h & (e ^ f))), 17);
        b = c + Integer.rotateLeft(b + x3 + 0xc1bdceee + (a ^ (c & (d ^ a))), 22);
        f = g + Integer.rotateLeft(f + y3 + 0xc1bdceee + (e ^ (g & (h ^ e))), 22);
        a = b + Integer.rotateLeft(a + x4 + 0xf57c0faf + (d ^ (b & (c ^ d))), 7);
        e = f + Integer.rotateLeft(e + y4 + 0xf57c0faf + (h ^ (f & (g ^ h))), 7);
        d = a + Integer.rotateLeft(d + x5 + 0x4787c62a + (c ^ (a & (b ^ c))), 12);
        h = e + Integer.rotateLeft(h + y5 + 0x4787c62a + (g ^ (e & (f ^ g))), 12);
        c = d + Integer.rotateLeft(c + x6 + 0xa8304613 + (b ^ (d & (a ^ b))), 17);
        g = h + Integer.rotateLeft(g + y6 + 0xa8304613 + (f ^ (h & (e ^ f))), 17);
        b = c + Integer.rotateLeft(b + x7 + 0xfd469501 + (a ^ (c & (d ^ a))), 22);
        f = g + Integer.rotateLeft(f + y7 + 0xfd469501 + (e ^ (g & (h ^ e))), 22);
        a = b + Integer.rotateLeft(a + x8 + 0x698098d8 + (d ^ (b & (c ^ d))), 7);
        e = f + Integer.rotateLeft(e + y8 + 0x698098d8 + (h ^ (f & (g ^ h))), 7);
        d = a + Integer.rotateLeft(d + x9 + 0x8b44f7af + (c ^ (a & (b ^ c))), 12);
        h = e + Integer.rotateLeft(h + y9 + 0x8b44f7af + (g ^ (e & (f ^ g))), 12);
        c = d + Integer.rotateLeft(c + x10 + 0xffff5bb1 + (b ^ (d & (a ^ b))), 17);
        g = h + Integer.rotateLeft(g + y10 + 0xffff5bb1 + (f ^ (h & (e ^ f))), 17);
        b = c + Integer.rotateLeft(b + x11 + 0x895cd7be + (a ^ (c & (d ^ a))), 22);
        f = g + Integer.rotateLeft(f + y11 + 0x895cd7be + (e ^ (g & (h ^ e))), 22);
        a = b + Integer.rotateLeft(a + x12 + 0x6b901122 + (d ^ (b & (c ^ d))), 7);
        e = f + Integer.rotateLeft(e + y12 + 0x6b901122 + (h ^ (f & (g ^ h))), 7);
        d = a + Integer.rotateLeft(d + x13 + 0xfd987193 + (c ^ (a & (b ^ c))), 12);
        h = e + Integer.rotateLeft(h + y13 + 0xfd987193 + (g ^ (e & (f ^ g))), 12);
        c = d + Integer.rotateLeft(c + x14 + 0xa679438e + (b ^ (d & (a ^ b))), 17);
        g = h + Integer.rotateLeft(g + y14 + 0xa679438e + (f ^ (h & (e ^ f))), 17);
        b = c + Integer.rotateLeft(b + x15 + 0x49b40821 + (a ^ (c & (d ^ a))), 22);
        f = g + Integer.rotateLeft(f + y15 + 0x49b40821 + (e ^ (g & (h ^ e))), 22);
        a = b + Integer.rotateLeft(a + x1 + 0xf61e2562 + ((c & ~d) + (b & d)), 5);
        e = f + Integer.rotateLeft(e + y1 + 0xf61e2562 + ((g & ~h) + (f & h)), 5);
        d = a + Integer.rotateLeft(d + x6 + 0xc040b340 + ((b & ~c) + (a & c)), 9);
        h = e + Integer.rotateLeft(h + y6 + 0xc040b340 + ((f & ~g) + (e & g)), 9);
        c = d + Integer.rotateLeft(c + x11 + 0x265e5a51 + ((a & ~b) + (d & b)), 14);
        g = h + Integer.rotateLeft(g + y11 + 0x265e5a51 + ((e & ~f) + (h & f)), 14);
        b = c + Integer.rotateLeft(b + x0 + 0xe9b6c7aa + ((d & ~a) + (c & a)), 20);
        f = g + Integer.rotateLeft(f + y0 + 0xe9b6c7aa + ((h & ~e) + (g & e)), 20);
        a = b + Integer.rotateLeft(a + x5 + 0xd62f105d + ((c & ~d) + (b & d)), 5);
        e = f + Integer.rotateLeft(e + y5 + 0xd62f105d + ((g & ~h) + (f & h)), 5);
        d = a + Integer.rotateLeft(d + x10 + 0x02441453 + ((b & ~c) + (a & c)), 9);
        h = e + Integer.rotateLeft(h + y10 + 0x02441453 + ((f & ~g) + (e & g)), 9);
        c = d + Integer.rotateLeft(c + x15 + 0xd8a1e681 + ((a & ~b) + (d & b)), 14);
        g = h + Integer.rotateLeft(g + y15 + 0xd8a1e681 + ((e & ~f) + (h & f)), 14);
        b = c + Integer.rotateLeft(b + x4 + 0xe7d3fbc8 + ((d & ~a) + (c & a)), 20);
        f = g + Integer.rotateLeft(f + y4 + 0xe7d3fbc8 + ((h & ~e) + (g & e)), 20);
        a = b + Integer.rotateLeft(a + x9 + 0x21e1cde6 + ((c & ~d) + (b & d)), 5);
        e = f + Integer.rotateLeft(e + y9 + 0x21e1cde6 + ((g & ~h) + (f & h)), 5);
        d = a + Integer.rotateLeft(d + x14 + 0xc33707d6 + ((b & ~c) + (a & c)), 9);
        h = e + Integer.rotateLeft(h + y14 + 0xc33707d6 + ((f & ~g) + (e & g)), 9);
        c = d + Integer.rotateLeft(c + x3 + 0xf4d50d87 + ((a & ~b) + (d & b)), 14);
        g = h + Integer.rotateLeft(g + y3 + 0xf4d50d87 + ((e & ~f) + (h & f)), 14);
        b = c + Integer.rotateLeft(b + x8 + 0x455a14ed + ((d & ~a) + (c & a)), 20);
        f = g + Integer.rotateLeft(f + y8 + 0x455a14ed + ((h & ~e) + (g & e)), 20);
        a = b + Integer.rotateLeft(a + x13 + 0xa9e3e905 + ((c & ~d) + (b & d)), 5);
        e = f + Integer.rotateLeft(e + y13 + 0xa9e3e905 + ((g & ~h) + (f & h)), 5);
        d = a + Integer.rotateLeft(d + x2 + 0xfcefa3f8 + ((b & ~c) + (a & c)), 9);
        h = e + Integer.rotateLeft(h + y2 + 0xfcefa3f8 + ((f & ~g) + (e & g)), 9);
        c = d + Integer.rotateLeft(c + x7 + 0x676f02d9 + ((a & ~b) + (d & b)), 14);
        g = h + Integer.rotateLeft(g + y7 + 0x676f02d9 + ((e & ~f) + (h & f)), 14);
        b = c + Integer.rotateLeft(b + x12 + 0x8d2a4c8a + ((d & ~a) + (c & a)), 20);
        f = g + Integer.rotateLeft(f + y12 + 0x8d2a4c8a + ((h & ~e) + (g & e)), 20);
        a = b + Integer.rotateLeft(a + x5 + 0xfffa3942 + (b ^ (c ^ d)), 4);
        e = f + Integer.rotateLeft(e + y5 + 0xfffa3942 + (f ^ (g ^ h)), 4);
        d = a + Integer.rotateLeft(d + x8 + 0x8771f681 + (a ^ (b ^ c)), 11);
        h = e + Integer.rotateLeft(h + y8 + 0x8771f681 + (e ^ (f ^ g)), 11);
        c = d + Integer.rotateLeft(c + x11 + 0x6d9d6122 + (d ^ (a ^ b)), 16);
        g = h + Integer.rotateLeft(g + y11 + 0x6d9d6122 + (h ^ (e ^ f)), 16);
        b = c + Integer.rotateLeft(b + x14 + 0xfde5380c + (c ^ (d ^ a)), 23);
        f = g + Integer.rotateLeft(f + y14 + 0xfde5380c + (g ^ (h ^ e)), 23);
        a = b + Integer.rotateLeft(a + x1 + 0xa4beea44 + (b ^ (c ^ d)), 4);
        e = f + Integer.rotateLeft(e + y1 + 0xa4beea44 + (f ^ (g ^ h)), 4);
        d = a + Integer.rotateLeft(d + x4 + 0x4bdecfa9 + (a ^ (b ^ c)), 11);
        h = e + Integer.rotateLeft(h + y4 + 0x4bdecfa9 + (e ^ (f ^ g)), 11);
        c = d + Integer.rotateLeft(c + x7 + 0xf6bb4b60 + (d ^ (a ^ b)), 16);
        g = h + Integer.rotateLeft(g + y7 + 0xf6bb4b60 + (h ^ (e ^ f)), 16);
        b = c + Integer.rotateLeft(b + x10 + 0xbebfbc70 + (c ^ (d ^ a)), 23);
        f = g + Integer.rotateLeft(f + y10 + 0xbebfbc70 + (g ^ (h ^ e)), 23);
        a = b + Integer.rotateLeft(a + x13 + 0x289b7ec6 + (b ^ (c ^ d)), 4);
        e = f + Integer.rotateLeft(e + y13 + 0x289b7ec6 + (f ^ (g ^ h)), 4);
        d = a + Integer.rotateLeft(d + x0 + 0xeaa127fa + (a ^ (b ^ c)), 11);
        h = e + Integer.rotateLeft(h + y0 + 0xeaa127fa + (e ^ (f ^ g)), 11);
        c = d + Integer.rotateLeft(c + x3 + 0xd4ef3085 + (d ^ (a ^ b)), 16);
        g = h + Integer.rotateLeft(g + y3 + 0xd4ef3085 + (h ^ (e ^ f)), 16);
        b = c + Integer.rotateLeft(b + x6 + 0x04881d05 + (c ^ (d ^ a)), 23);
        f = g + Integer.rotateLeft(f + y6 + 0x04881d05 + (g ^ (h ^ e)), 23);
        a = b + Integer.rotateLeft(a + x9 + 0xd9d4d039 + (b ^ (c ^ d)), 4);
        e = f + Integer.rotateLeft(e + y9 + 0xd9d4d039 + (f ^ (g ^ h)), 4);
        d = a + Integer.rotateLeft(d + x12 + 0xe6db99e5 + (a ^ (b ^ c)), 11);
        h = e + Integer.rotateLeft(h + y12 + 0xe6db99e5 + (e ^ (f ^ g)), 11);
        c = d + Integer.rotateLeft(c + x15 + 0x1fa27cf8 + (d ^ (a ^ b)), 16);
        g = h + Integer.rotateLeft(g + y15 + 0x1fa27cf8 + (h ^ (e ^ f)), 16);
        b = c + Integer.rotateLeft(b + x2 + 0xc4ac5665 + (c ^ (d ^ a)), 23);
        f = g + Integer.rotateLeft(f + y2 + 0xc4ac5665 + (g ^ (h ^ e)), 23);
        a = b + Integer.rotateLeft(a + x0 + 0xf4292244 + (c ^ (b | ~d)), 6);
        e = f + Integer.rotateLeft(e + y0 + 0xf4292244 + (g ^ (f | ~h)), 6);
        d = a + Integer.rotateLeft(d + x7 + 0x432aff97 + (b ^ (a | ~c)), 10);
        h = e + Integer.rotateLeft(h + y7 + 0x432aff97 + (f ^ (e | ~g)), 10);
        c = d + Integer.rotateLeft(c + x14 + 0xab9423a7 + (a ^ (d | ~b)), 15);
        g = h + Integer.rotateLeft(g + y14 + 0xab9423a7 + (e ^ (h | ~f)), 15);
        b = c + Integer.rotateLeft(b + x5 + 0xfc93a039 + (d ^ (c | ~a)), 21);
        f = g + Integer.rotateLeft(f + y5 + 0xfc93a039 + (h ^ (g | ~e)), 21);
        a = b + Integer.rotateLeft(a + x12 + 0x655b59c3 + (c ^ (b | ~d)), 6);
        e = f + Integer.rotateLeft(e + y12 + 0x655b59c3 + (g ^ (f | ~h)), 6);
        d = a + Integer.rotateLeft(d + x3 + 0x8f0ccc92 + (b ^ (a | ~c)), 10);
        h = e + Integer.rotateLeft(h + y3 + 0x8f0ccc92 + (f ^ (e | ~g)), 10);
        c = d + Integer.rotateLeft(c + x10 + 0xffeff47d + (a ^ (d | ~b)), 15);
        g = h + Integer.rotateLeft(g + y10 + 0xffeff47d + (e ^ (h | ~f)), 15);
        b = c + Integer.rotateLeft(b + x1 + 0x85845dd1 + (d ^ (c | ~a)), 21);
        f = g + Integer.rotateLeft(f + y1 + 0x85845dd1 + (h ^ (g | ~e)), 21);
        a = b + Integer.rotateLeft(a + x8 + 0x6fa87e4f + (c ^ (b | ~d)), 6);
        e = f + Integer.rotateLeft(e + y8 + 0x6fa87e4f + (g ^ (f | ~h)), 6);
        d = a + Integer.rotateLeft(d + x15 + 0xfe2ce6e0 + (b ^ (a | ~c)), 10);
        h = e + Integer.rotateLeft(h + y15 + 0xfe2ce6e0 + (f ^ (e | ~g)), 10);
        c = d + Integer.rotateLeft(c + x6 + 0xa3014314 + (a ^ (d | ~b)), 15);
        g = h + Integer.rotateLeft(g + y6 + 0xa3014314 + (e ^ (h | ~f)), 15);
        b = c + Integer.rotateLeft(b + x13 + 0x4e0811a1 + (d ^ (c | ~a)), 21);
        f = g + Integer.rotateLeft(f + y13 + 0x4e0811a1 + (h ^ (g | ~e)), 21);
        a = b + Integer.rotateLeft(a + x4 + 0xf7537e82 + (c ^ (b | ~d)), 6);
        e = f + Integer.rotateLeft(e + y4 + 0xf7537e82 + (g ^ (f | ~h)), 6);
        d = a + Integer.rotateLeft(d + x11 + 0xbd3af235 + (b ^ (a | ~c)), 10);
        h = e + Integer.rotateLeft(h + y11 + 0xbd3af235 + (f ^ (e | ~g)), 10);
        c = d + Integer.rotateLeft(c + x2 + 0x2ad7d2bb + (a ^ (d | ~b)), 15);
        g = h + Integer.rotateLeft(g + y2 + 0x2ad7d2bb + (e ^ (h | ~f)), 15);
        b = c + Integer.rotateLeft(b + x9 + 0xeb86d391 + (d ^ (c | ~a)), 21);
        f = g + Integer.rotateLeft(f + y9 + 0xeb86d391 + (h ^ (g | ~e)), 21);
        words[0] = a + 0x67452301;
        words[1] = b + 0xefcdab89;
        words[2] = c + 0x98badcfe;
        words[3] = d + 0x10325476;
        words[4] = e + 0x67452301;
        words[5] = f + 0xefcdab89;
        words[6] = g + 0x98badcfe;
        words[7] = h + 0x10325476;
    }

    /**
     * Reads message words {@code [from, 14)} of a prepared 64-byte block (data, 0x80, zeros) into
     * {@code x}, leaving the bit-length words 14 and 15 to the caller: {@link #blocks2}'s input.
     */
    public static void messageWords(byte[] block, int from, int[] x) {
        for (int w = from; w < 14; w++) {
            x[w] = (int) INT_LE.get(block, w << 2);
        }
    }

    /**
     * {@link #words2} over two prepared blocks: the digests of two single-block messages given as
     * their 16 little-endian message words each (data, the 0x80 byte, zeros, the bit length in
     * words 14 and 15), the words of the first into {@code words[0..3]}, of the second into
     * {@code words[4..7]}. For builds that keep a node's point keys as message words and rewrite
     * only the words that hold the point index.
     */
    public static void blocks2(int[] x, int[] y, int[] words) {
        if (x.length < 16 || y.length < 16 || words.length < 8) {
            throw new IllegalArgumentException("blocks2 takes two 16-word blocks and room for 8 words, got "
                    + x.length + ", " + y.length + " and " + words.length);
        }
        final int x0 = x[0];
        final int x1 = x[1];
        final int x2 = x[2];
        final int x3 = x[3];
        final int x4 = x[4];
        final int x5 = x[5];
        final int x6 = x[6];
        final int x7 = x[7];
        final int x8 = x[8];
        final int x9 = x[9];
        final int x10 = x[10];
        final int x11 = x[11];
        final int x12 = x[12];
        final int x13 = x[13];
        final int x14 = x[14];
        final int x15 = x[15];
        final int y0 = y[0];
        final int y1 = y[1];
        final int y2 = y[2];
        final int y3 = y[3];
        final int y4 = y[4];
        final int y5 = y[5];
        final int y6 = y[6];
        final int y7 = y[7];
        final int y8 = y[8];
        final int y9 = y[9];
        final int y10 = y[10];
        final int y11 = y[11];
        final int y12 = y[12];
        final int y13 = y[13];
        final int y14 = y[14];
        final int y15 = y[15];
        int a = 0x67452301;
        int b = 0xefcdab89;
        int c = 0x98badcfe;
        int d = 0x10325476;
        int e = a;
        int f = b;
        int g = c;
        int h = d;
        a = b + Integer.rotateLeft(a + x0 + 0xd76aa478 + (d ^ (b & (c ^ d))), 7);
        e = f + Integer.rotateLeft(e + y0 + 0xd76aa478 + (h ^ (f & (g ^ h))), 7);
        d = a + Integer.rotateLeft(d + x1 + 0xe8c7b756 + (c ^ (a & (b ^ c))), 12);
        h = e + Integer.rotateLeft(h + y1 + 0xe8c7b756 + (g ^ (e & (f ^ g))), 12);
        c = d + Integer.rotateLeft(c + x2 + 0x242070db + (b ^ (d & (a ^ b))), 17);
        g = h + Integer.rotateLeft(g + y2 + 0x242070db + (f ^ (h & (e ^ f))), 17);
        b = c + Integer.rotateLeft(b + x3 + 0xc1bdceee + (a ^ (c & (d ^ a))), 22);
        f = g + Integer.rotateLeft(f + y3 + 0xc1bdceee + (e ^ (g & (h ^ e))), 22);
        a = b + Integer.rotateLeft(a + x4 + 0xf57c0faf + (d ^ (b & (c ^ d))), 7);
        e = f + Integer.rotateLeft(e + y4 + 0xf57c0faf + (h ^ (f & (g ^ h))), 7);
        d = a + Integer.rotateLeft(d + x5 + 0x4787c62a + (c ^ (a & (b ^ c))), 12);
        h = e + Integer.rotateLeft(h + y5 + 0x4787c62a + (g ^ (e & (f ^ g))), 12);
        c = d + Integer.rotateLeft(c + x6 + 0xa8304613 + (b ^ (d & (a ^ b))), 17);
        g = h + Integer.rotateLeft(g + y6 + 0xa8304613 + (f ^ (h & (e ^ f))), 17);
        b = c + Integer.rotateLeft(b + x7 + 0xfd469501 + (a ^ (c & (d ^ a))), 22);
        f = g + Integer.rotateLeft(f + y7 + 0xfd469501 + (e ^ (g & (h ^ e))), 22);
        a = b + Integer.rotateLeft(a + x8 + 0x698098d8 + (d ^ (b & (c ^ d))), 7);
        e = f + Integer.rotateLeft(e + y8 + 0x698098d8 + (h ^ (f & (g ^ h))), 7);
        d = a + Integer.rotateLeft(d + x9 + 0x8b44f7af + (c ^ (a & (b ^ c))), 12);
        h = e + Integer.rotateLeft(h + y9 + 0x8b44f7af + (g ^ (e & (f ^ g))), 12);
        c = d + Integer.rotateLeft(c + x10 + 0xffff5bb1 + (b ^ (d & (a ^ b))), 17);
        g = h + Integer.rotateLeft(g + y10 + 0xffff5bb1 + (f ^ (h & (e ^ f))), 17);
        b = c + Integer.rotateLeft(b + x11 + 0x895cd7be + (a ^ (c & (d ^ a))), 22);
        f = g + Integer.rotateLeft(f + y11 + 0x895cd7be + (e ^ (g & (h ^ e))), 22);
        a = b + Integer.rotateLeft(a + x12 + 0x6b901122 + (d ^ (b & (c ^ d))), 7);
        e = f + Integer.rotateLeft(e + y12 + 0x6b901122 + (h ^ (f & (g ^ h))), 7);
        d = a + Integer.rotateLeft(d + x13 + 0xfd987193 + (c ^ (a & (b ^ c))), 12);
        h = e + Integer.rotateLeft(h + y13 + 0xfd987193 + (g ^ (e & (f ^ g))), 12);
        c = d + Integer.rotateLeft(c + x14 + 0xa679438e + (b ^ (d & (a ^ b))), 17);
        g = h + Integer.rotateLeft(g + y14 + 0xa679438e + (f ^ (h & (e ^ f))), 17);
        b = c + Integer.rotateLeft(b + x15 + 0x49b40821 + (a ^ (c & (d ^ a))), 22);
        f = g + Integer.rotateLeft(f + y15 + 0x49b40821 + (e ^ (g & (h ^ e))), 22);
        a = b + Integer.rotateLeft(a + x1 + 0xf61e2562 + ((c & ~d) + (b & d)), 5);
        e = f + Integer.rotateLeft(e + y1 + 0xf61e2562 + ((g & ~h) + (f & h)), 5);
        d = a + Integer.rotateLeft(d + x6 + 0xc040b340 + ((b & ~c) + (a & c)), 9);
        h = e + Integer.rotateLeft(h + y6 + 0xc040b340 + ((f & ~g) + (e & g)), 9);
        c = d + Integer.rotateLeft(c + x11 + 0x265e5a51 + ((a & ~b) + (d & b)), 14);
        g = h + Integer.rotateLeft(g + y11 + 0x265e5a51 + ((e & ~f) + (h & f)), 14);
        b = c + Integer.rotateLeft(b + x0 + 0xe9b6c7aa + ((d & ~a) + (c & a)), 20);
        f = g + Integer.rotateLeft(f + y0 + 0xe9b6c7aa + ((h & ~e) + (g & e)), 20);
        a = b + Integer.rotateLeft(a + x5 + 0xd62f105d + ((c & ~d) + (b & d)), 5);
        e = f + Integer.rotateLeft(e + y5 + 0xd62f105d + ((g & ~h) + (f & h)), 5);
        d = a + Integer.rotateLeft(d + x10 + 0x02441453 + ((b & ~c) + (a & c)), 9);
        h = e + Integer.rotateLeft(h + y10 + 0x02441453 + ((f & ~g) + (e & g)), 9);
        c = d + Integer.rotateLeft(c + x15 + 0xd8a1e681 + ((a & ~b) + (d & b)), 14);
        g = h + Integer.rotateLeft(g + y15 + 0xd8a1e681 + ((e & ~f) + (h & f)), 14);
        b = c + Integer.rotateLeft(b + x4 + 0xe7d3fbc8 + ((d & ~a) + (c & a)), 20);
        f = g + Integer.rotateLeft(f + y4 + 0xe7d3fbc8 + ((h & ~e) + (g & e)), 20);
        a = b + Integer.rotateLeft(a + x9 + 0x21e1cde6 + ((c & ~d) + (b & d)), 5);
        e = f + Integer.rotateLeft(e + y9 + 0x21e1cde6 + ((g & ~h) + (f & h)), 5);
        d = a + Integer.rotateLeft(d + x14 + 0xc33707d6 + ((b & ~c) + (a & c)), 9);
        h = e + Integer.rotateLeft(h + y14 + 0xc33707d6 + ((f & ~g) + (e & g)), 9);
        c = d + Integer.rotateLeft(c + x3 + 0xf4d50d87 + ((a & ~b) + (d & b)), 14);
        g = h + Integer.rotateLeft(g + y3 + 0xf4d50d87 + ((e & ~f) + (h & f)), 14);
        b = c + Integer.rotateLeft(b + x8 + 0x455a14ed + ((d & ~a) + (c & a)), 20);
        f = g + Integer.rotateLeft(f + y8 + 0x455a14ed + ((h & ~e) + (g & e)), 20);
        a = b + Integer.rotateLeft(a + x13 + 0xa9e3e905 + ((c & ~d) + (b & d)), 5);
        e = f + Integer.rotateLeft(e + y13 + 0xa9e3e905 + ((g & ~h) + (f & h)), 5);
        d = a + Integer.rotateLeft(d + x2 + 0xfcefa3f8 + ((b & ~c) + (a & c)), 9);
        h = e + Integer.rotateLeft(h + y2 + 0xfcefa3f8 + ((f & ~g) + (e & g)), 9);
        c = d + Integer.rotateLeft(c + x7 + 0x676f02d9 + ((a & ~b) + (d & b)), 14);
        g = h + Integer.rotateLeft(g + y7 + 0x676f02d9 + ((e & ~f) + (h & f)), 14);
        b = c + Integer.rotateLeft(b + x12 + 0x8d2a4c8a + ((d & ~a) + (c & a)), 20);
        f = g + Integer.rotateLeft(f + y12 + 0x8d2a4c8a + ((h & ~e) + (g & e)), 20);
        a = b + Integer.rotateLeft(a + x5 + 0xfffa3942 + (b ^ (c ^ d)), 4);
        e = f + Integer.rotateLeft(e + y5 + 0xfffa3942 + (f ^ (g ^ h)), 4);
        d = a + Integer.rotateLeft(d + x8 + 0x8771f681 + (a ^ (b ^ c)), 11);
        h = e + Integer.rotateLeft(h + y8 + 0x8771f681 + (e ^ (f ^ g)), 11);
        c = d + Integer.rotateLeft(c + x11 + 0x6d9d6122 + (d ^ (a ^ b)), 16);
        g = h + Integer.rotateLeft(g + y11 + 0x6d9d6122 + (h ^ (e ^ f)), 16);
        b = c + Integer.rotateLeft(b + x14 + 0xfde5380c + (c ^ (d ^ a)), 23);
        f = g + Integer.rotateLeft(f + y14 + 0xfde5380c + (g ^ (h ^ e)), 23);
        a = b + Integer.rotateLeft(a + x1 + 0xa4beea44 + (b ^ (c ^ d)), 4);
        e = f + Integer.rotateLeft(e + y1 + 0xa4beea44 + (f ^ (g ^ h)), 4);
        d = a + Integer.rotateLeft(d + x4 + 0x4bdecfa9 + (a ^ (b ^ c)), 11);
        h = e + Integer.rotateLeft(h + y4 + 0x4bdecfa9 + (e ^ (f ^ g)), 11);
        c = d + Integer.rotateLeft(c + x7 + 0xf6bb4b60 + (d ^ (a ^ b)), 16);
        g = h + Integer.rotateLeft(g + y7 + 0xf6bb4b60 + (h ^ (e ^ f)), 16);
        b = c + Integer.rotateLeft(b + x10 + 0xbebfbc70 + (c ^ (d ^ a)), 23);
        f = g + Integer.rotateLeft(f + y10 + 0xbebfbc70 + (g ^ (h ^ e)), 23);
        a = b + Integer.rotateLeft(a + x13 + 0x289b7ec6 + (b ^ (c ^ d)), 4);
        e = f + Integer.rotateLeft(e + y13 + 0x289b7ec6 + (f ^ (g ^ h)), 4);
        d = a + Integer.rotateLeft(d + x0 + 0xeaa127fa + (a ^ (b ^ c)), 11);
        h = e + Integer.rotateLeft(h + y0 + 0xeaa127fa + (e ^ (f ^ g)), 11);
        c = d + Integer.rotateLeft(c + x3 + 0xd4ef3085 + (d ^ (a ^ b)), 16);
        g = h + Integer.rotateLeft(g + y3 + 0xd4ef3085 + (h ^ (e ^ f)), 16);
        b = c + Integer.rotateLeft(b + x6 + 0x04881d05 + (c ^ (d ^ a)), 23);
        f = g + Integer.rotateLeft(f + y6 + 0x04881d05 + (g ^ (h ^ e)), 23);
        a = b + Integer.rotateLeft(a + x9 + 0xd9d4d039 + (b ^ (c ^ d)), 4);
        e = f + Integer.rotateLeft(e + y9 + 0xd9d4d039 + (f ^ (g ^ h)), 4);
        d = a + Integer.rotateLeft(d + x12 + 0xe6db99e5 + (a ^ (b ^ c)), 11);
        h = e + Integer.rotateLeft(h + y12 + 0xe6db99e5 + (e ^ (f ^ g)), 11);
        c = d + Integer.rotateLeft(c + x15 + 0x1fa27cf8 + (d ^ (a ^ b)), 16);
        g = h + Integer.rotateLeft(g + y15 + 0x1fa27cf8 + (h ^ (e ^ f)), 16);
        b = c + Integer.rotateLeft(b + x2 + 0xc4ac5665 + (c ^ (d ^ a)), 23);
        f = g + Integer.rotateLeft(f + y2 + 0xc4ac5665 + (g ^ (h ^ e)), 23);
        a = b + Integer.rotateLeft(a + x0 + 0xf4292244 + (c ^ (b | ~d)), 6);
        e = f + Integer.rotateLeft(e + y0 + 0xf4292244 + (g ^ (f | ~h)), 6);
        d = a + Integer.rotateLeft(d + x7 + 0x432aff97 + (b ^ (a | ~c)), 10);
        h = e + Integer.rotateLeft(h + y7 + 0x432aff97 + (f ^ (e | ~g)), 10);
        c = d + Integer.rotateLeft(c + x14 + 0xab9423a7 + (a ^ (d | ~b)), 15);
        g = h + Integer.rotateLeft(g + y14 + 0xab9423a7 + (e ^ (h | ~f)), 15);
        b = c + Integer.rotateLeft(b + x5 + 0xfc93a039 + (d ^ (c | ~a)), 21);
        f = g + Integer.rotateLeft(f + y5 + 0xfc93a039 + (h ^ (g | ~e)), 21);
        a = b + Integer.rotateLeft(a + x12 + 0x655b59c3 + (c ^ (b | ~d)), 6);
        e = f + Integer.rotateLeft(e + y12 + 0x655b59c3 + (g ^ (f | ~h)), 6);
        d = a + Integer.rotateLeft(d + x3 + 0x8f0ccc92 + (b ^ (a | ~c)), 10);
        h = e + Integer.rotateLeft(h + y3 + 0x8f0ccc92 + (f ^ (e | ~g)), 10);
        c = d + Integer.rotateLeft(c + x10 + 0xffeff47d + (a ^ (d | ~b)), 15);
        g = h + Integer.rotateLeft(g + y10 + 0xffeff47d + (e ^ (h | ~f)), 15);
        b = c + Integer.rotateLeft(b + x1 + 0x85845dd1 + (d ^ (c | ~a)), 21);
        f = g + Integer.rotateLeft(f + y1 + 0x85845dd1 + (h ^ (g | ~e)), 21);
        a = b + Integer.rotateLeft(a + x8 + 0x6fa87e4f + (c ^ (b | ~d)), 6);
        e = f + Integer.rotateLeft(e + y8 + 0x6fa87e4f + (g ^ (f | ~h)), 6);
        d = a + Integer.rotateLeft(d + x15 + 0xfe2ce6e0 + (b ^ (a | ~c)), 10);
        h = e + Integer.rotateLeft(h + y15 + 0xfe2ce6e0 + (f ^ (e | ~g)), 10);
        c = d + Integer.rotateLeft(c + x6 + 0xa3014314 + (a ^ (d | ~b)), 15);
        g = h + Integer.rotateLeft(g + y6 + 0xa3014314 + (e ^ (h | ~f)), 15);
        b = c + Integer.rotateLeft(b + x13 + 0x4e0811a1 + (d ^ (c | ~a)), 21);
        f = g + Integer.rotateLeft(f + y13 + 0x4e0811a1 + (h ^ (g | ~e)), 21);
        a = b + Integer.rotateLeft(a + x4 + 0xf7537e82 + (c ^ (b | ~d)), 6);
        e = f + Integer.rotateLeft(e + y4 + 0xf7537e82 + (g ^ (f | ~h)), 6);
        d = a + Integer.rotateLeft(d + x11 + 0xbd3af235 + (b ^ (a | ~c)), 10);
        h = e + Integer.rotateLeft(h + y11 + 0xbd3af235 + (f ^ (e | ~g)), 10);
        c = d + Integer.rotateLeft(c + x2 + 0x2ad7d2bb + (a ^ (d | ~b)), 15);
        g = h + Integer.rotateLeft(g + y2 + 0x2ad7d2bb + (e ^ (h | ~f)), 15);
        b = c + Integer.rotateLeft(b + x9 + 0xeb86d391 + (d ^ (c | ~a)), 21);
        f = g + Integer.rotateLeft(f + y9 + 0xeb86d391 + (h ^ (g | ~e)), 21);
        words[0] = a + 0x67452301;
        words[1] = b + 0xefcdab89;
        words[2] = c + 0x98badcfe;
        words[3] = d + 0x10325476;
        words[4] = e + 0x67452301;
        words[5] = f + 0xefcdab89;
        words[6] = g + 0x98badcfe;
        words[7] = h + 0x10325476;
    }

    private static int digest(byte[] m, int off, int len, int[] out) {
        java.util.Objects.checkFromIndexSize(off, len, m.length);
        final int total = ((len + 8) >>> 6 << 6) + 64;   // padded length: data, 0x80, zeros, 8-byte length
        final long bitLength = (long) len << 3;
        final int lengthAt = total - 8;
        int a = 0x67452301;
        int b = 0xefcdab89;
        int c = 0x98badcfe;
        int d = 0x10325476;
        for (int base = 0; base < total; base += 64) {
            final int x0 = word(m, off, len, lengthAt, bitLength, base);
            final int x1 = word(m, off, len, lengthAt, bitLength, base + 4);
            final int x2 = word(m, off, len, lengthAt, bitLength, base + 8);
            final int x3 = word(m, off, len, lengthAt, bitLength, base + 12);
            final int x4 = word(m, off, len, lengthAt, bitLength, base + 16);
            final int x5 = word(m, off, len, lengthAt, bitLength, base + 20);
            final int x6 = word(m, off, len, lengthAt, bitLength, base + 24);
            final int x7 = word(m, off, len, lengthAt, bitLength, base + 28);
            final int x8 = word(m, off, len, lengthAt, bitLength, base + 32);
            final int x9 = word(m, off, len, lengthAt, bitLength, base + 36);
            final int x10 = word(m, off, len, lengthAt, bitLength, base + 40);
            final int x11 = word(m, off, len, lengthAt, bitLength, base + 44);
            final int x12 = word(m, off, len, lengthAt, bitLength, base + 48);
            final int x13 = word(m, off, len, lengthAt, bitLength, base + 52);
            final int x14 = word(m, off, len, lengthAt, bitLength, base + 56);
            final int x15 = word(m, off, len, lengthAt, bitLength, base + 60);
            final int aa = a;
            final int bb = b;
            final int cc = c;
            final int dd = d;
            a = b + Integer.rotateLeft(a + x0 + 0xd76aa478 + (d ^ (b & (c ^ d))), 7);
            d = a + Integer.rotateLeft(d + x1 + 0xe8c7b756 + (c ^ (a & (b ^ c))), 12);
            c = d + Integer.rotateLeft(c + x2 + 0x242070db + (b ^ (d & (a ^ b))), 17);
            b = c + Integer.rotateLeft(b + x3 + 0xc1bdceee + (a ^ (c & (d ^ a))), 22);
            a = b + Integer.rotateLeft(a + x4 + 0xf57c0faf + (d ^ (b & (c ^ d))), 7);
            d = a + Integer.rotateLeft(d + x5 + 0x4787c62a + (c ^ (a & (b ^ c))), 12);
            c = d + Integer.rotateLeft(c + x6 + 0xa8304613 + (b ^ (d & (a ^ b))), 17);
            b = c + Integer.rotateLeft(b + x7 + 0xfd469501 + (a ^ (c & (d ^ a))), 22);
            a = b + Integer.rotateLeft(a + x8 + 0x698098d8 + (d ^ (b & (c ^ d))), 7);
            d = a + Integer.rotateLeft(d + x9 + 0x8b44f7af + (c ^ (a & (b ^ c))), 12);
            c = d + Integer.rotateLeft(c + x10 + 0xffff5bb1 + (b ^ (d & (a ^ b))), 17);
            b = c + Integer.rotateLeft(b + x11 + 0x895cd7be + (a ^ (c & (d ^ a))), 22);
            a = b + Integer.rotateLeft(a + x12 + 0x6b901122 + (d ^ (b & (c ^ d))), 7);
            d = a + Integer.rotateLeft(d + x13 + 0xfd987193 + (c ^ (a & (b ^ c))), 12);
            c = d + Integer.rotateLeft(c + x14 + 0xa679438e + (b ^ (d & (a ^ b))), 17);
            b = c + Integer.rotateLeft(b + x15 + 0x49b40821 + (a ^ (c & (d ^ a))), 22);
            a = b + Integer.rotateLeft(a + x1 + 0xf61e2562 + ((c & ~d) + (b & d)), 5);
            d = a + Integer.rotateLeft(d + x6 + 0xc040b340 + ((b & ~c) + (a & c)), 9);
            c = d + Integer.rotateLeft(c + x11 + 0x265e5a51 + ((a & ~b) + (d & b)), 14);
            b = c + Integer.rotateLeft(b + x0 + 0xe9b6c7aa + ((d & ~a) + (c & a)), 20);
            a = b + Integer.rotateLeft(a + x5 + 0xd62f105d + ((c & ~d) + (b & d)), 5);
            d = a + Integer.rotateLeft(d + x10 + 0x02441453 + ((b & ~c) + (a & c)), 9);
            c = d + Integer.rotateLeft(c + x15 + 0xd8a1e681 + ((a & ~b) + (d & b)), 14);
            b = c + Integer.rotateLeft(b + x4 + 0xe7d3fbc8 + ((d & ~a) + (c & a)), 20);
            a = b + Integer.rotateLeft(a + x9 + 0x21e1cde6 + ((c & ~d) + (b & d)), 5);
            d = a + Integer.rotateLeft(d + x14 + 0xc33707d6 + ((b & ~c) + (a & c)), 9);
            c = d + Integer.rotateLeft(c + x3 + 0xf4d50d87 + ((a & ~b) + (d & b)), 14);
            b = c + Integer.rotateLeft(b + x8 + 0x455a14ed + ((d & ~a) + (c & a)), 20);
            a = b + Integer.rotateLeft(a + x13 + 0xa9e3e905 + ((c & ~d) + (b & d)), 5);
            d = a + Integer.rotateLeft(d + x2 + 0xfcefa3f8 + ((b & ~c) + (a & c)), 9);
            c = d + Integer.rotateLeft(c + x7 + 0x676f02d9 + ((a & ~b) + (d & b)), 14);
            b = c + Integer.rotateLeft(b + x12 + 0x8d2a4c8a + ((d & ~a) + (c & a)), 20);
            a = b + Integer.rotateLeft(a + x5 + 0xfffa3942 + (b ^ (c ^ d)), 4);
            d = a + Integer.rotateLeft(d + x8 + 0x8771f681 + (a ^ (b ^ c)), 11);
            c = d + Integer.rotateLeft(c + x11 + 0x6d9d6122 + (d ^ (a ^ b)), 16);
            b = c + Integer.rotateLeft(b + x14 + 0xfde5380c + (c ^ (d ^ a)), 23);
            a = b + Integer.rotateLeft(a + x1 + 0xa4beea44 + (b ^ (c ^ d)), 4);
            d = a + Integer.rotateLeft(d + x4 + 0x4bdecfa9 + (a ^ (b ^ c)), 11);
            c = d + Integer.rotateLeft(c + x7 + 0xf6bb4b60 + (d ^ (a ^ b)), 16);
            b = c + Integer.rotateLeft(b + x10 + 0xbebfbc70 + (c ^ (d ^ a)), 23);
            a = b + Integer.rotateLeft(a + x13 + 0x289b7ec6 + (b ^ (c ^ d)), 4);
            d = a + Integer.rotateLeft(d + x0 + 0xeaa127fa + (a ^ (b ^ c)), 11);
            c = d + Integer.rotateLeft(c + x3 + 0xd4ef3085 + (d ^ (a ^ b)), 16);
            b = c + Integer.rotateLeft(b + x6 + 0x04881d05 + (c ^ (d ^ a)), 23);
            a = b + Integer.rotateLeft(a + x9 + 0xd9d4d039 + (b ^ (c ^ d)), 4);
            d = a + Integer.rotateLeft(d + x12 + 0xe6db99e5 + (a ^ (b ^ c)), 11);
            c = d + Integer.rotateLeft(c + x15 + 0x1fa27cf8 + (d ^ (a ^ b)), 16);
            b = c + Integer.rotateLeft(b + x2 + 0xc4ac5665 + (c ^ (d ^ a)), 23);
            a = b + Integer.rotateLeft(a + x0 + 0xf4292244 + (c ^ (b | ~d)), 6);
            d = a + Integer.rotateLeft(d + x7 + 0x432aff97 + (b ^ (a | ~c)), 10);
            c = d + Integer.rotateLeft(c + x14 + 0xab9423a7 + (a ^ (d | ~b)), 15);
            b = c + Integer.rotateLeft(b + x5 + 0xfc93a039 + (d ^ (c | ~a)), 21);
            a = b + Integer.rotateLeft(a + x12 + 0x655b59c3 + (c ^ (b | ~d)), 6);
            d = a + Integer.rotateLeft(d + x3 + 0x8f0ccc92 + (b ^ (a | ~c)), 10);
            c = d + Integer.rotateLeft(c + x10 + 0xffeff47d + (a ^ (d | ~b)), 15);
            b = c + Integer.rotateLeft(b + x1 + 0x85845dd1 + (d ^ (c | ~a)), 21);
            a = b + Integer.rotateLeft(a + x8 + 0x6fa87e4f + (c ^ (b | ~d)), 6);
            d = a + Integer.rotateLeft(d + x15 + 0xfe2ce6e0 + (b ^ (a | ~c)), 10);
            c = d + Integer.rotateLeft(c + x6 + 0xa3014314 + (a ^ (d | ~b)), 15);
            b = c + Integer.rotateLeft(b + x13 + 0x4e0811a1 + (d ^ (c | ~a)), 21);
            a = b + Integer.rotateLeft(a + x4 + 0xf7537e82 + (c ^ (b | ~d)), 6);
            d = a + Integer.rotateLeft(d + x11 + 0xbd3af235 + (b ^ (a | ~c)), 10);
            c = d + Integer.rotateLeft(c + x2 + 0x2ad7d2bb + (a ^ (d | ~b)), 15);
            b = c + Integer.rotateLeft(b + x9 + 0xeb86d391 + (d ^ (c | ~a)), 21);
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

    /**
     * Word 0 of the MD5 digest of the UTF-8 bytes of {@code key}. While every char is ASCII the
     * chars are packed four to a word straight into the 16 message words of the block being
     * hashed (a per-thread int[16]; no UTF-8 pass into a byte buffer); a key with a char
     * {@code >= 0x80} is encoded by {@link KeyBuffer} and hashed as bytes instead. The same
     * result as {@code firstWord(key.getBytes(UTF_8))} for every string (an unpaired surrogate is
     * {@code '?'}, as {@link String#getBytes} writes it). Allocation-free, thread-safe.
     *
     * @throws NullPointerException ("key is null") if {@code key} is null
     */
    public static int firstWord(String key) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        long ascii = asciiDigest(key);
        if (ascii >= 0) {
            return (int) ascii;
        }
        KeyBuffer utf8 = KeyBuffer.utf8(key);
        return digest(utf8.bytes(), 0, utf8.length(), null);
    }

    /** Per thread: the message words of the block being hashed by {@link #asciiDigest}. */
    private static final ThreadLocal<int[]> BLOCK = ThreadLocal.withInitial(() -> new int[16]);

    /**
     * Word 0 of the digest of {@code key} as ASCII, zero-extended to a long, or -1 as soon as a
     * block holds a char {@code >= 0x80} (the chars' UTF-8 bytes are then not one byte per char).
     * The chars go into the block's message words in one small loop (four chars per word), not
     * sixteen inlined reads: those would exceed the JIT's inlining budget for one method and
     * leave the round code's rotations as calls.
     */
    private static long asciiDigest(String key) {
        final int len = key.length();
        final int total = ((len + 8) >>> 6 << 6) + 64;
        final long bitLength = (long) len << 3;
        final int lengthAt = total - 8;
        final int[] x = BLOCK.get();
        int a = 0x67452301;
        int b = 0xefcdab89;
        int c = 0x98badcfe;
        int d = 0x10325476;
        for (int base = 0; base < total; base += 64) {
            int high = 0;
            int w = 0;
            int p = base;
            // whole words of four chars, then the word with the last 0-3 chars and the 0x80 byte
            // (if it is in this block), then zeros, then the bit length in the last block
            for (int full = Math.min(len, base + 64); p + 4 <= full; p += 4) {
                int c0 = key.charAt(p);
                int c1 = key.charAt(p + 1);
                int c2 = key.charAt(p + 2);
                int c3 = key.charAt(p + 3);
                high |= c0 | c1 | c2 | c3;
                x[w++] = c0 | c1 << 8 | c2 << 16 | c3 << 24;
            }
            if (w < 16 && p <= len) {
                int word = 0x80 << ((len - p) << 3);
                for (int i = len - 1; i >= p; i--) {
                    int ch = key.charAt(i);
                    high |= ch;
                    word |= ch << ((i - p) << 3);
                }
                x[w++] = word;
            }
            while (w < 16) {
                x[w++] = 0;
            }
            if (base + 64 == total) {
                x[14] = (int) bitLength;
                x[15] = (int) (bitLength >>> 32);
            }
            if (high >= 0x80) {
                return -1;
            }
            final int x0 = x[0];
            final int x1 = x[1];
            final int x2 = x[2];
            final int x3 = x[3];
            final int x4 = x[4];
            final int x5 = x[5];
            final int x6 = x[6];
            final int x7 = x[7];
            final int x8 = x[8];
            final int x9 = x[9];
            final int x10 = x[10];
            final int x11 = x[11];
            final int x12 = x[12];
            final int x13 = x[13];
            final int x14 = x[14];
            final int x15 = x[15];
            final int aa = a;
            final int bb = b;
            final int cc = c;
            final int dd = d;
            a = b + Integer.rotateLeft(a + x0 + 0xd76aa478 + (d ^ (b & (c ^ d))), 7);
            d = a + Integer.rotateLeft(d + x1 + 0xe8c7b756 + (c ^ (a & (b ^ c))), 12);
            c = d + Integer.rotateLeft(c + x2 + 0x242070db + (b ^ (d & (a ^ b))), 17);
            b = c + Integer.rotateLeft(b + x3 + 0xc1bdceee + (a ^ (c & (d ^ a))), 22);
            a = b + Integer.rotateLeft(a + x4 + 0xf57c0faf + (d ^ (b & (c ^ d))), 7);
            d = a + Integer.rotateLeft(d + x5 + 0x4787c62a + (c ^ (a & (b ^ c))), 12);
            c = d + Integer.rotateLeft(c + x6 + 0xa8304613 + (b ^ (d & (a ^ b))), 17);
            b = c + Integer.rotateLeft(b + x7 + 0xfd469501 + (a ^ (c & (d ^ a))), 22);
            a = b + Integer.rotateLeft(a + x8 + 0x698098d8 + (d ^ (b & (c ^ d))), 7);
            d = a + Integer.rotateLeft(d + x9 + 0x8b44f7af + (c ^ (a & (b ^ c))), 12);
            c = d + Integer.rotateLeft(c + x10 + 0xffff5bb1 + (b ^ (d & (a ^ b))), 17);
            b = c + Integer.rotateLeft(b + x11 + 0x895cd7be + (a ^ (c & (d ^ a))), 22);
            a = b + Integer.rotateLeft(a + x12 + 0x6b901122 + (d ^ (b & (c ^ d))), 7);
            d = a + Integer.rotateLeft(d + x13 + 0xfd987193 + (c ^ (a & (b ^ c))), 12);
            c = d + Integer.rotateLeft(c + x14 + 0xa679438e + (b ^ (d & (a ^ b))), 17);
            b = c + Integer.rotateLeft(b + x15 + 0x49b40821 + (a ^ (c & (d ^ a))), 22);
            a = b + Integer.rotateLeft(a + x1 + 0xf61e2562 + ((c & ~d) + (b & d)), 5);
            d = a + Integer.rotateLeft(d + x6 + 0xc040b340 + ((b & ~c) + (a & c)), 9);
            c = d + Integer.rotateLeft(c + x11 + 0x265e5a51 + ((a & ~b) + (d & b)), 14);
            b = c + Integer.rotateLeft(b + x0 + 0xe9b6c7aa + ((d & ~a) + (c & a)), 20);
            a = b + Integer.rotateLeft(a + x5 + 0xd62f105d + ((c & ~d) + (b & d)), 5);
            d = a + Integer.rotateLeft(d + x10 + 0x02441453 + ((b & ~c) + (a & c)), 9);
            c = d + Integer.rotateLeft(c + x15 + 0xd8a1e681 + ((a & ~b) + (d & b)), 14);
            b = c + Integer.rotateLeft(b + x4 + 0xe7d3fbc8 + ((d & ~a) + (c & a)), 20);
            a = b + Integer.rotateLeft(a + x9 + 0x21e1cde6 + ((c & ~d) + (b & d)), 5);
            d = a + Integer.rotateLeft(d + x14 + 0xc33707d6 + ((b & ~c) + (a & c)), 9);
            c = d + Integer.rotateLeft(c + x3 + 0xf4d50d87 + ((a & ~b) + (d & b)), 14);
            b = c + Integer.rotateLeft(b + x8 + 0x455a14ed + ((d & ~a) + (c & a)), 20);
            a = b + Integer.rotateLeft(a + x13 + 0xa9e3e905 + ((c & ~d) + (b & d)), 5);
            d = a + Integer.rotateLeft(d + x2 + 0xfcefa3f8 + ((b & ~c) + (a & c)), 9);
            c = d + Integer.rotateLeft(c + x7 + 0x676f02d9 + ((a & ~b) + (d & b)), 14);
            b = c + Integer.rotateLeft(b + x12 + 0x8d2a4c8a + ((d & ~a) + (c & a)), 20);
            a = b + Integer.rotateLeft(a + x5 + 0xfffa3942 + (b ^ (c ^ d)), 4);
            d = a + Integer.rotateLeft(d + x8 + 0x8771f681 + (a ^ (b ^ c)), 11);
            c = d + Integer.rotateLeft(c + x11 + 0x6d9d6122 + (d ^ (a ^ b)), 16);
            b = c + Integer.rotateLeft(b + x14 + 0xfde5380c + (c ^ (d ^ a)), 23);
            a = b + Integer.rotateLeft(a + x1 + 0xa4beea44 + (b ^ (c ^ d)), 4);
            d = a + Integer.rotateLeft(d + x4 + 0x4bdecfa9 + (a ^ (b ^ c)), 11);
            c = d + Integer.rotateLeft(c + x7 + 0xf6bb4b60 + (d ^ (a ^ b)), 16);
            b = c + Integer.rotateLeft(b + x10 + 0xbebfbc70 + (c ^ (d ^ a)), 23);
            a = b + Integer.rotateLeft(a + x13 + 0x289b7ec6 + (b ^ (c ^ d)), 4);
            d = a + Integer.rotateLeft(d + x0 + 0xeaa127fa + (a ^ (b ^ c)), 11);
            c = d + Integer.rotateLeft(c + x3 + 0xd4ef3085 + (d ^ (a ^ b)), 16);
            b = c + Integer.rotateLeft(b + x6 + 0x04881d05 + (c ^ (d ^ a)), 23);
            a = b + Integer.rotateLeft(a + x9 + 0xd9d4d039 + (b ^ (c ^ d)), 4);
            d = a + Integer.rotateLeft(d + x12 + 0xe6db99e5 + (a ^ (b ^ c)), 11);
            c = d + Integer.rotateLeft(c + x15 + 0x1fa27cf8 + (d ^ (a ^ b)), 16);
            b = c + Integer.rotateLeft(b + x2 + 0xc4ac5665 + (c ^ (d ^ a)), 23);
            a = b + Integer.rotateLeft(a + x0 + 0xf4292244 + (c ^ (b | ~d)), 6);
            d = a + Integer.rotateLeft(d + x7 + 0x432aff97 + (b ^ (a | ~c)), 10);
            c = d + Integer.rotateLeft(c + x14 + 0xab9423a7 + (a ^ (d | ~b)), 15);
            b = c + Integer.rotateLeft(b + x5 + 0xfc93a039 + (d ^ (c | ~a)), 21);
            a = b + Integer.rotateLeft(a + x12 + 0x655b59c3 + (c ^ (b | ~d)), 6);
            d = a + Integer.rotateLeft(d + x3 + 0x8f0ccc92 + (b ^ (a | ~c)), 10);
            c = d + Integer.rotateLeft(c + x10 + 0xffeff47d + (a ^ (d | ~b)), 15);
            b = c + Integer.rotateLeft(b + x1 + 0x85845dd1 + (d ^ (c | ~a)), 21);
            a = b + Integer.rotateLeft(a + x8 + 0x6fa87e4f + (c ^ (b | ~d)), 6);
            d = a + Integer.rotateLeft(d + x15 + 0xfe2ce6e0 + (b ^ (a | ~c)), 10);
            c = d + Integer.rotateLeft(c + x6 + 0xa3014314 + (a ^ (d | ~b)), 15);
            b = c + Integer.rotateLeft(b + x13 + 0x4e0811a1 + (d ^ (c | ~a)), 21);
            a = b + Integer.rotateLeft(a + x4 + 0xf7537e82 + (c ^ (b | ~d)), 6);
            d = a + Integer.rotateLeft(d + x11 + 0xbd3af235 + (b ^ (a | ~c)), 10);
            c = d + Integer.rotateLeft(c + x2 + 0x2ad7d2bb + (a ^ (d | ~b)), 15);
            b = c + Integer.rotateLeft(b + x9 + 0xeb86d391 + (d ^ (c | ~a)), 21);
            a += aa;
            b += bb;
            c += cc;
            d += dd;
        }
        return a & 0xffff_ffffL;
    }

    /**
     * Little-endian word at byte position {@code p} (a multiple of 4) of the padded message: data,
     * then 0x80, then zeros, then the bit length as 8 little-endian bytes at {@code lengthAt}.
     * Three cases, one or two predictable branches each: a whole data word (one unaligned load),
     * the word holding the last 0-3 data bytes and the 0x80, or padding.
     */
    private static int word(byte[] m, int off, int len, int lengthAt, long bitLength, int p) {
        if (p + 4 <= len) {
            return (int) INT_LE.get(m, off + p);
        }
        if (p > len) {
            return p == lengthAt ? (int) bitLength : p == lengthAt + 4 ? (int) (bitLength >>> 32) : 0;
        }
        int w = 0x80 << ((len - p) << 3);
        for (int i = len - 1; i >= p; i--) {
            w |= (m[off + i] & 0xff) << ((i - p) << 3);
        }
        return w;
    }
}
