package io.hashring.benchmarks;

import com.dynatrace.hash4j.consistent.ConsistentBucketHasher;
import com.dynatrace.hash4j.consistent.ConsistentBucketSetHasher;
import com.dynatrace.hash4j.consistent.ConsistentHashing;
import com.dynatrace.hash4j.random.PseudoRandomGeneratorProvider;
import com.google.common.hash.Hashing;
import io.hashring.core.HashCursor;
import io.hashring.core.MaglevRouter;
import io.hashring.core.Node;
import io.hashring.core.WeightedRendezvousRouter;
import io.hashring.core.Ring;
import io.hashring.core.SlotRouter;
import java.net.InetSocketAddress;
import java.util.List;
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
 * Routing one 32-byte key (byte[]) to a server index with the native routing candidates (issue 13),
 * side by side in one run with the ketama rings (MD5 and the fast 64-bit hash), Guava's
 * {@code consistentHash}, hash4j's {@code JumpBackHash} and hash4j's jump-back-anchor bucket set
 * (which, like the slot router, can remove any bucket). Every contender hashes the key with XXH64
 * (seed 0) first; the jump hashes and the anchor set take the same 64-bit value. Also the slot
 * router's failover walk (primary and second candidate through a reused cursor), to show it
 * allocates nothing ({@code -prof gc}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class NativeRouteBenchmark {

    @Param({"10", "100", "1000", "10000"})
    public int nodes;

    private byte[][] bytes;
    private SlotRouter<Integer> slot;
    private MaglevRouter<Integer> maglev;
    private WeightedRendezvousRouter<Integer> rendezvous;
    private Ring<Integer> ketamaRing;
    private Ring<Integer> fastRing;
    private ConsistentBucketHasher jumpBack;
    private ConsistentBucketSetHasher jumpBackAnchor;

    /** A reused failover cursor per thread. */
    @State(Scope.Thread)
    public static class Cursors {
        HashCursor slot;

        @Setup(Level.Trial)
        public void setUp(NativeRouteBenchmark b) {
            slot = b.slot.cursor();
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        List<InetSocketAddress> addresses = Fixtures.addresses(nodes);
        List<Node<Integer>> list = Fixtures.nodes(addresses);
        bytes = Fixtures.bytes(Fixtures.keys(42));
        slot = SlotRouter.of(list);
        maglev = MaglevRouter.of(list);
        rendezvous = WeightedRendezvousRouter.of(list);
        ketamaRing = Fixtures.ketamaRing(addresses);
        fastRing = Ring.of(Fixtures.fastHashRing(), list);
        jumpBack = ConsistentHashing.jumpBackHash(PseudoRandomGeneratorProvider.splitMix64_V1());
        jumpBackAnchor = ConsistentHashing.jumpBackAnchorHash(PseudoRandomGeneratorProvider.splitMix64_V1());
        for (int i = 0; i < nodes; i++) {
            jumpBackAnchor.addBucket();
        }
        for (byte[] key : bytes) {
            long h = FastHash.hash64(key, 0, key.length);
            if (slot.indexOf(key, 0, key.length) != slot.indexOfHash(h)) {
                throw new IllegalStateException("the slot router does not hash keys with XXH64 like the references");
            }
            if (jumpBackAnchor.getBucket(h) >= nodes) {
                throw new IllegalStateException("jump-back-anchor bucket out of range");
            }
        }
    }

    /** The native default (mode hashring-native): the slot router. */
    @Benchmark
    public int slot(KeyCursor cursor) {
        byte[] key = bytes[cursor.next()];
        return slot.indexOf(key, 0, key.length);
    }

    @Benchmark
    public int maglev(KeyCursor cursor) {
        byte[] key = bytes[cursor.next()];
        return maglev.indexOf(key, 0, key.length);
    }

    @Benchmark
    public int rendezvous(KeyCursor cursor) {
        byte[] key = bytes[cursor.next()];
        return rendezvous.indexOf(key, 0, key.length);
    }

    /** The ketama ring over MD5 (libmemcached-compatible, 160 points per server). */
    @Benchmark
    public Integer ketamaRing(KeyCursor cursor) {
        return ketamaRing.route(bytes[cursor.next()]);
    }

    /** The fast-hash ring: 160 points per server, XXH64 key hash: the speed target's reference. */
    @Benchmark
    public Integer fastRing(KeyCursor cursor) {
        return fastRing.route(bytes[cursor.next()]);
    }

    @Benchmark
    public int guavaConsistentHash(KeyCursor cursor) {
        byte[] key = bytes[cursor.next()];
        return Hashing.consistentHash(FastHash.hash64(key, 0, key.length), nodes);
    }

    @Benchmark
    public int hash4jJumpBackHash(KeyCursor cursor) {
        byte[] key = bytes[cursor.next()];
        return jumpBack.getBucket(FastHash.hash64(key, 0, key.length), nodes);
    }

    /** hash4j 0.22.0's ConsistentJumpBackAnchorBucketSetHasher with {@code nodes} buckets added. */
    @Benchmark
    public int hash4jJumpBackAnchor(KeyCursor cursor) {
        byte[] key = bytes[cursor.next()];
        return jumpBackAnchor.getBucket(FastHash.hash64(key, 0, key.length));
    }

    /** The slot router's primary and second candidate through a reused cursor. */
    @Benchmark
    public int slotFailoverTwo(Cursors cursors, KeyCursor cursor) {
        byte[] key = bytes[cursor.next()];
        HashCursor c = cursors.slot.reset(key, 0, key.length);
        return c.next() * 31 + c.next();
    }
}
