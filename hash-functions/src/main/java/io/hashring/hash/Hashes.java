package io.hashring.hash;

import io.hashring.core.HashFunction;

/**
 * Static factories for every hash function hashring ships. Each is immutable, thread-safe and
 * allocation-free per call.
 */
public final class Hashes {

    private Hashes() {
    }

    /** The ketama key hash: word 0 of MD5, little-endian (libketama, libmemcached {@code md5}). */
    public static HashFunction md5() {
        return HashFunction.md5();
    }
}
