package io.hashring.hash.interop;

import io.hashring.core.HashFunction;
import java.util.List;

/**
 * mcrouter's shard selectors (facebook/mcrouter), as functions of the key and the pool size:
 * {@code Ch3} = {@code furc_hash} ({@code mcrouter/lib/fbi/hash.c}, {@code mcrouter/lib/Ch3HashFunc.h})
 * and {@code Crc32} = {@code (crc32_hash(key) & 0x7fffffff) % n} ({@code mcrouter/lib/Crc32HashFunc.h}),
 * both over the request's routing key ({@code mcrouter/lib/carbon/Keys-inl.h}): the key without a
 * {@code /region/cluster/} routing prefix, cut at the first {@code |#|} hash stop.
 *
 * <p>Each {@link HashFunction} here returns the shard index itself, in {@code [0, n)}, so a
 * modulo router over {@code n} unit-weight nodes routes exactly like mcrouter. Stateless and
 * thread-safe; {@code furc_hash} keeps its bit-stream cache in a per-thread array (no allocation per
 * call after the first on a thread).
 */
final class McrouterHashes {

    private McrouterHashes() {
    }

    /** furc_hash's MurmurHash64A seed ({@code SEED}). */
    private static final long SEED = 4193360111L;
    private static final long M = 0xc6a4a7935bd1e995L;
    private static final int R = 47;
    /** {@code MAX_TRIES}: tries for an in-range result before returning 0. */
    private static final int MAX_TRIES = 32;
    /** {@code FURC_SHIFT}: gap in bit index per try; at most 2^23 shards. */
    static final int FURC_SHIFT = 23;
    /** {@code FURC_CACHE_SIZE}. */
    private static final int CACHE = 1024;

    private static final ThreadLocal<long[]> BITS = ThreadLocal.withInitial(() -> new long[CACHE]);

    /** {@code furc_maximum_pool_size()}: 2^23. */
    static int maximumPoolSize() {
        return 1 << FURC_SHIFT;
    }

    /** MurmurHash64A (Austin Appleby) over {@code key[off, off+len)}, little-endian 8-byte reads, as on x86-64. */
    static long murmurHash64A(byte[] key, int off, int len, long seed) {
        long h = seed ^ (len * M);
        int blocks = len / 8;
        for (int i = 0; i < blocks; i++) {
            int p = off + 8 * i;
            long k = (key[p] & 0xffL) | (key[p + 1] & 0xffL) << 8 | (key[p + 2] & 0xffL) << 16 | (key[p + 3] & 0xffL) << 24
                    | (key[p + 4] & 0xffL) << 32 | (key[p + 5] & 0xffL) << 40 | (key[p + 6] & 0xffL) << 48
                    | (key[p + 7] & 0xffL) << 56;
            k *= M;
            k ^= k >>> R;
            k *= M;
            h ^= k;
            h *= M;
        }
        int tail = off + 8 * blocks;
        int rem = len & 7;
        if (rem > 0) {
            for (int i = rem - 1; i >= 0; i--) {
                h ^= (key[tail + i] & 0xffL) << (8 * i);
            }
            h *= M;
        }
        h ^= h >>> R;
        h *= M;
        h ^= h >>> R;
        return h;
    }

    /** {@code murmur_rehash_64A}: MurmurHash64A of one 8-byte word with the furc seed. */
    private static long rehash(long k) {
        long h = SEED ^ (8 * M);
        k *= M;
        k ^= k >>> R;
        k *= M;
        h ^= k;
        h *= M;
        h ^= h >>> R;
        h *= M;
        h ^= h >>> R;
        return h;
    }

    /**
     * {@code furc_hash(key, len, m)}: the shard in {@code [0, m)} (0 when {@code m <= 1}). {@code m}
     * is read as unsigned, like the C {@code uint32_t}.
     */
    static int furcHash(byte[] key, int off, int len, int m) {
        if (Integer.compareUnsigned(m, 1) <= 0) {
            return 0;
        }
        long[] bits = BITS.get();
        int computed = -1; // highest cached word: furc_get_bit's old_ord
        int d = 32 - Integer.numberOfLeadingZeros(m - 1);
        int a = d;
        for (int t = 0; t < MAX_TRIES; t++) {
            while (true) {
                int ord = a >>> 6;
                while (computed < ord) {
                    computed++;
                    bits[computed] = computed == 0 ? murmurHash64A(key, off, len, SEED) : rehash(bits[computed - 1]);
                }
                if (((bits[ord] >>> (a & 0x3f)) & 1) != 0) {
                    break;
                }
                if (--d == 0) {
                    return 0;
                }
                a = d;
            }
            a += FURC_SHIFT;
            int num = 1;
            for (int i = 0; i < d - 1; i++) {
                int ord = a >>> 6;
                while (computed < ord) {
                    computed++;
                    bits[computed] = rehash(bits[computed - 1]);
                }
                num = (num << 1) | (int) ((bits[ord] >>> (a & 0x3f)) & 1);
                a += FURC_SHIFT;
            }
            if (Integer.compareUnsigned(num, m) < 0) {
                return num;
            }
        }
        return 0;
    }

    /** WeightedCh3's SpookyHash seed ({@code kHashSeed}). */
    private static final int WCH3_SEED = 0xface2014;
    /** {@code WeightedChHashFuncBase::kNumTries}. */
    static final int WCH3_TRIES = 32;

    /**
     * mcrouter {@code WeightedCh3HashFunc::hash(key, weights, 32)} ({@code mcrouter/lib/WeightedCh3HashFunc.cpp}):
     * up to 32 rounds of {@code index = furc_hash(k, n)}, accepted when
     * {@code SpookyHashV2::Hash32(k, 0xface2014) < (uint64) (weights[index] * UINT32_MAX)}; k is the key,
     * then the key with the salt "0", "1", ..., "9", "01", "11", ... (an increasing counter's decimal
     * digits, least significant first) appended. Returns the last round's index when no round accepts.
     *
     * @param weights one weight in [0, 1] per server
     */
    static int weightedCh3(byte[] key, int off, int len, double[] weights) {
        int n = weights.length;
        byte[] k = new byte[len + 20];
        System.arraycopy(key, off, k, 0, len);
        int klen = len;
        int index = 0;
        long salt = 0;
        for (int round = 0; round < WCH3_TRIES; round++) {
            index = furcHash(k, 0, klen, n);
            long p = Integer.toUnsignedLong(SpookyV2.hash32(k, 0, klen, WCH3_SEED));
            long w = (long) (weights[index] * 4294967295.0); // uint64_t w = weight * uint32 max (truncation)
            if (p < w) {
                return index;
            }
            long s = salt++;
            klen = len;
            do {
                k[klen++] = (byte) ('0' + (int) (s % 10));
                s /= 10;
            } while (s > 0);
        }
        return index;
    }

    /**
     * mcrouter {@code WeightedCh3} over the routing key with the servers' weights scaled to
     * {@code weight / max weight} (mcrouter takes weights in [0, 1]; hashring's are positive integers).
     * Returns the shard index; a modulo router over unit-weight nodes routes with it.
     */
    static HashFunction weightedCh3(double[] weights) {
        double[] w = weights.clone();
        return new HashFunction() {
            @Override
            public String name() {
                return "mcrouter_weighted_ch3";
            }

            @Override
            public int hash(byte[] key, int offset, int length) {
                int s = routingStart(key, offset, length);
                int e = routingEnd(key, s, offset + length);
                return weightedCh3(key, s, e - s, w);
            }

            @Override
            public String toString() {
                return "mcrouter WeightedCh3 over " + w.length;
            }
        };
    }

    /** weightedFurcHash's cyclic cache of hash words ({@code kFurcCacheSize}, 1024). */
    private static final ThreadLocal<long[]> WFURC = ThreadLocal.withInitial(() -> new long[CACHE]);

    /** Per-call state of {@link #weightedFurcHash}: the cyclic cache and its highest filled word ({@code old_ord}). */
    private static final class BitStream {
        final long[] hash;
        int filled;

        BitStream(long[] hash, byte[] key, int off, int len) {
            this.hash = hash;
            hash[0] = murmurHash64A(key, off, len, SEED);
            filled = 0;
        }

        /** {@code furcFillCacheForOffset}: words up to {@code ord}, each the rehash of the one before. */
        void fill(int ord) {
            for (int n = filled + 1; n <= ord; n++) {
                hash[n & (CACHE - 1)] = rehash(hash[(n - 1) & (CACHE - 1)]);
            }
            if (ord > filled) {
                filled = ord;
            }
        }

        /** {@code furcGetBit}. */
        int bit(int idx) {
            int ord = idx >>> 6;
            fill(ord);
            return (int) ((hash[ord & (CACHE - 1)] >>> (idx & 0x3f)) & 1);
        }

        /** {@code furcGetNext32Bits}: the 32 bits from {@code idx}, as an unsigned value. */
        long next32(int idx) {
            fill((idx + 32) >>> 6);
            int ord = idx >>> 6;
            int bitIdx = idx & 0x3f;
            long word = hash[ord & (CACHE - 1)] >>> bitIdx;
            if (bitIdx > 32) {
                word += hash[(ord + 1) & (CACHE - 1)] << (64 - bitIdx);
            }
            return word & 0xffff_ffffL;
        }
    }

    /**
     * mcrouter {@code weightedFurcHash(key, weights, 32)} ({@code mcrouter/lib/fbi/WeightedFurcHash.cpp}),
     * what {@code WeightedCh4HashFunc} calls: furc_hash's bit-tree walk over one MurmurHash64A
     * bitstream, where a chosen shard whose weight is below 1 is accepted when the next 32 bits of the
     * same stream are below {@code (uint64) (weight * UINT32_MAX)}; a rejected shard restarts the walk
     * further along the stream. After 32 rejections, those last 32 bits mod n.
     *
     * @param weights one weight in [0, 1] per server
     */
    static int weightedFurcHash(byte[] key, int off, int len, double[] weights) {
        int m = weights.length;
        if (m <= 1) {
            return 0;
        }
        BitStream bits = new BitStream(WFURC.get(), key, off, len);
        int msb = 32 - Integer.numberOfLeadingZeros(m - 1);
        int d = msb;
        int startIdx = 0;
        int a = d;
        int num = m;
        int furcAttempt = 0;
        long next32 = 0;
        for (int overall = 0; overall < WCH3_TRIES; ) {
            while (bits.bit(a) == 0) {
                if (--d == startIdx) {
                    num = 0;
                    break;
                }
                a = d;
            }
            a += FURC_SHIFT; // progress even in the all-zeros case
            if (num != 0) {
                num = 1;
                for (int i = startIdx; i < d - 1; i++) {
                    num = (num << 1) | bits.bit(a);
                    a += FURC_SHIFT;
                }
                if (num >= m) {
                    if (++furcAttempt == MAX_TRIES) {
                        num = 0;
                    } else {
                        num = m;
                        continue;
                    }
                }
            }
            double w = weights[num];
            if (w == 1.0) {
                return num;
            }
            long weightAsInt = (long) (w * 4294967295.0);
            next32 = bits.next32(a);
            if (next32 < weightAsInt) {
                return num;
            }
            furcAttempt = 0;
            startIdx = a;
            d = a + msb;
            a = d;
            num = m;
            overall++;
        }
        return (int) (next32 % m);
    }

    /**
     * mcrouter {@code WeightedCh4} over the routing key with the servers' weights scaled to
     * {@code weight / max weight}, as {@link #weightedCh3(double[])} does.
     */
    static HashFunction weightedCh4(double[] weights) {
        double[] w = weights.clone();
        return new HashFunction() {
            @Override
            public String name() {
                return "mcrouter_weighted_ch4";
            }

            @Override
            public int hash(byte[] key, int offset, int length) {
                int s = routingStart(key, offset, length);
                int e = routingEnd(key, s, offset + length);
                return weightedFurcHash(key, s, e - s, w);
            }

            @Override
            public String toString() {
                return "mcrouter WeightedCh4 over " + w.length;
            }
        };
    }

    /**
     * mcrouter {@code ConstShardHashFunc(n)} ({@code mcrouter/routes/ShardHashFunc.cpp}): a key
     * {@code <anything>:<digits>:<rest>} goes to shard {@code digits} when that is below {@code n};
     * any other key (no second colon, an empty or non-numeric shard, a shard {@code >= n}) falls back
     * to Ch3. Over the routing key.
     */
    static HashFunction constShard(int n) {
        return new HashFunction() {
            @Override
            public String name() {
                return "mcrouter_const_shard";
            }

            @Override
            public int hash(byte[] key, int offset, int length) {
                int s = routingStart(key, offset, length);
                int e = routingEnd(key, s, offset + length);
                int shard = shardId(key, s, e, n);
                return shard >= 0 ? shard : furcHash(key, s, e - s, n);
            }

            @Override
            public String toString() {
                return "mcrouter ConstShard over " + n;
            }
        };
    }

    /** getShardId + shardLookup: the shard number, or -1 when the key has none below {@code n}. */
    static int shardId(byte[] key, int start, int end, int n) {
        int first = -1;
        for (int j = start; j < end; j++) {
            if (key[j] == ':') {
                first = j;
                break;
            }
        }
        if (first < 0) {
            return -1;
        }
        int second = -1;
        for (int j = first + 1; j < end; j++) {
            if (key[j] == ':') {
                second = j;
                break;
            }
        }
        if (second < 0 || second == first + 1) {
            return -1; // no second colon, or an empty shard
        }
        long value = 0;
        for (int j = first + 1; j < second; j++) {
            int c = key[j];
            if (c < '0' || c > '9') {
                return -1;
            }
            value = Math.min(value * 10 + (c - '0'), Long.MAX_VALUE / 20); // any value >= n falls back alike
        }
        return value < n ? (int) value : -1;
    }

    /** {@code kRendezvousHashSeed} (endpoint tags) and {@code kRendezvousExtraHashSeed} (keys), RendezvousHashHelper.h. */
    private static final long RENDEZVOUS_TAG_SEED = 4193360111L;
    private static final long RENDEZVOUS_KEY_SEED = 2718281828L;

    /** CityHash's {@code Hash128to64(upper, lower)}, as mcrouter's RendezvousHashHelper.h has it. */
    static long hash128to64(long upper, long lower) {
        final long kMul = 0x9ddfea08eb382d69L;
        long a = (lower ^ upper) * kMul;
        a ^= a >>> 47;
        long b = (upper ^ a) * kMul;
        b ^= b >>> 47;
        b *= kMul;
        return b;
    }

    /** C++'s {@code static_cast<double>(uint64_t)}: round to nearest (even). */
    static double unsignedToDouble(long x) {
        if (x >= 0) {
            return (double) x;
        }
        return ((double) ((x >>> 1) | (x & 1))) * 2.0;
    }

    /**
     * mcrouter {@code RendezvousHashFunc}: each endpoint tag hashed once with MurmurHash64A (seed
     * {@code kRendezvousHashSeed}), the key with seed {@code kRendezvousExtraHashSeed}; the score of
     * endpoint i is {@code (double) Hash128to64(tagHash[i], keyHash)}, the highest wins and an equal
     * score goes to the higher index ({@code RendezvousHashFunc::operator()}).
     */
    static HashFunction rendezvous(List<String> tags) {
        long[] tagHash = new long[tags.size()];
        for (int i = 0; i < tagHash.length; i++) {
            byte[] t = tags.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            tagHash[i] = murmurHash64A(t, 0, t.length, RENDEZVOUS_TAG_SEED);
        }
        return new HashFunction() {
            @Override
            public String name() {
                return "mcrouter_rendezvous";
            }

            @Override
            public int hash(byte[] key, int offset, int length) {
                int s = routingStart(key, offset, length);
                int e = routingEnd(key, s, offset + length);
                long keyHash = murmurHash64A(key, s, e - s, RENDEZVOUS_KEY_SEED);
                double maxScore = -1.0;
                int maxIndex = 0;
                for (int i = 0; i < tagHash.length; i++) {
                    double score = unsignedToDouble(hash128to64(tagHash[i], keyHash));
                    if (score > maxScore || (score == maxScore && i > maxIndex)) {
                        maxScore = score;
                        maxIndex = i;
                    }
                }
                return maxIndex;
            }

            @Override
            public String toString() {
                return "mcrouter Rendezvous over " + tagHash.length;
            }
        };
    }

    /** Start of the routing key: past a {@code /region/cluster/} prefix when the key starts with one. */
    static int routingStart(byte[] key, int off, int len) {
        if (len == 0 || key[off] != '/') {
            return off;
        }
        int pos = off + 1;
        for (int i = 0; i < 2; i++) {
            int slash = -1;
            for (int j = pos; j < off + len; j++) {
                if (key[j] == '/') {
                    slash = j;
                    break;
                }
            }
            if (slash < 0) {
                return off; // not a routing prefix: the whole key routes
            }
            pos = slash + 1;
        }
        return pos;
    }

    /** End of the routing key: the first {@code |#|} hash stop at or after {@code start}, else the key's end. */
    static int routingEnd(byte[] key, int start, int end) {
        for (int j = start; j + 2 < end; j++) {
            if (key[j] == '|' && key[j + 1] == '#' && key[j + 2] == '|') {
                return j;
            }
        }
        return end;
    }

    /** mcrouter {@code Ch3HashFunc(n)} over the routing key. */
    static HashFunction ch3(int n) {
        return new HashFunction() {
            @Override
            public String name() {
                return "mcrouter_ch3";
            }

            @Override
            public int hash(byte[] key, int offset, int length) {
                int s = routingStart(key, offset, length);
                int e = routingEnd(key, s, offset + length);
                return furcHash(key, s, e - s, n);
            }

            @Override
            public String toString() {
                return "mcrouter Ch3 (furc_hash) over " + n;
            }
        };
    }

    /** mcrouter {@code Crc32HashFunc}: {@code crc32(routing key) & 0x7fffffff}; the modulo is the router's. */
    static HashFunction crc32() {
        return new HashFunction() {
            @Override
            public String name() {
                return "mcrouter_crc32";
            }

            @Override
            public int hash(byte[] key, int offset, int length) {
                int s = routingStart(key, offset, length);
                int e = routingEnd(key, s, offset + length);
                return io.hashring.hash.Hashes.crc32().hash(key, s, e - s) & 0x7fffffff;
            }

            @Override
            public String toString() {
                return "mcrouter Crc32";
            }
        };
    }
}
