package io.hashring.hash;

/**
 * SHA-1 (FIPS 180-4), reduced to what dalli needs: the first four digest bytes read big-endian
 * ({@code Digest::SHA1.hexdigest(s)[0..7].hex}). Allocation-free: the 80-word schedule lives in a
 * per-thread buffer.
 */
final class Sha1 extends NamedHash {

    private static final ThreadLocal<int[]> SCHEDULE = ThreadLocal.withInitial(() -> new int[80]);

    Sha1() {
        super("sha1");
    }

    @Override
    public int hash(byte[] key, int offset, int length) {
        check(key, offset, length);
        int[] w = SCHEDULE.get();
        int h0 = 0x67452301;
        int h1 = 0xefcdab89;
        int h2 = 0x98badcfe;
        int h3 = 0x10325476;
        int h4 = 0xc3d2e1f0;
        int total = ((length + 8) >>> 6 << 6) + 64;
        long bits = (long) length << 3;
        for (int base = 0; base < total; base += 64) {
            for (int t = 0; t < 16; t++) {
                int p = base + 4 * t;
                w[t] = byteAt(key, offset, length, total, bits, p) << 24
                        | byteAt(key, offset, length, total, bits, p + 1) << 16
                        | byteAt(key, offset, length, total, bits, p + 2) << 8
                        | byteAt(key, offset, length, total, bits, p + 3);
            }
            for (int t = 16; t < 80; t++) {
                w[t] = Integer.rotateLeft(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
            }
            int a = h0;
            int b = h1;
            int c = h2;
            int d = h3;
            int e = h4;
            for (int t = 0; t < 80; t++) {
                int f;
                int k;
                if (t < 20) {
                    f = (b & c) | (~b & d);
                    k = 0x5a827999;
                } else if (t < 40) {
                    f = b ^ c ^ d;
                    k = 0x6ed9eba1;
                } else if (t < 60) {
                    f = (b & c) | (b & d) | (c & d);
                    k = 0x8f1bbcdc;
                } else {
                    f = b ^ c ^ d;
                    k = 0xca62c1d6;
                }
                int tmp = Integer.rotateLeft(a, 5) + f + e + k + w[t];
                e = d;
                d = c;
                c = Integer.rotateLeft(b, 30);
                b = a;
                a = tmp;
            }
            h0 += a;
            h1 += b;
            h2 += c;
            h3 += d;
            h4 += e;
        }
        return h0;
    }

    private static int byteAt(byte[] m, int off, int len, int total, long bits, int p) {
        if (p < len) {
            return m[off + p] & 0xff;
        }
        if (p == len) {
            return 0x80;
        }
        int lengthStart = total - 8;
        return p >= lengthStart ? (int) (bits >>> (8 * (7 - (p - lengthStart)))) & 0xff : 0;
    }
}
