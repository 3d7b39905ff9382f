package io.hashring.benchmarks;

import com.google.code.yanf4j.core.Session;
import io.hashring.core.Node;
import io.hashring.core.Ring;
import io.hashring.core.RingConfig;
import java.net.InetSocketAddress;
import java.util.ArrayList;
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
 * Building a ring of {@code n} servers, and changing it by one server. spymemcached and xmemcached
 * can only rebuild ({@code updateLocator} / {@code updateSessions} with the new list); hashring
 * derives the new snapshot from the old one ({@link Ring#with}, {@link Ring#without}).
 *
 * <p>Each library's fixtures live in their own state, so a benchmark's JVM holds only that
 * library's rings: building allocates megabytes, and another library's live ring would make
 * every garbage collection slower for reasons that are not the code under test.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class BuildBenchmark {

    /** The server count; each library's state reads it. */
    @State(Scope.Benchmark)
    public static class Size {
        @Param({"1000", "10000"})
        public int n;

        List<InetSocketAddress> all;
        int removed;

        @Setup(Level.Trial)
        public void setUp() {
            all = Fixtures.addresses(n + 1);
            removed = n / 2;
        }

        List<InetSocketAddress> addresses() {
            return all.subList(0, n);
        }
    }

    @State(Scope.Benchmark)
    public static class Hashring {
        RingConfig config;
        List<Node<Integer>> nodes;
        Ring<Integer> ring;
        Node<Integer> extra;
        String removedId;

        @Setup(Level.Trial)
        public void setUp(Size size) {
            config = Fixtures.spymemcachedKetama();
            nodes = Fixtures.nodes(size.addresses());
            ring = Ring.of(config, nodes);
            extra = Fixtures.nodes(size.all).get(size.n);
            removedId = nodes.get(size.removed).id();
            // The incremental rings must equal full builds of the same server lists.
            List<Node<Integer>> plus = new ArrayList<>(nodes);
            plus.add(extra);
            List<Node<Integer>> minus = new ArrayList<>(nodes);
            minus.remove(size.removed);
            requireSamePoints(ring.with(extra), Ring.of(config, plus), "with");
            requireSamePoints(ring.without(removedId), Ring.of(config, minus), "without");
        }
    }

    @State(Scope.Benchmark)
    public static class Spymemcached {
        List<MemcachedNode> nodes;
        List<MemcachedNode> plusOne;
        List<MemcachedNode> minusOne;
        KetamaNodeLocator locator;

        @Setup(Level.Trial)
        public void setUp(Size size) {
            nodes = Fixtures.spymemcachedNodes(size.addresses());
            plusOne = new ArrayList<>(nodes);
            plusOne.add(Fixtures.spymemcachedNode(size.all.get(size.n)));
            minusOne = new ArrayList<>(nodes);
            minusOne.remove(size.removed);
            locator = Fixtures.spymemcachedLocator(nodes);
        }
    }

    @State(Scope.Benchmark)
    public static class Xmemcached {
        List<Session> sessions;
        List<Session> plusOne;
        List<Session> minusOne;
        KetamaMemcachedSessionLocator locator;

        @Setup(Level.Trial)
        public void setUp(Size size) {
            sessions = Fixtures.xmemcachedSessions(size.addresses());
            plusOne = new ArrayList<>(sessions);
            plusOne.add(new StubSession(size.all.get(size.n)));
            minusOne = new ArrayList<>(sessions);
            minusOne.remove(size.removed);
            locator = Fixtures.xmemcachedLocator(sessions);
        }
    }

    private static void requireSamePoints(Ring<Integer> changed, Ring<Integer> rebuilt, String what) {
        if (changed.points() != rebuilt.points()) {
            throw new IllegalStateException(what + ": " + changed.points() + " points, a full build has " + rebuilt.points());
        }
        for (int i = 0; i < changed.points(); i++) {
            if (!changed.point(i).equals(rebuilt.point(i))) {
                throw new IllegalStateException(what + ": point " + i + " differs from a full build");
            }
        }
    }

    @Benchmark
    public Ring<Integer> hashringBuild(Hashring s) {
        return Ring.of(s.config, s.nodes);
    }

    @Benchmark
    public KetamaNodeLocator spymemcachedBuild(Spymemcached s) {
        return Fixtures.spymemcachedLocator(s.nodes);
    }

    @Benchmark
    public KetamaMemcachedSessionLocator xmemcachedBuild(Xmemcached s) {
        return Fixtures.xmemcachedLocator(s.sessions);
    }

    @Benchmark
    public Ring<Integer> hashringAddOne(Hashring s) {
        return s.ring.with(s.extra);
    }

    @Benchmark
    public Ring<Integer> hashringRemoveOne(Hashring s) {
        return s.ring.without(s.removedId);
    }

    @Benchmark
    public KetamaNodeLocator spymemcachedAddOne(Spymemcached s) {
        s.locator.updateLocator(s.plusOne);
        return s.locator;
    }

    @Benchmark
    public KetamaNodeLocator spymemcachedRemoveOne(Spymemcached s) {
        s.locator.updateLocator(s.minusOne);
        return s.locator;
    }

    @Benchmark
    public KetamaMemcachedSessionLocator xmemcachedAddOne(Xmemcached s) {
        s.locator.updateSessions(s.plusOne);
        return s.locator;
    }

    @Benchmark
    public KetamaMemcachedSessionLocator xmemcachedRemoveOne(Xmemcached s) {
        s.locator.updateSessions(s.minusOne);
        return s.locator;
    }
}
