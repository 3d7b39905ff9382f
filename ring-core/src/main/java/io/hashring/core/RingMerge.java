package io.hashring.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds or removes one node by merging its points into (or out of) the sorted arrays, in O(P)
 * without rehashing any other node, when no other node's point count changes (always for
 * per-weight and uniform policies); otherwise, and where a tie hides who else generated a
 * value, it falls back to a full {@link RingBuild}. The result equals a full build of the new
 * node list point for point (RingPropertiesTest checks it).
 */
final class RingMerge {

    private static final int FLIP = PointTable.FLIP;

    private RingMerge() {
    }

    /** {@code ring} plus {@code node} at the end; the caller checked that its id is new. */
    static <N> Ring<N> with(Ring<N> ring, Node<N> node) {
        RingConfig config = ring.config();
        List<Node<N>> next = new ArrayList<>(ring.nodes());
        next.add(node);
        int n = next.size();
        long total = ring.totalWeight() + node.weight();
        if (!countsUnchanged(ring, -1, total, n)) {
            return RingBuild.build(config, next); // the weight policy moved other nodes' counts: every point may differ
        }
        int count = RingBuild.pointCount(config, node, total, n);
        int[] added = RingBuild.points(config.layout(), node.id(), count);
        int[] addedOwners = new int[count];
        Arrays.fill(addedOwners, n - 1);
        added = PointSorter.sortUnsigned(added, addedOwners, count)[0];

        // Merge the new node's sorted points into the existing arrays. The new node is last in
        // insertion order, so where values meet its points come after every existing contender.
        PointTable table = ring.table;
        long[] entries = table.entries;
        int size = entries.length;
        int[] tied = table.tied;
        int newIndex = n - 1;
        TieRule rule = config.ties();
        List<String> ids = null;
        long[] out = new long[size + count];
        int[] newTies = new int[Math.min(count, 16)];
        int newTieCount = 0;
        boolean existingLostATie = false;
        boolean newOwnsAPoint = false;
        int i = 0;
        int j = 0;
        int d = 0;
        while (j < count) {
            int flipped = added[j] ^ FLIP;
            // Copy the existing points below this one in bulk.
            int below = PointTable.firstAtOrAbove(entries, i, size, flipped);
            System.arraycopy(entries, i, out, d, below - i);
            d += below - i;
            i = below;
            int e = j + 1;
            while (e < count && added[e] == added[j]) {
                e++;
            }
            int mine = e - j;
            int owner;
            if (i < size && PointTable.key(entries[i]) == flipped) {
                int existing = (int) entries[i++];
                if (Arrays.binarySearch(tied, flipped) >= 0) {
                    // Earlier contenders exist that this ring no longer lists; FIRST and LAST do not need them.
                    if (rule == TieRule.FIRST) {
                        owner = existing;
                    } else if (rule == TieRule.LAST) {
                        owner = newIndex;
                    } else {
                        return RingBuild.build(config, next);
                    }
                } else {
                    int[] contenders = new int[1 + mine];
                    contenders[0] = existing;
                    Arrays.fill(contenders, 1, contenders.length, newIndex);
                    if (ids == null) {
                        ids = RingBuild.ids(next);
                    }
                    owner = RingBuild.winner(rule, added[j], contenders, ids);
                }
                existingLostATie |= owner != existing;
            } else if (mine > 1) {
                int[] contenders = new int[mine];
                Arrays.fill(contenders, newIndex);
                if (ids == null) {
                    ids = RingBuild.ids(next);
                }
                owner = RingBuild.winner(rule, added[j], contenders, ids);
            } else {
                out[d++] = PointTable.entry(flipped, newIndex);
                newOwnsAPoint = true;
                j = e;
                continue;
            }
            newOwnsAPoint |= owner == newIndex;
            if (newTieCount == newTies.length) {
                newTies = Arrays.copyOf(newTies, newTieCount * 2);
            }
            newTies[newTieCount++] = flipped;
            out[d++] = PointTable.entry(flipped, owner);
            j = e;
        }
        System.arraycopy(entries, i, out, d, size - i);
        d += size - i;
        int[] ties = tied;
        if (newTieCount > 0) {
            ties = Arrays.copyOf(tied, tied.length + newTieCount);
            System.arraycopy(newTies, 0, ties, tied.length, newTieCount);
            Arrays.sort(ties);
        }
        Map<String, Integer> index = new HashMap<>(ring.indexById);
        index.put(node.id(), newIndex);
        int[] counts = Arrays.copyOf(ring.pointCounts, n);
        counts[newIndex] = count;
        // Unless a tie took a point from an existing node, the nodes without points are the same,
        // plus the new node if it won none.
        int[] pointless = table.pointless;
        int[] none = null;
        if (!existingLostATie) {
            none = newOwnsAPoint ? pointless : Arrays.copyOf(pointless, pointless.length + 1);
            if (!newOwnsAPoint) {
                none[pointless.length] = newIndex;
            }
        }
        PointTable merged = new PointTable(config.search(), n, d == out.length ? out : Arrays.copyOf(out, d), ties, none);
        return new Ring<>(config, Collections.unmodifiableList(next), index, counts, total, merged);
    }

    /** {@code ring} without its node {@code index}; the other nodes keep their order. */
    static <N> Ring<N> without(Ring<N> ring, int index) {
        RingConfig config = ring.config();
        List<Node<N>> next = new ArrayList<>(ring.nodes());
        Node<N> removed = next.remove(index);
        long total = ring.totalWeight() - removed.weight();
        if (next.isEmpty() || !countsUnchanged(ring, index, total, next.size())) {
            return RingBuild.build(config, next);
        }
        // The removed node's points, found by value: a removed point that tied hides the other
        // contenders (only a rebuild knows the new owner); untied, each one is the node's own.
        PointTable table = ring.table;
        long[] entries = table.entries;
        int size = entries.length;
        int[] pointCounts = ring.pointCounts;
        int count = pointCounts[index];
        int[] mine = RingBuild.points(config.layout(), removed.id(), count);
        int[] at = new int[count];
        for (int p = 0; p < count; p++) {
            int flipped = mine[p] ^ FLIP;
            int i = PointTable.firstAtOrAbove(entries, 0, size, flipped);
            if (i == size || PointTable.key(entries[i]) != flipped || (int) entries[i] != index
                    || Arrays.binarySearch(table.tied, flipped) >= 0) {
                return RingBuild.build(config, next);
            }
            at[p] = i;
        }
        Arrays.sort(at);
        // Copy the runs between the removed points in bulk, then renumber the owners after it.
        long[] out = new long[size - count];
        int d = 0;
        int from = 0;
        for (int p = 0; p <= count; p++) {
            int to = p < count ? at[p] : size;
            System.arraycopy(entries, from, out, d, to - from);
            d += to - from;
            from = to + 1;
        }
        for (int i = 0; i < out.length; i++) {
            long e = out[i];
            out[i] = e - ((index - (int) e) >>> 31); // owner > index: one less (branch-free; owner >= 1, no borrow)
        }
        Map<String, Integer> map = new HashMap<>(Math.max(16, next.size() * 2));
        for (int i = 0; i < next.size(); i++) {
            map.put(next.get(i).id(), i);
        }
        int[] counts = new int[next.size()];
        System.arraycopy(pointCounts, 0, counts, 0, index);
        System.arraycopy(pointCounts, index + 1, counts, index, next.size() - index);
        // The other nodes own exactly what they owned: the same nodes lack points, renumbered.
        int[] none = new int[table.pointless.length];
        int nc = 0;
        for (int p : table.pointless) {
            if (p != index) {
                none[nc++] = p > index ? p - 1 : p;
            }
        }
        PointTable merged = new PointTable(config.search(), next.size(), out, table.tied, Arrays.copyOf(none, nc));
        return new Ring<>(config, Collections.unmodifiableList(next), map, counts, total, merged);
    }

    /**
     * Whether every node except {@code skip} keeps its point count on a ring of {@code nodeCount}
     * nodes and total weight {@code total} (always for per-weight and uniform policies; for
     * libmemcached's and libketama's formulas only while the float arithmetic lands the same).
     */
    private static boolean countsUnchanged(Ring<?> ring, int skip, long total, int nodeCount) {
        List<? extends Node<?>> nodes = ring.nodes();
        int[] pointCounts = ring.pointCounts;
        for (int i = 0; i < nodes.size(); i++) {
            if (i != skip && ring.config().weights().points(nodes.get(i).weight(), total, nodeCount) != pointCounts[i]) {
                return false;
            }
        }
        return true;
    }
}
