package io.hashring.benchmarks;

import io.hashring.core.Ring;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.KetamaNodeLocator;
import net.spy.memcached.MemcachedNode;
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
 * Failover candidates for a key: hashring's allocation-free {@link Ring.Cursor} against
 * spymemcached's {@code getSequence} iterator, four candidates each (a primary and three
 * fallbacks). The per-candidate step cost is {@code (cursorFirst4FromHash - cursorFirst1FromHash) / 3}.
 * spymemcached's sequence rehashes the key for every step (MD5 of {@code "<t>" + key}) and may
 * repeat a server; hashring walks the ring to the next distinct server.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class FailoverBenchmark {

    @Param({"10", "100", "1000"})
    public int nodes;

    String[] keys;
    byte[][] bytes;
    int[] hashes;
    Ring<Integer> ring;
    private KetamaNodeLocator spymemcached;

    /** One cursor per thread: a cursor is reusable but not thread-safe. */
    @State(Scope.Thread)
    public static class Walk {
        Ring<Integer>.Cursor cursor;

        @Setup(Level.Trial)
        public void setUp(FailoverBenchmark benchmark) {
            cursor = benchmark.ring.cursor();
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        List<InetSocketAddress> addresses = Fixtures.addresses(nodes);
        ring = Fixtures.ketamaRing(addresses);
        List<MemcachedNode> spyNodes = Fixtures.spymemcachedNodes(addresses);
        spymemcached = Fixtures.spymemcachedLocator(spyNodes);
        keys = Fixtures.keys(11);
        bytes = Fixtures.bytes(keys);
        hashes = new int[keys.length];
        Ring<Integer>.Cursor check = ring.cursor();
        for (int i = 0; i < keys.length; i++) {
            hashes[i] = ring.hashFunction().hash(bytes[i]);
            int first = check.resetHash(hashes[i]).next();
            if (first != ring.route(keys[i])) {
                throw new IllegalStateException("cursor's first candidate is not the primary for key '" + keys[i] + "'");
            }
        }
    }

    @Benchmark
    public int cursorFirst1FromHash(Walk walk, KeyCursor cursor) {
        return walk.cursor.resetHash(hashes[cursor.next()]).next();
    }

    @Benchmark
    public int cursorFirst4FromHash(Walk walk, KeyCursor cursor) {
        Ring<Integer>.Cursor c = walk.cursor.resetHash(hashes[cursor.next()]);
        return c.next() + 31 * (c.next() + 31 * (c.next() + 31 * c.next()));
    }

    /** The whole job from a key: MD5 of the key, then four distinct candidates. */
    @Benchmark
    public int hashringCandidates4(Walk walk, KeyCursor cursor) {
        byte[] key = bytes[cursor.next()];
        Ring<Integer>.Cursor c = walk.cursor.reset(key, 0, key.length);
        return c.next() + 31 * (c.next() + 31 * (c.next() + 31 * c.next()));
    }

    /** spymemcached: getSequence(key) and its first four servers (not necessarily distinct). */
    @Benchmark
    public int spymemcachedSequence4(KeyCursor cursor) {
        Iterator<MemcachedNode> it = spymemcached.getSequence(keys[cursor.next()]);
        int h = 0;
        for (int i = 0; i < 4; i++) {
            h = 31 * h + System.identityHashCode(it.next());
        }
        return h;
    }
}
