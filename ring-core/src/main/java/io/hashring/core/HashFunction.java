package io.hashring.core;

import io.hashring.core.internal.KeyBuffer;
import io.hashring.core.internal.Md5KeyHash;

/**
 * A key hash: bytes to an unsigned 32-bit ring position, carried in an {@code int} and compared
 * with {@link Integer#compareUnsigned}. Use {@link Integer#toUnsignedLong} to print or store it.
 *
 * <p>How a key becomes bytes is part of a hash's contract. The default {@link #hash(CharSequence)}
 * hashes the key's UTF-8 bytes; a function that the peer it imitates defines over UTF-16 code
 * units or characters (spymemcached's NATIVE and FNV, pymemcache's murmur3) overrides it.
 *
 * <p>A hash's output is a compatibility contract: implementations never change their outputs; a
 * bug is fixed by a new, differently named function. Implementations are immutable, thread-safe
 * and allocate nothing per call.
 */
public interface HashFunction {

    /** The function's stable name, as the peers spell it where they have one (for example {@code md5}). */
    String name();

    /** Hashes {@code key[offset, offset+length)}. */
    int hash(byte[] key, int offset, int length);

    /** Hashes the whole array. */
    default int hash(byte[] key) {
        return hash(key, 0, key.length);
    }

    /**
     * Hashes a text key: by default its UTF-8 bytes, encoded into a per-thread buffer (no
     * allocation once the buffer has grown to the longest key seen on the thread).
     */
    default int hash(CharSequence key) {
        KeyBuffer utf8 = KeyBuffer.utf8(key);
        return hash(utf8.bytes(), 0, utf8.length());
    }

    /**
     * The ketama key hash: word 0 of the MD5 digest, little-endian (libketama, libmemcached,
     * spymemcached's and xmemcached's KETAMA_HASH). In ring-core, so every ring-core user has
     * it; {@code io.hashring.hash.Hashes.md5()} returns this same instance. Allocation-free, about
     * one MD5 block per 64 key bytes; immutable and thread-safe.
     */
    static HashFunction md5() {
        return Md5KeyHash.INSTANCE;
    }
}
