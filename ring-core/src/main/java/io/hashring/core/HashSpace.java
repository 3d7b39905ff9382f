package io.hashring.core;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks the 2^32 hash space as arcs of constant ownership, for {@link Ring#shares()} and
 * {@link RingDiff}. Exact: no sampling.
 */
final class HashSpace {

    /** 2^32 as a double. */
    static final double SIZE = 4294967296.0;

    private HashSpace() {
    }

    interface ArcVisitor {
        /** Hashes {@code [from, from+length)} (unsigned) belong to node index {@code owner}. */
        void arc(long from, long length, int owner);
    }

    interface PairVisitor {
        void arc(long from, long length, int ownerBefore, int ownerAfter);
    }

    /** See {@link Ring#shares()}. */
    static Map<String, Double> shares(Ring<?> ring) {
        List<? extends Node<?>> nodes = ring.nodes();
        Map<String, Double> out = new LinkedHashMap<>();
        for (Node<?> node : nodes) {
            out.put(node.id(), 0.0);
        }
        if (ring.points() == 0) {
            return out;
        }
        long[] owned = new long[nodes.size()];
        forEachArc(ring, (from, length, owner) -> owned[owner] += length);
        for (int i = 0; i < nodes.size(); i++) {
            out.put(nodes.get(i).id(), owned[i] / SIZE);
        }
        return out;
    }

    static void forEachArc(Ring<?> ring, ArcVisitor visitor) {
        long[] starts = starts(ring, null);
        for (int j = 0; j < starts.length; j++) {
            long from = starts[j];
            long to = j + 1 < starts.length ? starts[j + 1] : 1L << 32;
            visitor.arc(from, to - from, ring.indexOfHash((int) from));
        }
    }

    static void forEachArc(Ring<?> before, Ring<?> after, PairVisitor visitor) {
        long[] starts = starts(before, after);
        for (int j = 0; j < starts.length; j++) {
            long from = starts[j];
            long to = j + 1 < starts.length ? starts[j + 1] : 1L << 32;
            int a = before.points() == 0 ? -1 : before.indexOfHash((int) from);
            int b = after.points() == 0 ? -1 : after.indexOfHash((int) from);
            visitor.arc(from, to - from, a, b);
        }
    }

    /**
     * Sorted distinct hash values at which some ring's owner may change, always including 0.
     * Under CEIL the owner changes just after a point; under STRICT and FLOOR, at the point.
     */
    private static long[] starts(Ring<?> one, Ring<?> two) {
        int n = 1 + one.points() + (two == null ? 0 : two.points());
        long[] starts = new long[n];
        int c = 0;
        starts[c++] = 0;
        c = addStarts(one, starts, c);
        if (two != null) {
            c = addStarts(two, starts, c);
        }
        Arrays.sort(starts, 0, c);
        int u = 0;
        for (int i = 0; i < c; i++) {
            if (u == 0 || starts[i] != starts[u - 1]) {
                starts[u++] = starts[i];
            }
        }
        return Arrays.copyOf(starts, u);
    }

    private static int addStarts(Ring<?> ring, long[] out, int c) {
        boolean afterPoint = ring.config().search() == SearchRule.CEIL;
        PointTable table = ring.table;
        for (int i = 0; i < table.size(); i++) {
            long p = Integer.toUnsignedLong(table.value(i)) + (afterPoint ? 1 : 0);
            if (p < (1L << 32)) {
                out[c++] = p;
            }
        }
        return c;
    }
}
