package io.hashring.core;

/**
 * The points of one ring snapshot and the search over them: the sorted point values and owner
 * indexes, deduplicated by the tie rule, plus a bucket index over the top bits of the hash. A
 * lookup reads one bucket bound and scans on average two to four points, O(1) expected and
 * O(log P) worst case; it allocates nothing.
 *
 * <p>Points are {@link #entries}, each point's value and owner in one long, so the owner comes
 * from the cache line the search just read: on a large ring (10,000 nodes, 1.6 million points,
 * far more than the CPU caches hold) a route pays two dependent memory loads after the hash (the
 * bucket bound, then the points) instead of three (values and owners in separate arrays). About
 * 10 bytes per point. Immutable.
 */
final class PointTable {

    /** Point values are stored XOR this, so signed comparison is unsigned order. */
    static final int FLIP = 0x80000000;
    /** Beyond this many points in one bucket, binary search instead of scanning. */
    private static final int SCAN_LIMIT = 16;

    private final SearchRule search;
    private final int nodeCount;
    /**
     * The distinct points in ring order: {@code (long) (value ^ FLIP) << 32 | owner}. Signed order
     * of the entries is unsigned order of the values (owners are >= 0 and below the value bits).
     */
    final long[] entries;
    /**
     * Point values (flipped, sorted) that two or more generated points share: the only values whose
     * owner a tie rule decided. At least every such value; {@link RingMerge} uses it to merge a
     * change into the arrays instead of rebuilding. Usually empty (P^2 / 2^33 of them).
     */
    final int[] tied;
    /** Nodes that own no point (weight policy gave 0, or lost every tie), in config order; appended to candidates. */
    final int[] pointless;
    /** bucketStart[b] = first index i with (point >>> shift) >= b; length buckets + 1. */
    private final int[] bucketStart;
    private final int shift;

    /** @param pointless the nodes owning no point, or null to find them (one pass over the owners) */
    PointTable(SearchRule search, int nodeCount, long[] entries, int[] tied, int[] pointless) {
        this.search = search;
        this.nodeCount = nodeCount;
        this.entries = entries;
        this.tied = tied;
        this.pointless = pointless != null ? pointless : pointless(nodeCount, entries);

        // Bucket index over the top bits: about 2-4 points per bucket, at most 2 bytes per point.
        int distinct = entries.length;
        int bits = Math.max(1, 30 - Integer.numberOfLeadingZeros(Math.max(2, distinct)));
        int sh = 32 - bits;
        this.shift = sh;
        int buckets = 1 << bits;
        // starts[b + 1] = one past the last point in bucket b (the last write wins), then a running
        // maximum fills the empty buckets. Independent stores, no data-dependent branches.
        int[] starts = new int[buckets + 1];
        for (int p = 0; p < distinct; p++) {
            starts[((key(entries[p]) ^ FLIP) >>> sh) + 1] = p + 1;
        }
        for (int i = 0; i < buckets; i++) {
            starts[i + 1] = Math.max(starts[i + 1], starts[i]);
        }
        this.bucketStart = starts;
    }

    /** The entry of a point: its flipped value beside its owner. */
    static long entry(int flippedValue, int owner) {
        return (long) flippedValue << 32 | owner;
    }

    /** The flipped value of an entry. */
    static int key(long entry) {
        return (int) (entry >> 32);
    }

    private static int[] pointless(int n, long[] entries) {
        boolean[] owns = new boolean[n];
        for (long e : entries) {
            owns[(int) e] = true;
        }
        int pc = 0;
        for (int i = 0; i < n; i++) {
            if (!owns[i]) {
                pc++;
            }
        }
        int[] none = new int[pc];
        pc = 0;
        for (int i = 0; i < n; i++) {
            if (!owns[i]) {
                none[pc++] = i;
            }
        }
        return none;
    }

    /** Distinct points. */
    int size() {
        return entries.length;
    }

    /** The owner node index of the {@code i}-th point. */
    int owner(int i) {
        return (int) entries[i];
    }

    /** The {@code i}-th point value in ring order (unsigned, in an int). */
    int value(int i) {
        return key(entries[i]) ^ FLIP;
    }

    /**
     * The index of the point that owns {@code hash} under the search rule, in {@code [0, size())}.
     *
     * @throws EmptyRingException if there are no points
     */
    int pointIndex(int hash) {
        int count = entries.length;
        if (count == 0) {
            throw new EmptyRingException(nodeCount == 0 ? "the ring has no nodes" : "the ring's nodes have no points");
        }
        SearchRule rule = search;
        if (rule == SearchRule.CEIL) {
            int i = firstAtOrAbove(hash);
            return i == count ? 0 : i;
        }
        if (rule == SearchRule.STRICT) {
            if (hash == -1) {
                return 0;
            }
            int i = firstAtOrAbove(hash + 1);
            return i == count ? 0 : i;
        }
        // FLOOR: largest point <= hash; below the first point, the last
        int i = hash == -1 ? count : firstAtOrAbove(hash + 1);
        return i == 0 ? count - 1 : i - 1;
    }

    /** First index whose point is >= hash (unsigned), or size() if none. */
    private int firstAtOrAbove(int hash) {
        int b = hash >>> shift;
        int lo = bucketStart[b];
        int hi = bucketStart[b + 1];
        // (flipped point << 32 | owner) < (flipped hash << 32) exactly when point < hash (unsigned)
        long target = entry(hash ^ FLIP, 0);
        long[] e = entries;
        if (hi - lo <= SCAN_LIMIT) {
            while (lo < hi && e[lo] < target) {
                lo++;
            }
            return lo;
        }
        return firstAtOrAbove(e, lo, hi, hash ^ FLIP);
    }

    /** First index in {@code [from, to)} of sorted {@code entries} whose flipped value is >= {@code flipped}. */
    static int firstAtOrAbove(long[] entries, int from, int to, int flipped) {
        long target = entry(flipped, 0);
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (entries[mid] < target) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
