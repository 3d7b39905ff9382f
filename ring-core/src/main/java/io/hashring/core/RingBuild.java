package io.hashring.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A full build of a ring: every node's points generated, sorted and deduplicated by the tie rule.
 * O(P) after generating the points (a radix sort); also the helpers {@link RingMerge} shares.
 */
final class RingBuild {

    private static final int[] NONE = new int[0];

    private RingBuild() {
    }

    /** A ring over {@code nodeList} in that order (copied). */
    static <N> Ring<N> build(RingConfig config, List<Node<N>> nodeList) {
        List<Node<N>> nodes = Collections.unmodifiableList(new ArrayList<>(nodeList));
        int n = nodes.size();
        Map<String, Integer> index = new HashMap<>(Math.max(16, n * 2));
        long total = 0;
        for (int i = 0; i < n; i++) {
            Node<N> node = nodes.get(i);
            if (index.putIfAbsent(node.id(), i) != null) {
                throw new DuplicateNodeException(node.id());
            }
            total += node.weight();
        }
        int[] counts = new int[n];
        long allPoints = 0;
        int maxCount = 0;
        for (int i = 0; i < n; i++) {
            counts[i] = pointCount(config, nodes.get(i), total, n);
            allPoints += counts[i];
            maxCount = Math.max(maxCount, counts[i]);
        }
        checkFits(config, allPoints, total);

        // Insertion order = config order, then point order; the sort keeps equal values in
        // insertion order, so the tie rule sees its contenders in that order. Each point is one
        // long from the start, (flipped value << 32 | owner): the table's entry.
        int size = (int) allPoints;
        long[] sorted = new long[size];
        int[] scratch = new int[maxCount];
        int at = 0;
        for (int i = 0; i < n; i++) {
            int count = counts[i];
            if (count > 0) {
                config.layout().points(nodes.get(i).id(), count, scratch);
                for (int k = 0; k < count; k++) {
                    sorted[at + k] = PointTable.entry(scratch[k] ^ PointTable.FLIP, i);
                }
                at += count;
            }
        }
        sorted = PointSorter.sortEntries(sorted, size);

        // Deduplicate in place: a value's run of entries becomes one, owned by the tie rule's winner.
        long[] entries = sorted;
        int[] ties = NONE;
        int tieCount = 0;
        int distinct = 0;
        List<String> ids = null;
        for (int s = 0; s < size; ) {
            int flipped = PointTable.key(sorted[s]);
            int e = s + 1;
            while (e < size && PointTable.key(sorted[e]) == flipped) {
                e++;
            }
            int owner;
            if (e - s == 1) {
                owner = (int) sorted[s];
            } else {
                if (ids == null) {
                    ids = ids(nodes);
                }
                int[] contenders = new int[e - s];
                for (int c = s; c < e; c++) {
                    contenders[c - s] = (int) sorted[c];
                }
                owner = winner(config.ties(), flipped ^ PointTable.FLIP, contenders, ids);
                if (tieCount == ties.length) {
                    ties = Arrays.copyOf(ties, Math.max(8, tieCount * 2));
                }
                ties[tieCount++] = flipped;
            }
            entries[distinct++] = PointTable.entry(flipped, owner);
            s = e;
        }
        PointTable table = new PointTable(config.search(), n,
                distinct == size ? entries : Arrays.copyOf(entries, distinct), Arrays.copyOf(ties, tieCount), null);
        return new Ring<>(config, nodes, index, counts, total, table);
    }

    /** The first {@code count} points of node {@code id}, in a new array. */
    static int[] points(PointLayout layout, String id, int count) {
        int[] out = new int[count];
        if (count > 0) {
            layout.points(id, count, out);
        }
        return out;
    }

    /** The weight policy's point count for {@code node}, checked. */
    static int pointCount(RingConfig config, Node<?> node, long totalWeight, int nodeCount) {
        int count = config.weights().points(node.weight(), totalWeight, nodeCount);
        if (count < 0) {
            throw new IllegalStateException("weight policy " + config.weights() + " returned " + count
                    + " points for node '" + node.id() + "'");
        }
        return count;
    }

    /** The tie rule's owner of a shared point value, checked to be one of the contenders. */
    static int winner(TieRule rule, int value, int[] contenders, List<String> ids) {
        int owner = rule.winner(value, contenders, ids);
        for (int c : contenders) {
            if (c == owner) {
                return owner;
            }
        }
        throw new IllegalStateException("tie rule " + rule + " chose node index " + owner
                + ", not one of " + Arrays.toString(contenders));
    }

    /** The nodes' ids, in order, unmodifiable. */
    static List<String> ids(List<? extends Node<?>> nodes) {
        List<String> ids = new ArrayList<>(nodes.size());
        for (Node<?> node : nodes) {
            ids.add(node.id());
        }
        return Collections.unmodifiableList(ids);
    }

    /** The most points a ring holds (about 2.5 GiB of build arrays at 20 bytes per point). */
    static final long MAX_POINTS = 1L << 27;
    /** Bytes per point while a ring is built: the entries, the sort's output and its bucket bounds. */
    private static final long BUILD_BYTES_PER_POINT = 20;

    /**
     * Rejects, before anything is allocated, a ring whose points cannot fit: more than
     * {@link #MAX_POINTS}, or more than this JVM's heap can still take, naming the bound (and for a
     * per-weight policy the total weight it allows).
     */
    private static void checkFits(RingConfig config, long allPoints, long totalWeight) {
        String perWeight = config.weights() instanceof BuiltInWeightPolicy.PerWeight pw
                ? " (" + pw.pointsPerUnit() + " points per unit of weight: total weight at most "
                        + MAX_POINTS / pw.pointsPerUnit() + ", was " + totalWeight + ")"
                : "";
        if (allPoints > MAX_POINTS) {
            throw new IllegalArgumentException("ring would have " + allPoints + " points, more than the " + MAX_POINTS
                    + " a ring holds" + perWeight);
        }
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        long need = allPoints * BUILD_BYTES_PER_POINT;
        if (need > free) {
            throw new IllegalArgumentException("ring would have " + allPoints + " points, about " + (need >> 20)
                    + " MiB to build, more than the " + (free >> 20) + " MiB of heap left" + perWeight
                    + "; use smaller weights, fewer servers or a larger heap (-Xmx)");
        }
    }
}
