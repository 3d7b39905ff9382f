package io.hashring.benchmarks;

import com.dynatrace.hash4j.consistent.ConsistentBucketHasher;
import com.dynatrace.hash4j.consistent.ConsistentHashing;
import com.dynatrace.hash4j.random.PseudoRandomGeneratorProvider;
import com.google.code.yanf4j.core.Session;
import com.google.common.hash.Hashing;
import io.hashring.core.HashFunction;
import io.hashring.core.Ring;
import java.net.InetSocketAddress;
import com.spotify.folsom.ketama.Continuum;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.rubyeye.xmemcached.impl.KetamaMemcachedSessionLocator;
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
 * Routing one 32-byte key to its server: hashring's ketama ring (String and byte[] keys) against
 * spymemcached's {@code KetamaNodeLocator.getPrimary} and xmemcached's
 * {@code KetamaMemcachedSessionLocator.getSessionByKey} on the same ring, checked key by key in
 * setup. References: the raw bucket-index search of the same points (no hashing), hashring's
 * ring over a fast 64-bit hash, that hash plus the raw search, Guava's {@code consistentHash}
 * and hash4j's {@code jumpBackHash} over the same fast hash; and the MD5 of the key alone.
 * Spotify folsom's ketama continuum is timed too (its own placement).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class RouteBenchmark {

    @Param({"10", "100", "1000", "10000"})
    public int nodes;

    private String[] keys;
    private byte[][] bytes;
    private int[] md5Hashes;

    private Ring<Integer> ring;
    private BucketIndex ketamaIndex;

    private Ring<Integer> fastRing;
    private BucketIndex fastIndex;
    private ConsistentBucketHasher jumpBack;

    /**
     * spymemcached's and xmemcached's rings over the same servers, built only in the JVMs that
     * time them (building them at 10,000 servers takes seconds). Their setup runs the check that
     * all three libraries send every key of the (deterministic) pool to the same server.
     */
    @State(Scope.Benchmark)
    public static class Peers {
        KetamaNodeLocator spymemcached;
        KetamaMemcachedSessionLocator xmemcached;
        Continuum folsom;

        @Setup(Level.Trial)
        public void setUp(RouteBenchmark route) {
            List<InetSocketAddress> addresses = Fixtures.addresses(route.nodes);
            List<MemcachedNode> spyNodes = Fixtures.spymemcachedNodes(addresses);
            spymemcached = Fixtures.spymemcachedLocator(spyNodes);
            List<Session> sessions = Fixtures.xmemcachedSessions(addresses);
            xmemcached = Fixtures.xmemcachedLocator(sessions);
            SameRing.verify(route.ring, spymemcached, spyNodes, xmemcached, sessions, route.keys, route.bytes);
            folsom = Fixtures.folsomContinuum(addresses);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        List<InetSocketAddress> addresses = Fixtures.addresses(nodes);
        ring = Fixtures.ketamaRing(addresses);
        int[] ties = SameRing.tiedPoints(ring);
        keys = Fixtures.keys(42, key -> !SameRing.ownedByTie(ring, ties, key));
        bytes = Fixtures.bytes(keys);

        ketamaIndex = new BucketIndex(ring);
        md5Hashes = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            md5Hashes[i] = ring.hashFunction().hash(bytes[i]);
            if (ketamaIndex.search(md5Hashes[i]) != ring.pointAt(md5Hashes[i]).index()) {
                throw new IllegalStateException("raw bucket search disagrees with the ring for key '" + keys[i] + "'");
            }
        }

        fastRing = Ring.of(Fixtures.fastHashRing(), Fixtures.nodes(addresses));
        fastIndex = new BucketIndex(fastRing);
        for (byte[] key : bytes) {
            int hash = FastHash.INSTANCE.hash(key);
            if (fastRing.route(key) != fastRing.point(fastIndex.search(hash)).ownerIndex()) {
                throw new IllegalStateException("fast ring disagrees with its raw bucket search");
            }
        }
        jumpBack = ConsistentHashing.jumpBackHash(PseudoRandomGeneratorProvider.splitMix64_V1());
    }

    @Benchmark
    public Integer hashringString(KeyCursor cursor) {
        return ring.route(keys[cursor.next()]);
    }

    @Benchmark
    public Integer hashringBytes(KeyCursor cursor) {
        return ring.route(bytes[cursor.next()]);
    }

    @Benchmark
    public MemcachedNode spymemcached(Peers peers, KeyCursor cursor) {
        return peers.spymemcached.getPrimary(keys[cursor.next()]);
    }

    @Benchmark
    public Session xmemcached(Peers peers, KeyCursor cursor) {
        return peers.xmemcached.getSessionByKey(keys[cursor.next()]);
    }

    /**
     * Spotify folsom 1.21.0's {@code ketama.Continuum.findClient}: its own ring (murmur3 point and
     * key hashes, {@code TreeMap} search), so its placement differs from the three above; timed on
     * the key's bytes (folsom encodes the key before routing), so compare it with
     * {@link #hashringBytes}.
     */
    @Benchmark
    public Object folsom(Peers peers, KeyCursor cursor) {
        return peers.folsom.findClient(bytes[cursor.next()]);
    }

    /**
     * Baseline: one MD5 of the key (word 0), nothing else. Measured here as well as in
     * {@link HashBenchmark}, so the route / MD5 ratio compares code compiled in the same JVM after
     * the same setup (ring building also runs MD5, which shapes the JIT's profile).
     */
    @Benchmark
    public int md5Only(KeyCursor cursor) {
        byte[] key = bytes[cursor.next()];
        return HashFunction.md5().hash(key, 0, key.length);
    }

    /** Baseline: only the bucket-index search of the ketama points, for precomputed MD5 hashes. */
    @Benchmark
    public int searchOnly(KeyCursor cursor) {
        return ketamaIndex.search(md5Hashes[cursor.next()]);
    }

    @Benchmark
    public Integer fastRingBytes(KeyCursor cursor) {
        return fastRing.route(bytes[cursor.next()]);
    }

    /** Baseline for the fast ring: the fast hash plus the raw bucket-index search, nothing else. */
    @Benchmark
    public int fastHashPlusSearch(KeyCursor cursor) {
        return fastIndex.search(FastHash.INSTANCE.hash(bytes[cursor.next()]));
    }

    /** Reference: Guava's jump consistent hash over the same fast 64-bit hash. */
    @Benchmark
    public int guavaConsistentHash(KeyCursor cursor) {
        byte[] key = bytes[cursor.next()];
        return Hashing.consistentHash(FastHash.hash64(key, 0, key.length), nodes);
    }

    /** Reference: hash4j's JumpBackHash over the same fast 64-bit hash. */
    @Benchmark
    public int hash4jJumpBackHash(KeyCursor cursor) {
        byte[] key = bytes[cursor.next()];
        return jumpBack.getBucket(FastHash.hash64(key, 0, key.length), nodes);
    }
}
