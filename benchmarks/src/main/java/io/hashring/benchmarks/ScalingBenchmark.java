package io.hashring.benchmarks;

import io.hashring.core.Ring;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Do reads scale? One shared ring of 1000 servers routed from one thread and from two; the
 * two-thread score is the sum of both threads' throughput. Each thread walks its own key cursor.
 * Meaningful only on an otherwise idle machine with at least two cores.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ScalingBenchmark {

    private byte[][] bytes;
    private Ring<Integer> ring;
    private Ring<Integer> fastRing;

    @Setup(Level.Trial)
    public void setUp() {
        var addresses = Fixtures.addresses(1000);
        ring = Fixtures.ketamaRing(addresses);
        fastRing = Ring.of(Fixtures.fastHashRing(), Fixtures.nodes(addresses));
        bytes = Fixtures.bytes(Fixtures.keys(5));
    }

    @Benchmark
    @Threads(1)
    public Integer ketama1Thread(KeyCursor cursor) {
        return ring.route(bytes[cursor.next()]);
    }

    @Benchmark
    @Threads(2)
    public Integer ketama2Threads(KeyCursor cursor) {
        return ring.route(bytes[cursor.next()]);
    }

    @Benchmark
    @Threads(1)
    public Integer fastRing1Thread(KeyCursor cursor) {
        return fastRing.route(bytes[cursor.next()]);
    }

    @Benchmark
    @Threads(2)
    public Integer fastRing2Threads(KeyCursor cursor) {
        return fastRing.route(bytes[cursor.next()]);
    }
}
