package io.hashring.hash;

/**
 * libhashkit's (libmemcached 1.1.x, {@code src/libhashkit/*.cc}) and twemproxy's
 * ({@code src/hashkit/*.c}) key hashes, bit for bit on x86-64. Both read key bytes through plain
 * {@code char}, which is signed there: in one-at-a-time, FNV and hsieh's tail a byte {@code >= 0x80}
 * enters the arithmetic sign-extended. A Java {@code byte} widened to {@code int}/{@code long} is
 * sign-extended the same way, so the loops below read {@code key[i]} unmasked exactly where C does.
 */
final class LibhashkitHashes {

    private LibhashkitHashes() {
    }

    /** Jenkins one-at-a-time over signed chars ({@code one_at_a_time.cc}). */
    static final class OneAtATime extends NamedHash {
        private final boolean signedBytes;

        OneAtATime(String name, boolean signedBytes) {
            super(name);
            this.signedBytes = signedBytes;
        }

        @Override
        public int hash(byte[] key, int offset, int length) {
            check(key, offset, length);
            int h = 0;
            int mask = signedBytes ? -1 : 0xff;
            for (int i = offset, end = offset + length; i < end; i++) {
                h += key[i] & mask;
                h += h << 10;
                h ^= h >>> 6;
            }
            h += h << 3;
            h ^= h >>> 11;
            h += h << 15;
            return h;
        }
    }

    /** 64-bit FNV-1, low 32 bits; bytes sign-extended to 64 bits ({@code fnv_64.cc}). */
    static final class Fnv1_64 extends NamedHash {
        Fnv1_64() {
            super("fnv1_64");
        }

        @Override
        public int hash(byte[] key, int offset, int length) {
            check(key, offset, length);
            long h = 0xcbf29ce484222325L;
            for (int i = offset, end = offset + length; i < end; i++) {
                h *= 0x100000001b3L;
                h ^= key[i];
            }
            return (int) h;
        }
    }

    /**
     * libhashkit's fnv1a_64 is computed in 32-bit arithmetic with the low halves of the 64-bit
     * constants (0x84222325, 0x1b3), which equals the low 32 bits of true 64-bit FNV-1a.
     */
    static final class Fnv1a_64 extends NamedHash {
        Fnv1a_64() {
            super("fnv1a_64");
        }

        @Override
        public int hash(byte[] key, int offset, int length) {
            check(key, offset, length);
            int h = 0x84222325;
            for (int i = offset, end = offset + length; i < end; i++) {
                h ^= key[i];
                h *= 0x1b3;
            }
            return h;
        }
    }

    /** 32-bit FNV-1 (offset basis 0x811c9dc5, prime 0x01000193), signed bytes. */
    static final class Fnv1_32 extends NamedHash {
        Fnv1_32() {
            super("fnv1_32");
        }

        @Override
        public int hash(byte[] key, int offset, int length) {
            check(key, offset, length);
            int h = 0x811c9dc5;
            for (int i = offset, end = offset + length; i < end; i++) {
                h *= 0x01000193;
                h ^= key[i];
            }
            return h;
        }
    }

    /** 32-bit FNV-1a, with signed bytes (libhashkit, twemproxy, PECL memcache's {@code fnv}). */
    static final class Fnv1a_32 extends NamedHash {
        Fnv1a_32(String name) {
            super(name);
        }

        @Override
        public int hash(byte[] key, int offset, int length) {
            check(key, offset, length);
            int h = 0x811c9dc5;
            for (int i = offset, end = offset + length; i < end; i++) {
                h ^= key[i];
                h *= 0x01000193;
            }
            return h;
        }
    }

    /**
     * Paul Hsieh's SuperFastHash as libhashkit/twemproxy ship it: initial hash 0 (not the length),
     * 16-bit little-endian reads, the third byte of a 3-byte tail sign-extended; 0 for empty input.
     */
    static final class Hsieh extends NamedHash {
        Hsieh() {
            super("hsieh");
        }

        @Override
        public int hash(byte[] key, int offset, int length) {
            check(key, offset, length);
            if (length == 0) {
                return 0;
            }
            int h = 0;
            int p = offset;
            for (int blocks = length >>> 2; blocks > 0; blocks--) {
                h += le16(key, p);
                int tmp = (le16(key, p + 2) << 11) ^ h;
                h = (h << 16) ^ tmp;
                p += 4;
                h += h >>> 11;
            }
            switch (length & 3) {
                case 3:
                    h += le16(key, p);
                    h ^= h << 16;
                    h ^= key[p + 2] << 18; // (uint32_t) of a signed char: sign-extended
                    h += h >>> 11;
                    break;
                case 2:
                    h += le16(key, p);
                    h ^= h << 11;
                    h += h >>> 17;
                    break;
                case 1:
                    h += key[p] & 0xff;
                    h ^= h << 10;
                    h += h >>> 1;
                    break;
                default:
                    break;
            }
            h ^= h << 3;
            h += h >>> 5;
            h ^= h << 4;
            h += h >>> 17;
            h ^= h << 25;
            h += h >>> 6;
            return h;
        }

        private static int le16(byte[] b, int i) {
            return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
        }
    }

    /**
     * MurmurHash2 (32-bit) as libhashkit's {@code murmur.cc}: m = 0x5bd1e995, r = 24,
     * seed = 0xdeadbeef * length, h = seed ^ length.
     */
    static final class Murmur2 extends NamedHash {
        Murmur2() {
            super("murmur");
        }

        @Override
        public int hash(byte[] key, int offset, int length) {
            check(key, offset, length);
            final int m = 0x5bd1e995;
            int seed = 0xdeadbeef * length;
            int h = seed ^ length;
            int p = offset;
            int rem = length;
            while (rem >= 4) {
                int k = le32(key, p);
                k *= m;
                k ^= k >>> 24;
                k *= m;
                h *= m;
                h ^= k;
                p += 4;
                rem -= 4;
            }
            // The C switch falls through: the tail's bytes are folded in from the last one down.
            if (rem == 3) {
                h ^= (key[p + 2] & 0xff) << 16;
            }
            if (rem >= 2) {
                h ^= (key[p + 1] & 0xff) << 8;
            }
            if (rem >= 1) {
                h ^= key[p] & 0xff;
                h *= m;
            }
            h ^= h >>> 13;
            h *= m;
            h ^= h >>> 15;
            return h;
        }
    }

    /** Bob Jenkins' lookup3 {@code hashlittle} with initval 13 ({@code jenkins.cc}). */
    static final class Jenkins extends NamedHash {
        Jenkins() {
            super("jenkins");
        }

        @Override
        public int hash(byte[] key, int offset, int length) {
            check(key, offset, length);
            int a = 0xdeadbeef + length + 13;
            int b = a;
            int c = a;
            if (length == 0) {
                return c;
            }
            int p = offset;
            int rem = length;
            while (rem > 12) {
                a += le32(key, p);
                b += le32(key, p + 4);
                c += le32(key, p + 8);
                a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
                b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
                c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
                a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
                b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
                c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
                p += 12;
                rem -= 12;
            }
            // Last 1..12 bytes, zero-padded little-endian words.
            a += tail(key, p, rem, 0);
            b += tail(key, p, rem, 4);
            c += tail(key, p, rem, 8);
            c ^= b; c -= Integer.rotateLeft(b, 14);
            a ^= c; a -= Integer.rotateLeft(c, 11);
            b ^= a; b -= Integer.rotateLeft(a, 25);
            c ^= b; c -= Integer.rotateLeft(b, 16);
            a ^= c; a -= Integer.rotateLeft(c, 4);
            b ^= a; b -= Integer.rotateLeft(a, 14);
            c ^= b; c -= Integer.rotateLeft(b, 24);
            return c;
        }

        private static int tail(byte[] key, int p, int rem, int at) {
            int w = 0;
            for (int j = 0; j < 4 && at + j < rem; j++) {
                w |= (key[p + at + j] & 0xff) << (8 * j);
            }
            return w;
        }
    }

    /** MurmurHash3_x86_32 with a seed; libhashkit's {@code murmur3} uses seed = 0xdeadbeef * length. */
    static final class Murmur3_32 extends NamedHash {
        private final boolean lengthSeed;
        private final int seed;

        Murmur3_32(String name, boolean lengthSeed, int seed) {
            super(name);
            this.lengthSeed = lengthSeed;
            this.seed = seed;
        }

        @Override
        public int hash(byte[] key, int offset, int length) {
            check(key, offset, length);
            int h1 = lengthSeed ? 0xdeadbeef * length : seed;
            int p = offset;
            int end = offset + (length & ~3);
            while (p < end) {
                h1 = mixH1(h1, mixK1(le32(key, p)));
                p += 4;
            }
            int k1 = 0;
            int tail = length & 3;
            // The reference switch falls through: the tail's bytes are folded in from the last one down.
            if (tail == 3) {
                k1 ^= (key[p + 2] & 0xff) << 16;
            }
            if (tail >= 2) {
                k1 ^= (key[p + 1] & 0xff) << 8;
            }
            if (tail >= 1) {
                k1 ^= key[p] & 0xff;
                h1 ^= mixK1(k1);
            }
            return fmix32(h1 ^ length);
        }

        static int mixK1(int k1) {
            k1 *= 0xcc9e2d51;
            k1 = Integer.rotateLeft(k1, 15);
            return k1 * 0x1b873593;
        }

        static int mixH1(int h1, int k1) {
            h1 ^= k1;
            h1 = Integer.rotateLeft(h1, 13);
            return h1 * 5 + 0xe6546b64;
        }

        static int fmix32(int h) {
            h ^= h >>> 16;
            h *= 0x85ebca6b;
            h ^= h >>> 13;
            h *= 0xc2b2ae35;
            h ^= h >>> 16;
            return h;
        }
    }

    /**
     * pymemcache's pure-Python {@code murmur3_32(str, seed=0)}: MurmurHash3_x86_32 over the
     * characters of a Python {@code str}, each code point contributing {@code ord(c) & 0xff} as one
     * byte, length = number of code points. Byte keys are read as UTF-8 and decoded to code points.
     */
    static final class PyMurmur3 extends NamedHash {
        private final int seed;

        PyMurmur3() {
            this(0);
        }

        /** {@code murmur3_32(data, seed)}: {@code h1} starts at the seed (its low 32 bits; see {@code Hashes.pymemcacheMurmur3(int)}). */
        PyMurmur3(int seed) {
            // distinct from the byte-wise murmur3_32: names must identify one function
            super(seed == 0 ? "pymemcache_murmur3_32" : "pymemcache_murmur3_32_seed_" + Integer.toUnsignedString(seed));
            this.seed = seed;
        }

        @Override
        public int hash(CharSequence key) {
            if (key == null) {
                throw new NullPointerException("key is null");
            }
            int h1 = seed;
            int k = 0;
            int count = 0;
            int n = key.length();
            for (int i = 0; i < n; i++) {
                char ch = key.charAt(i);
                int cp = ch;
                if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(key.charAt(i + 1))) {
                    cp = Character.toCodePoint(ch, key.charAt(++i));
                }
                k |= (cp & 0xff) << (8 * (count & 3));
                count++;
                if ((count & 3) == 0) {
                    h1 = Murmur3_32.mixH1(h1, Murmur3_32.mixK1(k));
                    k = 0;
                }
            }
            if ((count & 3) != 0) {
                h1 ^= Murmur3_32.mixK1(k);
            }
            return Murmur3_32.fmix32(h1 ^ count);
        }

        @Override
        public int hash(byte[] key, int offset, int length) {
            check(key, offset, length);
            return hash(Utf8Decoder.decode(key, offset, length));
        }
    }
}
