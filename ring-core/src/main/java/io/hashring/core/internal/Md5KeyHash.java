package io.hashring.core.internal;

import io.hashring.core.HashFunction;

/** {@link HashFunction#md5()}: the ketama key hash, word 0 of the MD5 digest. Internal. */
public final class Md5KeyHash implements HashFunction {

    /** The one instance, handed out by {@link HashFunction#md5()}. */
    public static final Md5KeyHash INSTANCE = new Md5KeyHash();

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

    /**
     * The key's UTF-8 bytes hashed without encoding them first when it is a {@link String}: an
     * ASCII string is read char by char into the MD5 message words ({@link Md5#firstWord(String)}).
     */
    @Override
    public int hash(CharSequence key) {
        if (key instanceof String s) {
            return Md5.firstWord(s);
        }
        KeyBuffer utf8 = KeyBuffer.utf8(key);
        return Md5.firstWord(utf8.bytes(), 0, utf8.length());
    }

    @Override
    public String toString() {
        return "md5";
    }
}
