package io.hashring.hash;

/**
 * The hashes spymemcached ({@code DefaultHashAlgorithm}) and xmemcached ({@code HashAlgorithm})
 * define over a Java {@code String}'s UTF-16 code units ({@code charAt}). Both libraries compute
 * in {@code long} and keep the low 32 bits; where only the low 32 bits of every intermediate
 * matter the loops below use {@code int}, where higher bits feed back (LUA's {@code >> 2}) they use
 * {@code long} exactly as the Java source does.
 */
final class JavaClientHashes {

    private JavaClientHashes() {
    }

    enum Kind { NATIVE, FNV1_64, FNV1A_64, FNV1_32, FNV1A_32, MYSQL, ELF, RS, LUA }

    static final class Utf16 extends Utf16Hash {
        private final Kind kind;

        Utf16(String name, Kind kind) {
            super(name);
            this.kind = kind;
        }

        @Override
        public int hash(CharSequence k) {
            if (k == null) {
                throw new NullPointerException("key is null");
            }
            int n = k.length();
            switch (kind) {
                case NATIVE: {
                    int h = 0; // String.hashCode()
                    for (int i = 0; i < n; i++) {
                        h = 31 * h + k.charAt(i);
                    }
                    return h;
                }
                case FNV1_64: {
                    long h = 0xcbf29ce484222325L;
                    for (int i = 0; i < n; i++) {
                        h *= 0x100000001b3L;
                        h ^= k.charAt(i);
                    }
                    return (int) h;
                }
                case FNV1A_64: {
                    long h = 0xcbf29ce484222325L;
                    for (int i = 0; i < n; i++) {
                        h ^= k.charAt(i);
                        h *= 0x100000001b3L;
                    }
                    return (int) h;
                }
                case FNV1_32: {
                    int h = 0x811c9dc5;
                    for (int i = 0; i < n; i++) {
                        h *= 16777619;
                        h ^= k.charAt(i);
                    }
                    return h;
                }
                case FNV1A_32: {
                    int h = 0x811c9dc5;
                    for (int i = 0; i < n; i++) {
                        h ^= k.charAt(i);
                        h *= 16777619;
                    }
                    return h;
                }
                case MYSQL: {
                    int rv = 0;
                    int nr2 = 4;
                    for (int i = 0; i < n; i++) {
                        rv ^= ((rv & 63) + nr2) * k.charAt(i) + (rv << 8);
                        nr2 += 3;
                    }
                    return rv;
                }
                case ELF: {
                    int rv = 0;
                    for (int i = 0; i < n; i++) {
                        rv = (rv << 4) + k.charAt(i);
                        int x = rv & 0xf0000000;
                        if (x != 0) {
                            rv ^= x >>> 24;
                            rv &= ~x;
                        }
                    }
                    return rv & 0x7fffffff;
                }
                case RS: {
                    int rv = 0;
                    int a = 63689;
                    for (int i = 0; i < n; i++) {
                        rv = rv * a + k.charAt(i);
                        a *= 378551;
                    }
                    return rv & 0x7fffffff;
                }
                case LUA: {
                    int step = (n >> 5) + 1;
                    long rv = n;
                    for (int len = n; len >= step; len -= step) {
                        rv = rv ^ ((rv << 5) + (rv >> 2) + k.charAt(len - 1));
                    }
                    return (int) rv;
                }
                default:
                    throw new AssertionError(kind);
            }
        }
    }
}
