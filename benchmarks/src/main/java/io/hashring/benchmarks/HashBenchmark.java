package io.hashring.benchmarks;

import com.dynatrace.hash4j.hashing.Hasher64;
import com.dynatrace.hash4j.hashing.Hashing;
import io.hashring.core.HashFunction;
import io.hashring.hash.Hash64;
import io.hashring.hash.Hashes;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.DefaultHashAlgorithm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Hashing one 32-byte key. The ketama key hash (word 0 of MD5) three ways: hashring's
 * {@link HashFunction#md5()} (the denominator of the "route <= 1.15 x one MD5" target), the JDK's
 * {@link MessageDigest} reused per thread (zero allocation, HotSpot's MD5 intrinsic), and the way
 * spymemcached does it (clone a digest per call). Guava's {@code Hashing.md5()} is the same
 * function. hashring-hash's MurmurHash3 (x86_32 and x64_128) against Guava's and hash4j's
 * implementations of the same functions (checked equal in setup), and its XXH64 against
 * hash4j's XXH3 (a different function of the same class, for scale).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class HashBenchmark {

    private static final HashFunction MD5 = HashFunction.md5();
    private static final Hasher64 XXH3 = Hashing.xxh3_64();
    private static final HashFunction MURMUR3_32 = Hashes.murmur3_32();
    private static final Hash64 MURMUR3_128 = Hashes.murmur3_128();
    private static final Hash64 XXH64 = Hashes.xxh64();
    private static final com.dynatrace.hash4j.hashing.Hasher32 H4J_MURMUR3_32 = Hashing.murmur3_32();
    private static final com.dynatrace.hash4j.hashing.Hasher128 H4J_MURMUR3_128 = Hashing.murmur3_128();

    private String[] keys;
    private byte[][] bytes;
    private MessageDigest jdkMd5;
    private final byte[] digest = new byte[16];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        keys = Fixtures.keys(7);
        bytes = Fixtures.bytes(keys);
        jdkMd5 = MessageDigest.getInstance("MD5");
        for (int i = 0; i < keys.length; i++) {
            int ours = HashFunction.md5().hash(bytes[i], 0, bytes[i].length);
            if (ours != md5Jdk(i) || ours != MD5.hash(keys[i]) || ours != (int) DefaultHashAlgorithm.KETAMA_HASH.hash(keys[i])
                    || ours != guavaMd5(bytes[i])) {
                throw new IllegalStateException("MD5 implementations disagree on key '" + keys[i] + "'");
            }
            byte[] b = bytes[i];
            int m32 = MURMUR3_32.hash(b, 0, b.length);
            if (m32 != com.google.common.hash.Hashing.murmur3_32_fixed().hashBytes(b).asInt() || m32 != H4J_MURMUR3_32.hashBytesToInt(b)) {
                throw new IllegalStateException("murmur3_32 implementations disagree on key '" + keys[i] + "'");
            }
            long m128 = MURMUR3_128.hash64(b, 0, b.length);
            if (m128 != com.google.common.hash.Hashing.murmur3_128().hashBytes(b).asLong() || m128 != H4J_MURMUR3_128.hashBytesToLong(b)) {
                throw new IllegalStateException("murmur3_128 implementations disagree on key '" + keys[i] + "'");
            }
        }
    }

    private int md5Jdk(int i) throws java.security.DigestException {
        jdkMd5.update(bytes[i]);
        jdkMd5.digest(digest, 0, 16);
        return (digest[0] & 0xff) | (digest[1] & 0xff) << 8 | (digest[2] & 0xff) << 16 | (digest[3] & 0xff) << 24;
    }

    // Guava deprecates md5() for security use; here it is the ketama hash, which is MD5 by definition.
    @SuppressWarnings("deprecation")
    private static int guavaMd5(byte[] key) {
        return com.google.common.hash.Hashing.md5().hashBytes(key).asInt();
    }

    @Benchmark
    public int md5Bytes(KeyCursor cursor) {
        byte[] key = bytes[cursor.next()];
        return HashFunction.md5().hash(key, 0, key.length);
    }

    /** The ketama hash of a String key: UTF-8 encoding into the per-thread buffer, then MD5. */
    @Benchmark
    public int md5String(KeyCursor cursor) {
        return MD5.hash(keys[cursor.next()]);
    }

    @Benchmark
    public int md5JdkReused(KeyCursor cursor) throws java.security.DigestException {
        return md5Jdk(cursor.next());
    }

    /** spymemcached's KETAMA_HASH: UTF-8 bytes, clone a MessageDigest, digest (allocates). */
    @Benchmark
    public long md5Spymemcached(KeyCursor cursor) {
        return DefaultHashAlgorithm.KETAMA_HASH.hash(keys[cursor.next()]);
    }

    @Benchmark
    public int md5Guava(KeyCursor cursor) {
        return guavaMd5(bytes[cursor.next()]);
    }

    @Benchmark
    public long xxh64(KeyCursor cursor) {
        byte[] key = bytes[cursor.next()];
        return XXH64.hash64(key, 0, key.length);
    }

    @Benchmark
    public long hash4jXxh3(KeyCursor cursor) {
        return XXH3.hashBytesToLong(bytes[cursor.next()]);
    }

    @Benchmark
    public int murmur3x32(KeyCursor cursor) {
        byte[] key = bytes[cursor.next()];
        return MURMUR3_32.hash(key, 0, key.length);
    }

    @Benchmark
    public int guavaMurmur3x32(KeyCursor cursor) {
        return com.google.common.hash.Hashing.murmur3_32_fixed().hashBytes(bytes[cursor.next()]).asInt();
    }

    @Benchmark
    public int hash4jMurmur3x32(KeyCursor cursor) {
        return H4J_MURMUR3_32.hashBytesToInt(bytes[cursor.next()]);
    }

    @Benchmark
    public long murmur3x128(KeyCursor cursor) {
        byte[] key = bytes[cursor.next()];
        return MURMUR3_128.hash64(key, 0, key.length);
    }

    @Benchmark
    public long guavaMurmur3x128(KeyCursor cursor) {
        return com.google.common.hash.Hashing.murmur3_128().hashBytes(bytes[cursor.next()]).asLong();
    }

    @Benchmark
    public long hash4jMurmur3x128(KeyCursor cursor) {
        return H4J_MURMUR3_128.hashBytesToLong(bytes[cursor.next()]);
    }
}
