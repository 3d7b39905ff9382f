package io.hashring.hash.interop;

/**
 * Bob Jenkins' SpookyHash V2 (the version in folly {@code folly/hash/SpookyHashV2.{h,cpp}}), as
 * mcrouter's WeightedCh3 uses it: {@link #hash32} = {@code SpookyHashV2::Hash32(message, length, seed)}
 * on a little-endian machine. Messages under 192 bytes take the short path, longer ones the 96-byte
 * block path. Checked against folly's own reference table (lengths 0..511). Stateless and thread-safe;
 * it allocates a few small arrays per call (not on any hashring hot path: only WeightedCh3 uses it).
 */
final class SpookyV2 {

    private SpookyV2() {
    }

    private static final long SC_CONST = 0xdeadbeefdeadbeefL;
    private static final int NUM_VARS = 12;
    private static final int BLOCK = NUM_VARS * 8;
    private static final int BUF = 2 * BLOCK;

    /** {@code Hash32}: both seeds = {@code seed} (zero-extended), the low 32 bits of the first result word. */
    static int hash32(byte[] m, int off, int len, int seed) {
        long s = Integer.toUnsignedLong(seed);
        return (int) hash128First(m, off, len, s, s);
    }

    static long hash128First(byte[] m, int off, int len, long seed1, long seed2) {
        if (len < BUF) {
            return shortHash(m, off, len, seed1, seed2);
        }
        long[] h = {seed1, seed2, SC_CONST, seed1, seed2, SC_CONST, seed1, seed2, SC_CONST, seed1, seed2, SC_CONST};
        int blocks = len / BLOCK;
        long[] data = new long[NUM_VARS];
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < NUM_VARS; i++) {
                data[i] = read64(m, off + b * BLOCK + 8 * i);
            }
            mix(data, h);
        }
        int rest = len - blocks * BLOCK;
        byte[] last = new byte[BLOCK];
        System.arraycopy(m, off + blocks * BLOCK, last, 0, rest);
        last[BLOCK - 1] = (byte) rest;
        for (int i = 0; i < NUM_VARS; i++) {
            data[i] = read64(last, 8 * i);
        }
        for (int i = 0; i < NUM_VARS; i++) {
            h[i] += data[i];
        }
        endPartial(h);
        endPartial(h);
        endPartial(h);
        return h[0];
    }

    private static long shortHash(byte[] m, int off, int len, long seed1, long seed2) {
        long a = seed1;
        long b = seed2;
        long c = SC_CONST;
        long d = SC_CONST;
        int p = off;
        int remainder = len % 32;
        if (len > 15) {
            int end = off + (len / 32) * 32;
            for (; p < end; p += 32) {
                c += read64(m, p);
                d += read64(m, p + 8);
                // ShortMix
                long[] v = shortMix(a, b, c, d);
                a = v[0] + read64(m, p + 16);
                b = v[1] + read64(m, p + 24);
                c = v[2];
                d = v[3];
            }
            if (remainder >= 16) {
                c += read64(m, p);
                d += read64(m, p + 8);
                long[] v = shortMix(a, b, c, d);
                a = v[0];
                b = v[1];
                c = v[2];
                d = v[3];
                p += 16;
                remainder -= 16;
            }
        }
        d += ((long) len) << 56;
        // The tail, as SpookyHash's fall-through switch reads it, folded into ifs (javac -Xlint
        // warns on fall-through): bytes 8..14 go to d (with the top 8-byte word to c), 0..6 to c.
        int r = remainder;
        if (r >= 12) {
            if (r >= 15) {
                d += (m[p + 14] & 0xffL) << 48;
            }
            if (r >= 14) {
                d += (m[p + 13] & 0xffL) << 40;
            }
            if (r >= 13) {
                d += (m[p + 12] & 0xffL) << 32;
            }
            d += read32(m, p + 8);
            c += read64(m, p);
        } else if (r >= 8) {
            if (r >= 11) {
                d += (m[p + 10] & 0xffL) << 16;
            }
            if (r >= 10) {
                d += (m[p + 9] & 0xffL) << 8;
            }
            if (r >= 9) {
                d += m[p + 8] & 0xffL;
            }
            c += read64(m, p);
        } else if (r >= 4) {
            if (r >= 7) {
                c += (m[p + 6] & 0xffL) << 48;
            }
            if (r >= 6) {
                c += (m[p + 5] & 0xffL) << 40;
            }
            if (r >= 5) {
                c += (m[p + 4] & 0xffL) << 32;
            }
            c += read32(m, p);
        } else if (r >= 1) {
            if (r >= 3) {
                c += (m[p + 2] & 0xffL) << 16;
            }
            if (r >= 2) {
                c += (m[p + 1] & 0xffL) << 8;
            }
            c += m[p] & 0xffL;
        } else {
            c += SC_CONST;
            d += SC_CONST;
        }
        // ShortEnd
        d ^= c; c = Long.rotateLeft(c, 15); d += c;
        a ^= d; d = Long.rotateLeft(d, 52); a += d;
        b ^= a; a = Long.rotateLeft(a, 26); b += a;
        c ^= b; b = Long.rotateLeft(b, 51); c += b;
        d ^= c; c = Long.rotateLeft(c, 28); d += c;
        a ^= d; d = Long.rotateLeft(d, 9); a += d;
        b ^= a; a = Long.rotateLeft(a, 47); b += a;
        c ^= b; b = Long.rotateLeft(b, 54); c += b;
        d ^= c; c = Long.rotateLeft(c, 32); d += c;
        a ^= d; d = Long.rotateLeft(d, 25); a += d;
        b ^= a; a = Long.rotateLeft(a, 63); b += a;
        return a;
    }

    private static long[] shortMix(long h0, long h1, long h2, long h3) {
        h2 = Long.rotateLeft(h2, 50); h2 += h3; h0 ^= h2;
        h3 = Long.rotateLeft(h3, 52); h3 += h0; h1 ^= h3;
        h0 = Long.rotateLeft(h0, 30); h0 += h1; h2 ^= h0;
        h1 = Long.rotateLeft(h1, 41); h1 += h2; h3 ^= h1;
        h2 = Long.rotateLeft(h2, 54); h2 += h3; h0 ^= h2;
        h3 = Long.rotateLeft(h3, 48); h3 += h0; h1 ^= h3;
        h0 = Long.rotateLeft(h0, 38); h0 += h1; h2 ^= h0;
        h1 = Long.rotateLeft(h1, 37); h1 += h2; h3 ^= h1;
        h2 = Long.rotateLeft(h2, 62); h2 += h3; h0 ^= h2;
        h3 = Long.rotateLeft(h3, 34); h3 += h0; h1 ^= h3;
        h0 = Long.rotateLeft(h0, 5); h0 += h1; h2 ^= h0;
        h1 = Long.rotateLeft(h1, 36); h1 += h2; h3 ^= h1;
        return new long[] {h0, h1, h2, h3};
    }

    private static final int[] MIX_ROT = {11, 32, 43, 31, 17, 28, 39, 57, 55, 54, 22, 46};

    /** {@code Mix}: for each i, s[i] += data[i]; s[i+2] ^= s[i+10]; s[i+11] ^= s[i]; s[i] = rot(s[i]); s[i+11] += s[i+1] (indices mod 12). */
    private static void mix(long[] data, long[] s) {
        for (int i = 0; i < NUM_VARS; i++) {
            s[i] += data[i];
            s[(i + 2) % NUM_VARS] ^= s[(i + 10) % NUM_VARS];
            s[(i + 11) % NUM_VARS] ^= s[i];
            s[i] = Long.rotateLeft(s[i], MIX_ROT[i]);
            s[(i + 11) % NUM_VARS] += s[(i + 1) % NUM_VARS];
        }
    }

    private static final int[] END_ROT = {44, 15, 34, 21, 38, 33, 10, 13, 38, 53, 42, 54};

    /** {@code EndPartial}: for each i, h[i+11] += h[i+1]; h[i+2] ^= h[i+11]; h[i+1] = rot(h[i+1]) (indices mod 12). */
    private static void endPartial(long[] h) {
        for (int i = 0; i < NUM_VARS; i++) {
            h[(i + 11) % NUM_VARS] += h[(i + 1) % NUM_VARS];
            h[(i + 2) % NUM_VARS] ^= h[(i + 11) % NUM_VARS];
            h[(i + 1) % NUM_VARS] = Long.rotateLeft(h[(i + 1) % NUM_VARS], END_ROT[i]);
        }
    }

    private static long read64(byte[] b, int p) {
        return (b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 24
                | (b[p + 4] & 0xffL) << 32 | (b[p + 5] & 0xffL) << 40 | (b[p + 6] & 0xffL) << 48 | (b[p + 7] & 0xffL) << 56;
    }

    private static long read32(byte[] b, int p) {
        return (b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 24;
    }
}
