package io.hashring.core;

/** {@link HashFunction#md5()}: the ketama key hash, word 0 of the MD5 digest. */
final class Md5KeyHash implements HashFunction {

    static final Md5KeyHash INSTANCE = new Md5KeyHash();

    private Md5KeyHash() {
    }

    @Override
    public String name() {
        return "md5";
    }

    @Override
    public int hash(byte[] key, int offset, int length) {
        return Md5.firstWord(key, offset, length);
    }

    @Override
    public String toString() {
        return "md5";
    }
}
