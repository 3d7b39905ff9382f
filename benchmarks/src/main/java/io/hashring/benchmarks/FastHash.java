package io.hashring.benchmarks;

import io.hashring.core.HashFunction;
import io.hashring.hash.Hash64;
import io.hashring.hash.Hashes;

/**
 * The fast-hash ring's key hash: hashring-hash's XXH64 (seed 0), its 64-bit result folded to 32
 * bits as {@code hi ^ lo} so both halves reach the ring position. The jump-hash references take
 * the unfolded 64-bit value ({@link #hash64}). Thread-safe, allocation-free.
 */
final class FastHash implements HashFunction {

    static final FastHash INSTANCE = new FastHash();

    private static final Hash64 XXH64 = Hashes.xxh64();

    private FastHash() {
    }

    @Override
    public String name() {
        return "xxh64-folded";
    }

    @Override
    public int hash(byte[] key, int offset, int length) {
        long h = XXH64.hash64(key, offset, length);
        return (int) (h ^ (h >>> 32));
    }

    /** The 64-bit XXH64 value (what Guava's and hash4j's jump hashes take). */
    static long hash64(byte[] key, int offset, int length) {
        return XXH64.hash64(key, offset, length);
    }

    @Override
    public String toString() {
        return name();
    }
}
