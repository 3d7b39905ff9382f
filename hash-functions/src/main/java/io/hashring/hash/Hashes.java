package io.hashring.hash;

import io.hashring.core.HashFunction;

/**
 * Static factories for every hash function hashring ships. Each returned function is immutable,
 * thread-safe, and allocation-free per call over a {@code byte[]} slice; its
 * {@link HashFunction#hash(CharSequence)} hashes the key's UTF-8 bytes unless the javadoc says the
 * peer defines it over UTF-16 code units or characters (then byte keys are decoded from UTF-8 first,
 * without allocating). Results are unsigned 32-bit values carried in an {@code int}.
 *
 * <p>A function's output never changes between releases: a bug is fixed by a new, differently named
 * function. Names ({@link HashFunction#name()}) are spelled as the peer spells them.
 *
 * <h2>Signed bytes</h2>
 * The C peers (libhashkit, twemproxy, PECL memcache) read key bytes through {@code char}, signed on
 * x86-64, so bytes {@code >= 0x80} are sign-extended in one-at-a-time, FNV and hsieh's tail; the
 * functions named after them reproduce that (results on ARM builds of those peers differ for such
 * keys). CRC, MD5, murmur, murmur3 and jenkins are unaffected.
 */
public final class Hashes {

    private static final HashFunction ONE_AT_A_TIME = new LibhashkitHashes.OneAtATime("one_at_a_time", true);
    private static final HashFunction XMEMCACHED_ONE_AT_A_TIME = new LibhashkitHashes.OneAtATime("ONE_AT_A_TIME", false);
    private static final HashFunction CRC = new Crc.Crc15("crc");
    private static final HashFunction CRC32 = new Crc.Crc32("crc32");
    private static final HashFunction CRC16 = new Crc.Crc16();
    private static final HashFunction FNV1_64 = new LibhashkitHashes.Fnv1_64();
    private static final HashFunction FNV1A_64 = new LibhashkitHashes.Fnv1a_64();
    private static final HashFunction FNV1_32 = new LibhashkitHashes.Fnv1_32();
    private static final HashFunction FNV1A_32 = new LibhashkitHashes.Fnv1a_32("fnv1a_32");
    private static final HashFunction HSIEH = new LibhashkitHashes.Hsieh();
    private static final HashFunction MURMUR = new LibhashkitHashes.Murmur2();
    private static final HashFunction JENKINS = new LibhashkitHashes.Jenkins();
    private static final HashFunction MURMUR3 = new LibhashkitHashes.Murmur3_32("murmur3", true, 0);
    private static final HashFunction MURMUR3_32 = new LibhashkitHashes.Murmur3_32("murmur3_32", false, 0);
    private static final HashFunction PY_MURMUR3 = new LibhashkitHashes.PyMurmur3();
    private static final HashFunction SHA1 = new Sha1();
    private static final HashFunction NATIVE = new JavaClientHashes.Utf16("NATIVE_HASH", JavaClientHashes.Kind.NATIVE);
    private static final HashFunction JAVA_CRC = new Crc.Crc15("CRC_HASH");
    private static final HashFunction JAVA_FNV1_64 = new JavaClientHashes.Utf16("FNV1_64_HASH", JavaClientHashes.Kind.FNV1_64);
    private static final HashFunction JAVA_FNV1A_64 = new JavaClientHashes.Utf16("FNV1A_64_HASH", JavaClientHashes.Kind.FNV1A_64);
    private static final HashFunction JAVA_FNV1_32 = new JavaClientHashes.Utf16("FNV1_32_HASH", JavaClientHashes.Kind.FNV1_32);
    private static final HashFunction JAVA_FNV1A_32 = new JavaClientHashes.Utf16("FNV1A_32_HASH", JavaClientHashes.Kind.FNV1A_32);
    private static final HashFunction MYSQL = new JavaClientHashes.Utf16("MYSQL_HASH", JavaClientHashes.Kind.MYSQL);
    private static final HashFunction ELF = new JavaClientHashes.Utf16("ELF_HASH", JavaClientHashes.Kind.ELF);
    private static final HashFunction RS = new JavaClientHashes.Utf16("RS_HASH", JavaClientHashes.Kind.RS);
    private static final HashFunction LUA = new JavaClientHashes.Utf16("LUA_HASH", JavaClientHashes.Kind.LUA);
    private static final Hash64 XXH64 = new ModernHashes.XxHash64(0);
    private static final Hash64 MURMUR3_128 = new ModernHashes.Murmur3_128(0);
    private static final Hash64 XXH3 = new Xxh3(0);

    private Hashes() {
    }

    // ------------------------------------------------------------------ libhashkit (libmemcached 1.1.x)

    /**
     * Bob Jenkins' one-at-a-time over signed bytes: libhashkit's default ({@code one_at_a_time.cc},
     * {@code HASHKIT_HASH_DEFAULT}) and twemproxy's {@code one_at_a_time}. Key: UTF-8 bytes.
     * Example: "apple" = 2297466611 (libmemcached {@code test/fixtures/hashes.hpp}).
     */
    public static HashFunction oneAtATime() {
        return ONE_AT_A_TIME;
    }

    /**
     * The ketama key hash, word 0 of MD5 little-endian (libketama, libmemcached {@code md5},
     * spymemcached/xmemcached KETAMA_HASH). Key: UTF-8 bytes. The same instance as
     * {@link HashFunction#md5()}, listed here so that {@code Hashes} names every hash.
     */
    public static HashFunction md5() {
        return HashFunction.md5();
    }

    /**
     * {@code (crc32(key) >> 16) & 0x7fff}, range 0..32767: libhashkit's {@code crc} (Cache::Memcached's
     * hash; also twemproxy's {@code crc32}, python-memcached's {@code cmemcache_hash}). Key: UTF-8 bytes.
     */
    public static HashFunction crc() {
        return CRC;
    }

    /** 64-bit FNV-1 (Fowler/Noll/Vo; basis 0xcbf29ce484222325, prime 0x100000001b3), low 32 bits, signed bytes (libhashkit {@code fnv_64.cc}). Key: UTF-8 bytes. */
    public static HashFunction fnv1_64() {
        return FNV1_64;
    }

    /** 64-bit FNV-1a, low 32 bits, signed bytes (libhashkit {@code fnv_64.cc}; twemproxy's default key hash). Key: UTF-8 bytes. */
    public static HashFunction fnv1a_64() {
        return FNV1A_64;
    }

    /** 32-bit FNV-1 (basis 0x811c9dc5, prime 0x01000193), signed bytes (libhashkit {@code fnv_32.cc}). Key: UTF-8 bytes. */
    public static HashFunction fnv1_32() {
        return FNV1_32;
    }

    /** 32-bit FNV-1a, signed bytes (libhashkit {@code fnv_32.cc}; PECL memcache's {@code fnv}). Key: UTF-8 bytes. */
    public static HashFunction fnv1a_32() {
        return FNV1A_32;
    }

    /**
     * Paul Hsieh's SuperFastHash as libhashkit and twemproxy ship it (initial hash 0, not the length;
     * signed third tail byte; 0 for an empty key). Not built into Debian's libhashkit 1.1.4 but into
     * twemproxy. Key: UTF-8 bytes.
     */
    public static HashFunction hsieh() {
        return HSIEH;
    }

    /** MurmurHash2 32-bit with seed {@code 0xdeadbeef * length} (libhashkit {@code murmur.cc}, twemproxy {@code nc_murmur.c}). Key: UTF-8 bytes. */
    public static HashFunction murmur() {
        return MURMUR;
    }

    /** Bob Jenkins' lookup3 {@code hashlittle}, initval 13 (libhashkit {@code jenkins.cc}, twemproxy {@code nc_jenkins.c}). Key: UTF-8 bytes. */
    public static HashFunction jenkins() {
        return JENKINS;
    }

    /** MurmurHash3_x86_32 with seed {@code 0xdeadbeef * length} (libhashkit {@code murmur3.cc} wrapper). Key: UTF-8 bytes. */
    public static HashFunction murmur3() {
        return MURMUR3;
    }

    // ------------------------------------------------------------------ twemproxy, CRC family

    /** zlib/IEEE CRC-32, full 32 bits (twemproxy {@code crc32a}, dalli's {@code Zlib.crc32}, PECL memcache {@code crc32}, nginx). Table-driven. Key: UTF-8 bytes. */
    public static HashFunction crc32() {
        return CRC32;
    }

    /** twemproxy's {@code crc16}: CRC-16/XMODEM table with an untruncated 32-bit accumulator ({@code nc_crc16.c}). Key: UTF-8 bytes. */
    public static HashFunction crc16() {
        return CRC16;
    }

    // ------------------------------------------------------------------ spymemcached / xmemcached

    /** {@code String.hashCode()} as unsigned: spymemcached's and xmemcached's NATIVE_HASH. Key: UTF-16 code units. */
    public static HashFunction javaNative() {
        return NATIVE;
    }

    /** spymemcached CRC_HASH / xmemcached CRC32_HASH: {@link #crc()} of the UTF-8 bytes, named {@code CRC_HASH}. */
    public static HashFunction javaCrc() {
        return JAVA_CRC;
    }

    /** spymemcached/xmemcached FNV1_64_HASH: 64-bit FNV-1 over UTF-16 code units, low 32 bits. */
    public static HashFunction javaFnv1_64() {
        return JAVA_FNV1_64;
    }

    /** spymemcached/xmemcached FNV1A_64_HASH: 64-bit FNV-1a over UTF-16 code units, low 32 bits. */
    public static HashFunction javaFnv1a_64() {
        return JAVA_FNV1A_64;
    }

    /** spymemcached/xmemcached FNV1_32_HASH: 32-bit FNV-1 over UTF-16 code units. */
    public static HashFunction javaFnv1_32() {
        return JAVA_FNV1_32;
    }

    /** spymemcached/xmemcached FNV1A_32_HASH: 32-bit FNV-1a over UTF-16 code units. */
    public static HashFunction javaFnv1a_32() {
        return JAVA_FNV1A_32;
    }

    /** xmemcached ONE_AT_A_TIME: one-at-a-time over the UTF-8 bytes read <em>unsigned</em> (differs from {@link #oneAtATime()} for bytes {@code >= 0x80}). */
    public static HashFunction xmemcachedOneAtATime() {
        return XMEMCACHED_ONE_AT_A_TIME;
    }

    /** xmemcached MYSQL_HASH ({@code HashAlgorithm.java}). Key: UTF-16 code units. */
    public static HashFunction mysql() {
        return MYSQL;
    }

    /** xmemcached ELF_HASH (PJW/ELF hash, masked to 31 bits). Key: UTF-16 code units. */
    public static HashFunction elf() {
        return ELF;
    }

    /** xmemcached RS_HASH (Robert Sedgewick's hash, masked to 31 bits). Key: UTF-16 code units. */
    public static HashFunction rs() {
        return RS;
    }

    /** xmemcached LUA_HASH (Lua 5.1's string hash, 64-bit {@code long} arithmetic, low 32 bits). Key: UTF-16 code units. */
    public static HashFunction lua() {
        return LUA;
    }

    // ------------------------------------------------------------------ dalli, pymemcache, Guava

    /** First 4 bytes of SHA-1, big-endian: dalli's ring points ({@code Digest::SHA1.hexdigest(s)[0..7].hex}). Key: UTF-8 bytes. */
    public static HashFunction sha1Top() {
        return SHA1;
    }

    /**
     * pymemcache's pure-Python {@code murmur3_32(s, seed=0)}: MurmurHash3_x86_32 over a {@code str}'s
     * characters, each code point contributing its low 8 bits as one byte. Equals {@link #murmur3_32()}
     * for ASCII keys only. Key: Unicode code points (byte keys are decoded from UTF-8).
     */
    public static HashFunction pymemcacheMurmur3() {
        return PY_MURMUR3;
    }

    /**
     * {@link #pymemcacheMurmur3()} with pymemcache's {@code seed} ({@code RendezvousHash(seed=...)}, passed
     * as {@code murmur3_32(data, seed)}): {@code h1} starts at the seed. Python's seed is any integer and
     * only its low 32 bits reach the result, so pass {@code (int) seed}. Seed 0 is {@link #pymemcacheMurmur3()}.
     */
    public static HashFunction pymemcacheMurmur3(int seed) {
        return seed == 0 ? PY_MURMUR3 : new LibhashkitHashes.PyMurmur3(seed);
    }

    /** Standard MurmurHash3_x86_32 with seed 0 (equals Guava's {@code murmur3_32_fixed()}). Key: UTF-8 bytes. */
    public static HashFunction murmur3_32() {
        return MURMUR3_32;
    }

    /**
     * Guava's jump consistent hash ({@code Hashing.consistentHash(long, int)}; Lamping and Veach,
     * "A Fast, Minimal Memory, Consistent Hash Algorithm", 2014, with Guava's LCG and double
     * arithmetic): the bucket in {@code [0, buckets)} for {@code input}. Fits when buckets are only
     * ever added or removed at the end; it cannot lose a named server in the middle. Allocation-free.
     *
     * @throws IllegalArgumentException if {@code buckets <= 0}
     */
    public static int jump(long input, int buckets) {
        if (buckets <= 0) {
            throw new IllegalArgumentException("buckets must be positive, was " + buckets);
        }
        long state = input;
        int candidate = 0;
        int next;
        while (true) {
            state = 2862933555777941757L * state + 1;
            double r = ((double) ((int) (state >>> 33) + 1)) / 0x1.0p31;
            next = (int) ((candidate + 1) / r);
            if (next >= 0 && next < buckets) {
                candidate = next;
            } else {
                return candidate;
            }
        }
    }

    // ------------------------------------------------------------------ modern

    /** xxHash64, seed 0 ({@code xxhash.h} XXH64); {@code hash} returns the low 32 bits. Key: UTF-8 bytes. */
    public static Hash64 xxh64() {
        return XXH64;
    }

    /** xxHash64 with a seed. */
    public static Hash64 xxh64(long seed) {
        return new ModernHashes.XxHash64(seed);
    }

    /**
     * XXH3 64-bit, seed 0 ({@code xxhash.h} 0.8 {@code XXH3_64bits}); {@code hash} returns the low 32
     * bits. memcached's proxy hashes keys with it by default ({@code proxy_lua.c mcplib_pool}). Key:
     * UTF-8 bytes. Example: "" = 0x2D06800538D394C2 (xxHash {@code cli/xsum_sanity_check.c}).
     */
    public static Hash64 xxh3() {
        return XXH3;
    }

    /** XXH3 64-bit with a seed ({@code XXH3_64bits_withSeed}); seed 0 is {@link #xxh3()}. */
    public static Hash64 xxh3(long seed) {
        return seed == 0 ? XXH3 : new Xxh3(seed);
    }

    /** MurmurHash3_x64_128 seed 0; {@code hash64} = the first 8 result bytes little-endian (Guava {@code murmur3_128().asLong()}). Key: UTF-8 bytes. */
    public static Hash64 murmur3_128() {
        return MURMUR3_128;
    }

    /** MurmurHash3_x64_128 with a 32-bit seed. */
    public static Hash64 murmur3_128(int seed) {
        return new ModernHashes.Murmur3_128(seed);
    }

    /**
     * Keyed SipHash-2-4 (Aumasson and Bernstein): with a secret key, an attacker who chooses keys
     * cannot aim them at one node. Equals Guava's {@code sipHash24(k0, k1)}. Key: UTF-8 bytes.
     */
    public static Hash64 sipHash24(long k0, long k1) {
        return new ModernHashes.SipHash24(k0, k1);
    }
}
