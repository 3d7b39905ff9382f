package io.hashring.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What changes owner between two rings ({@link Ring#diff(Ring, Ring)}): the exact fraction of the 2^32 hash space that moves,
 * and where it moves, by node id. Nodes are matched by id, so a node that kept its id kept its
 * identity. For uniformly distributed key hashes, the moved fraction is the expected fraction of
 * keys that change server (and miss the cache). Immutable and thread-safe.
 */
public final class RingDiff {

    /** Stands for "no owner" in {@link #flows()}: the side of the diff whose ring is empty. */
    public static final String NONE = "(none)";

    private final double moved;
    private final Map<String, Map<String, Double>> flows;

    private RingDiff(double moved, Map<String, Map<String, Double>> flows) {
        this.moved = moved;
        this.flows = flows;
    }

    /** See {@link Ring#diff}: compares two rings exactly, arc by arc. Both rings may be empty. */
    static RingDiff between(Ring<?> before, Ring<?> after) {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        long[] moved = new long[1];
        HashSpace.forEachArc(before, after, (from, length, a, b) -> {
            String x = a < 0 ? NONE : before.nodes().get(a).id();
            String y = b < 0 ? NONE : after.nodes().get(b).id();
            if (!x.equals(y)) {
                moved[0] += length;
                counts.computeIfAbsent(x, k -> new LinkedHashMap<>()).merge(y, length, Long::sum);
            }
        });
        Map<String, Map<String, Double>> flows = new LinkedHashMap<>();
        counts.forEach((from, tos) -> {
            Map<String, Double> f = new LinkedHashMap<>();
            tos.forEach((to, len) -> f.put(to, len / HashSpace.SIZE));
            flows.put(from, Collections.unmodifiableMap(f));
        });
        return new RingDiff(moved[0] / HashSpace.SIZE, Collections.unmodifiableMap(flows));
    }

    /** Fraction of the hash space whose owner changed, in [0, 1]. */
    public double movedFraction() {
        return moved;
    }

    /** from id -> (to id -> fraction of the hash space), only for pairs that differ. */
    public Map<String, Map<String, Double>> flows() {
        return flows;
    }

    @Override
    public String toString() {
        return String.format("RingDiff{moved=%.4f%%, flows=%s}", moved * 100, flows);
    }
}
