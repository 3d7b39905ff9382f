package io.hashring.hash;

/** Fast, well-mixed hashes for new deployments: xxHash64, MurmurHash3 x64 128, SipHash-2-4. */
final class ModernHashes {

    private ModernHashes() {
    }

    private abstract static class Named64 extends NamedHash implements Hash64 {
        Named64(String name) {
            super(name);
        }

        @Override
        public final int hash(byte[] key, int offset, int length) {
            return (int) hash64(key, offset, length);
        }
    }

    /** xxHash64 (Yann Collet, {@code xxhash.h} XXH64) with a seed. */
    static final class XxHash64 extends Named64 {
        private static final long P1 = 0x9E3779B185EBCA87L;
        private static final long P2 = 0xC2B2AE3D27D4EB4FL;
        private static final long P3 = 0x165667B19E3779F9L;
        private static final long P4 = 0x85EBCA77C2B2AE63L;
        private static final long P5 = 0x27D4EB2F165667C5L;
        private final long seed;

        XxHash64(long seed) {
            super(seed == 0 ? "xxh64" : "xxh64(seed=" + seed + ")");
            this.seed = seed;
        }

        @Override
        public long hash64(byte[] b, int off, int len) {
            check(b, off, len);
            int p = off;
            int end = off + len;
            long h;
            if (len >= 32) {
                long v1 = seed + P1 + P2;
                long v2 = seed + P2;
                long v3 = seed;
                long v4 = seed - P1;
                int limit = end - 32;
                do {
                    v1 = round(v1, le64(b, p));
                    v2 = round(v2, le64(b, p + 8));
                    v3 = round(v3, le64(b, p + 16));
                    v4 = round(v4, le64(b, p + 24));
                    p += 32;
                } while (p <= limit);
                h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
                h = merge(h, v1);
                h = merge(h, v2);
                h = merge(h, v3);
                h = merge(h, v4);
            } else {
                h = seed + P5;
            }
            h += len;
            while (p + 8 <= end) {
                h ^= round(0, le64(b, p));
                h = Long.rotateLeft(h, 27) * P1 + P4;
                p += 8;
            }
            if (p + 4 <= end) {
                h ^= (le32(b, p) & 0xffffffffL) * P1;
                h = Long.rotateLeft(h, 23) * P2 + P3;
                p += 4;
            }
            while (p < end) {
                h ^= (b[p] & 0xffL) * P5;
                h = Long.rotateLeft(h, 11) * P1;
                p++;
            }
            h ^= h >>> 33;
            h *= P2;
            h ^= h >>> 29;
            h *= P3;
            h ^= h >>> 32;
            return h;
        }

        private static long round(long acc, long input) {
            acc += input * P2;
            acc = Long.rotateLeft(acc, 31);
            return acc * P1;
        }

        private static long merge(long h, long v) {
            h ^= round(0, v);
            return h * P1 + P4;
        }
    }

    /**
     * MurmurHash3_x64_128 (Austin Appleby, {@code MurmurHash3.cpp}); {@link #hash64} is {@code h1},
     * the first 8 bytes of the 16-byte result read little-endian (Guava's {@code asLong()}).
     */
    static final class Murmur3_128 extends Named64 {
        private static final long C1 = 0x87c37b91114253d5L;
        private static final long C2 = 0x4cf5ad432745937fL;
        private final int seed;

        Murmur3_128(int seed) {
            super(seed == 0 ? "murmur3_128" : "murmur3_128(seed=" + seed + ")");
            this.seed = seed;
        }

        @Override
        public long hash64(byte[] b, int off, int len) {
            check(b, off, len);
            long h1 = seed & 0xffffffffL;
            long h2 = h1;
            int p = off;
            int blocksEnd = off + (len & ~15);
            while (p < blocksEnd) {
                long k1 = le64(b, p);
                long k2 = le64(b, p + 8);
                h1 ^= mixK1(k1);
                h1 = Long.rotateLeft(h1, 27);
                h1 += h2;
                h1 = h1 * 5 + 0x52dce729;
                h2 ^= mixK2(k2);
                h2 = Long.rotateLeft(h2, 31);
                h2 += h1;
                h2 = h2 * 5 + 0x38495ab5;
                p += 16;
            }
            int rem = len & 15;
            long k1 = 0;
            long k2 = 0;
            for (int i = rem - 1; i >= 8; i--) {
                k2 ^= (b[p + i] & 0xffL) << (8 * (i - 8));
            }
            for (int i = Math.min(rem, 8) - 1; i >= 0; i--) {
                k1 ^= (b[p + i] & 0xffL) << (8 * i);
            }
            if (rem > 8) {
                h2 ^= mixK2(k2);
            }
            if (rem > 0) {
                h1 ^= mixK1(k1);
            }
            h1 ^= len;
            h2 ^= len;
            h1 += h2;
            h2 += h1;
            h1 = fmix64(h1);
            h2 = fmix64(h2);
            h1 += h2;
            return h1;
        }

        private static long mixK1(long k1) {
            k1 *= C1;
            k1 = Long.rotateLeft(k1, 31);
            return k1 * C2;
        }

        private static long mixK2(long k2) {
            k2 *= C2;
            k2 = Long.rotateLeft(k2, 33);
            return k2 * C1;
        }

        private static long fmix64(long k) {
            k ^= k >>> 33;
            k *= 0xff51afd7ed558ccdL;
            k ^= k >>> 33;
            k *= 0xc4ceb9fe1a85ec53L;
            k ^= k >>> 33;
            return k;
        }
    }

    /** SipHash-2-4 (Aumasson and Bernstein, 2012) keyed with two 64-bit halves (k0, k1), little-endian. */
    static final class SipHash24 extends Named64 {
        private final long k0;
        private final long k1;

        SipHash24(long k0, long k1) {
            super("siphash24");
            this.k0 = k0;
            this.k1 = k1;
        }

        @Override
        public long hash64(byte[] b, int off, int len) {
            check(b, off, len);
            long v0 = 0x736f6d6570736575L ^ k0;
            long v1 = 0x646f72616e646f6dL ^ k1;
            long v2 = 0x6c7967656e657261L ^ k0;
            long v3 = 0x7465646279746573L ^ k1;
            int p = off;
            int blocksEnd = off + (len & ~7);
            while (p < blocksEnd) {
                long m = le64(b, p);
                v3 ^= m;
                for (int r = 0; r < 2; r++) {
                    v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                    v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                    v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                    v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
                }
                v0 ^= m;
                p += 8;
            }
            long m = (long) len << 56;
            for (int i = 0; i < (len & 7); i++) {
                m |= (b[p + i] & 0xffL) << (8 * i);
            }
            v3 ^= m;
            for (int r = 0; r < 2; r++) {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
            v2 ^= 0xff;
            for (int r = 0; r < 4; r++) {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            return v0 ^ v1 ^ v2 ^ v3;
        }
    }
}
