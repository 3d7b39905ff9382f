package io.hashring.hash;

import io.hashring.core.HashFunction;

/** Base of the built-in functions: a fixed name, used for {@link #toString()} too. */
abstract class NamedHash implements HashFunction {

    private final String name;

    NamedHash(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String toString() {
        return name;
    }

    /** Little-endian 32-bit read. */
    static int le32(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }

    /** Little-endian 64-bit read. */
    static long le64(byte[] b, int i) {
        return (le32(b, i) & 0xffffffffL) | (long) le32(b, i + 4) << 32;
    }

    static void check(byte[] key, int offset, int length) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        java.util.Objects.checkFromIndexSize(offset, length, key.length);
    }
}
