package io.hashring.benchmarks;

import io.hashring.core.HashFunction;
import io.hashring.hash.Hashes;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Every hash function {@link Hashes} exposes, one 32-byte ASCII key at a time, as a {@code byte[]}
 * ({@link HashFunction#hash(byte[], int, int)}) and as a {@code String}
 * ({@link HashFunction#hash(CharSequence)}: UTF-8 by default, UTF-16 code units for the Java-client
 * hashes, characters for pymemcache's murmur3). Run with {@code -prof gc}: the point is
 * {@code gc.alloc.rate.norm}, which must be 0 B/op for every function on both paths.
 *
 * <p>The parameter is the name of the factory method in {@link Hashes}, not
 * {@link HashFunction#name()}: two functions share the name {@code murmur3_32}
 * ({@link Hashes#murmur3_32()} and {@link Hashes#pymemcacheMurmur3()}, as their peers spell them).
 * The list is written out by hand; {@code AllHashesBenchmarkTest} fails when {@link Hashes} gains a
 * public factory the list lacks. Factories that take a seed or key are benchmarked once: with seed 0
 * where a no-argument overload exists (the seed is a field; the code path is the same), and
 * {@link Hashes#sipHash24(long, long)} with the key of the SipHash paper's test vectors.
 *
 * <p>Each (function, path) pair runs in its own JVM fork, so the {@code HashFunction} call site is
 * monomorphic, as it is in an application that uses one hash. {@link io.hashring.hash.Hash64 64-bit} functions
 * are called through {@code hash}, which returns the low 32 bits of {@code hash64}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class AllHashesBenchmark {

    /** Keys in the pool: a power of two, so the next index is a mask; 64 x 32 B stays in L1. */
    static final int POOL = 64;

    /** SipHash-2-4 key 00 01 02 .. 0f, little-endian halves (Aumasson and Bernstein 2012, appendix A test vectors). */
    static final long SIP_K0 = 0x0706050403020100L;
    static final long SIP_K1 = 0x0f0e0d0c0b0a0908L;

    /** The factory methods of {@link Hashes}, in the order they are declared there. */
    @Param({
        "oneAtATime", "md5", "crc", "fnv1_64", "fnv1a_64", "fnv1_32", "fnv1a_32", "hsieh", "murmur", "jenkins", "murmur3",
        "crc32", "crc16",
        "javaNative", "javaCrc", "javaFnv1_64", "javaFnv1a_64", "javaFnv1_32", "javaFnv1a_32", "xmemcachedOneAtATime",
        "mysql", "elf", "rs", "lua",
        "sha1Top", "pymemcacheMurmur3", "murmur3_32",
        "xxh64", "xxh3", "murmur3_128", "sipHash24"
    })
    public String hash;

    private HashFunction function;
    private String[] keyStrings;
    private byte[][] keyBytes;
    private int next;

    /**
     * The function a {@link Hashes} factory returns, by the factory's method name.
     *
     * @throws IllegalArgumentException if {@code factory} is not one of the names in the {@code hash} parameter
     */
    static HashFunction byFactory(String factory) {
        switch (factory) {
            case "oneAtATime": return Hashes.oneAtATime();
            case "md5": return Hashes.md5();
            case "crc": return Hashes.crc();
            case "fnv1_64": return Hashes.fnv1_64();
            case "fnv1a_64": return Hashes.fnv1a_64();
            case "fnv1_32": return Hashes.fnv1_32();
            case "fnv1a_32": return Hashes.fnv1a_32();
            case "hsieh": return Hashes.hsieh();
            case "murmur": return Hashes.murmur();
            case "jenkins": return Hashes.jenkins();
            case "murmur3": return Hashes.murmur3();
            case "crc32": return Hashes.crc32();
            case "crc16": return Hashes.crc16();
            case "javaNative": return Hashes.javaNative();
            case "javaCrc": return Hashes.javaCrc();
            case "javaFnv1_64": return Hashes.javaFnv1_64();
            case "javaFnv1a_64": return Hashes.javaFnv1a_64();
            case "javaFnv1_32": return Hashes.javaFnv1_32();
            case "javaFnv1a_32": return Hashes.javaFnv1a_32();
            case "xmemcachedOneAtATime": return Hashes.xmemcachedOneAtATime();
            case "mysql": return Hashes.mysql();
            case "elf": return Hashes.elf();
            case "rs": return Hashes.rs();
            case "lua": return Hashes.lua();
            case "sha1Top": return Hashes.sha1Top();
            case "pymemcacheMurmur3": return Hashes.pymemcacheMurmur3();
            case "murmur3_32": return Hashes.murmur3_32();
            case "xxh64": return Hashes.xxh64();
            case "xxh3": return Hashes.xxh3();
            case "murmur3_128": return Hashes.murmur3_128();
            case "sipHash24": return Hashes.sipHash24(SIP_K0, SIP_K1);
            default:
                throw new IllegalArgumentException("no Hashes factory named '" + factory + "' in AllHashesBenchmark's list");
        }
    }

    /**
     * Builds the pool (the first {@link #POOL} keys of the shared 32-byte ASCII pool, and their bytes)
     * and checks that both paths hash every key alike, so the two benchmarks time the same work.
     */
    @Setup(Level.Trial)
    public void setUp() {
        function = byFactory(hash);
        keyStrings = Arrays.copyOf(Fixtures.keys(3), POOL);
        keyBytes = Fixtures.bytes(keyStrings);
        for (int i = 0; i < POOL; i++) {
            String key = keyStrings[i];
            if (keyBytes[i].length != Fixtures.KEY_LENGTH || !key.chars().allMatch(c -> c < 0x80)) {
                throw new IllegalStateException("key '" + key + "' is not " + Fixtures.KEY_LENGTH + " ASCII bytes");
            }
            int fromBytes = function.hash(keyBytes[i], 0, keyBytes[i].length);
            int fromString = function.hash(key);
            if (fromBytes != fromString) {
                throw new IllegalStateException(hash + " hashes key '" + key + "' to " + Integer.toUnsignedString(fromBytes)
                        + " as bytes but to " + Integer.toUnsignedString(fromString) + " as a String");
            }
        }
    }

    private int nextIndex() {
        int i = next;
        next = (i + 1) & (POOL - 1);
        return i;
    }

    /** The key's bytes: {@link HashFunction#hash(byte[], int, int)}. */
    @Benchmark
    public int hashBytes() {
        byte[] key = keyBytes[nextIndex()];
        return function.hash(key, 0, key.length);
    }

    /** The key as a {@code String}: {@link HashFunction#hash(CharSequence)}. */
    @Benchmark
    public int hashString() {
        return function.hash(keyStrings[nextIndex()]);
    }
}
