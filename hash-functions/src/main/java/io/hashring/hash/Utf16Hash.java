package io.hashring.hash;

/**
 * A hash the peer defines over the UTF-16 code units of a Java {@code String} (spymemcached's and
 * xmemcached's NATIVE and FNV, xmemcached's MYSQL, ELF, RS, LUA). {@link #hash(CharSequence)} is the
 * definition; {@link #hash(byte[], int, int)} treats the bytes as the UTF-8 encoding of the key and
 * hashes the decoded code units, so {@code hash(s.getBytes(UTF_8)) == hash(s)} for every string
 * (malformed UTF-8 is decoded as {@code new String(bytes, UTF_8)} does).
 */
abstract class Utf16Hash extends NamedHash {

    Utf16Hash(String name) {
        super(name);
    }

    @Override
    public abstract int hash(CharSequence key);

    @Override
    public final int hash(byte[] key, int offset, int length) {
        check(key, offset, length);
        return hash(Utf8Decoder.decode(key, offset, length));
    }
}
