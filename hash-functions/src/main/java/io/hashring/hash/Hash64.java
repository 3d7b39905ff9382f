package io.hashring.hash;

import io.hashring.core.HashFunction;

/**
 * A hash with a 64-bit result. Its {@link HashFunction#hash(byte[], int, int)} is the low 32 bits
 * of {@link #hash64(byte[], int, int)} (what Guava's {@code HashCode.asInt()} returns for these
 * functions). Immutable, thread-safe, allocation-free.
 */
public interface Hash64 extends HashFunction {

    /** The 64-bit hash of {@code key[offset, offset+length)}. */
    long hash64(byte[] key, int offset, int length);

    /** The 64-bit hash of the whole array. */
    default long hash64(byte[] key) {
        return hash64(key, 0, key.length);
    }

    @Override
    default int hash(byte[] key, int offset, int length) {
        return (int) hash64(key, offset, length);
    }
}
