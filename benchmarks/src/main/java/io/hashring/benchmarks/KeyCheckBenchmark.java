package io.hashring.benchmarks;

import io.hashring.client.MemcachedKeys;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The key check every adapter operation runs ({@link MemcachedKeys#check(String)}, once per key,
 * 100 times per bulk get of 100) on the 32-char pool keys, against encoding the key to UTF-8 and
 * checking the bytes with {@link MemcachedKeys#check(byte[])} ({@code encodeThenCheck}): what the
 * check did before, less the quoted copy of the key it also built for an error message on every call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class KeyCheckBenchmark {

    private String[] keys;

    @Setup
    public void setUp() {
        keys = Fixtures.keys(42);
        for (String k : keys) {
            if (MemcachedKeys.check(k) != k) {
                throw new IllegalStateException("pool key '" + k + "' is not a valid memcached key");
            }
        }
    }

    @Benchmark
    public String check(KeyCursor cursor) {
        return MemcachedKeys.check(keys[cursor.next()]);
    }

    /** The former check: the key's UTF-8 bytes, then the byte-key check over them. */
    @Benchmark
    public byte[] encodeThenCheck(KeyCursor cursor) {
        return MemcachedKeys.check(keys[cursor.next()].getBytes(StandardCharsets.UTF_8));
    }
}
