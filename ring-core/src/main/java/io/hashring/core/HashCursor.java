package io.hashring.core;

/**
 * The failover cursor of a {@link HashedRouter}: hashes the key once with XXH64 and walks the
 * candidates from that 64-bit value. {@link #reset} and {@link #next} allocate nothing. Not
 * thread-safe: one cursor per thread; bound to the snapshot that made it.
 */
public abstract class HashCursor implements NodeCursor {

    HashCursor() {
    }

    @Override
    public final HashCursor reset(CharSequence key) {
        return resetHash(Xxh64.hash64(key));
    }

    @Override
    public final HashCursor reset(byte[] key, int offset, int length) {
        return resetHash(Xxh64.hash64(key, offset, length));
    }

    /** Starts over for a 64-bit key hash (see {@link HashedRouter#indexOfHash(long)}). */
    public abstract HashCursor resetHash(long hash);
}
