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
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@State(Scope.Benchmark)
public class BuildBenchmark {

    @Param({"1000", "10000"})
    public int n;

    private RingConfig config;
    private List<Node<Integer>> nodes;
    private Ring<Integer> ring;
    private Node<Integer> extra;
    private String removedId;

    private List<MemcachedNode> spyNodes;
    private List<MemcachedNode> spyPlusOne;
    private List<MemcachedNode> spyMinusOne;
    private KetamaNodeLocator spymemcached;

    private List<Session> sessions;
    private List<Session> sessionsPlusOne;
    private List<Session> sessionsMinusOne;
    private KetamaMemcachedSessionLocator xmemcached;

    @Setup(Level.Trial)
    public void setUp() {
        List<InetSocketAddress> all = Fixtures.addresses(n + 1);
        List<InetSocketAddress> addresses = all.subList(0, n);
        config = Fixtures.spymemcachedKetama();
        nodes = Fixtures.nodes(addresses);
        ring = Ring.of(config, nodes);
        extra = Fixtures.nodes(all).get(n);
        int removed = n / 2;
        removedId = nodes.get(removed).id();

        spyNodes = Fixtures.spymemcachedNodes(addresses);
        spyPlusOne = new ArrayList<>(spyNodes);
        spyPlusOne.add(Fixtures.spymemcachedNode(all.get(n)));
        spyMinusOne = new ArrayList<>(spyNodes);
        spyMinusOne.remove(removed);
        spymemcached = Fixtures.spymemcachedLocator(spyNodes);

        sessions = Fixtures.xmemcachedSessions(addresses);
        sessionsPlusOne = new ArrayList<>(sessions);
        sessionsPlusOne.add(new StubSession(all.get(n)));
        sessionsMinusOne = new ArrayList<>(sessions);
        sessionsMinusOne.remove(removed);
        xmemcached = Fixtures.xmemcachedLocator(sessions);

        // The incremental rings must equal full builds of the same server lists.
        List<Node<Integer>> plus = new ArrayList<>(nodes);
        plus.add(extra);
        List<Node<Integer>> minus = new ArrayList<>(nodes);
        minus.remove(removed);
        requireSamePoints(ring.with(extra), Ring.of(config, plus), "with");
        requireSamePoints(ring.without(removedId), Ring.of(config, minus), "without");
    }

    private static void requireSamePoints(Ring<Integer> changed, Ring<Integer> rebuilt, String what) {
        if (changed.points() != rebuilt.points()) {
            throw new IllegalStateException(what + ": " + changed.points() + " points, a full build has " + rebuilt.points());
        }
        for (int i = 0; i < changed.points(); i++) {
            if (changed.pointValue(i) != rebuilt.pointValue(i) || changed.pointOwnerIndex(i) != rebuilt.pointOwnerIndex(i)) {
                throw new IllegalStateException(what + ": point " + i + " differs from a full build");
            }
        }
    }

    @Benchmark
    public Ring<Integer> hashringBuild() {
        return Ring.of(config, nodes);
    }

    @Benchmark
    public KetamaNodeLocator spymemcachedBuild() {
        return Fixtures.spymemcachedLocator(spyNodes);
    }

    @Benchmark
    public KetamaMemcachedSessionLocator xmemcachedBuild() {
        return Fixtures.xmemcachedLocator(sessions);
    }

    @Benchmark
    public Ring<Integer> hashringAddOne() {
        return ring.with(extra);
    }

    @Benchmark
    public Ring<Integer> hashringRemoveOne() {
        return ring.without(removedId);
    }

    @Benchmark
    public KetamaNodeLocator spymemcachedAddOne() {
        spymemcached.updateLocator(spyPlusOne);
        return spymemcached;
    }

    @Benchmark
    public KetamaNodeLocator spymemcachedRemoveOne() {
        spymemcached.updateLocator(spyMinusOne);
        return spymemcached;
    }

    @Benchmark
    public KetamaMemcachedSessionLocator xmemcachedAddOne() {
        xmemcached.updateSessions(sessionsPlusOne);
        return xmemcached;
    }

    @Benchmark
    public KetamaMemcachedSessionLocator xmemcachedRemoveOne() {
        xmemcached.updateSessions(sessionsMinusOne);
        return xmemcached;
    }
}
