package io.hashring.core;

/**
 * The points of one ring snapshot and the search over them: the sorted point values and owner
 * indexes, deduplicated by the tie rule, plus a bucket index over the top bits of the hash. A
 * lookup reads one bucket bound and scans on average two to four points, O(1) expected and
 * O(log P) worst case; it allocates nothing.
 *
 * <p>Lookups read {@link #entries}, each point's value and owner in one long, so the owner comes
 * from the cache line the search just read: on a large ring (10,000 nodes, 1.6 million points,
 * far more than the CPU caches hold) a route pays two dependent memory loads after the hash (the
 * bucket bound, then the points) instead of three. The separate {@link #keys} and {@link #owners}
 * arrays serve {@link RingMerge}'s bulk copies. About 18 bytes per point. Immutable.
 */
final class PointTable {

    /** Point values are stored XOR this, so signed comparison is unsigned order. */
    static final int FLIP = 0x80000000;
    /** Beyond this many points in one bucket, binary search instead of scanning. */
    private static final int SCAN_LIMIT = 16;

    private final SearchRule search;
    private final int nodeCount;
    /** Sorted (unsigned) distinct point values, flipped. */
    final int[] keys;
    /** Owner node index of keys[i]. */
    final int[] owners;
    /** {@code (long) keys[i] << 32 | owners[i]}: signed order of entries is the order of keys (owners are >= 0). */
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
    PointTable(SearchRule search, int nodeCount, int[] keys, int[] owners, int[] tied, int[] pointless) {
        this.search = search;
        this.nodeCount = nodeCount;
        this.keys = keys;
        this.owners = owners;
        long[] packed = new long[keys.length];
        for (int i = 0; i < packed.length; i++) {
            packed[i] = (long) keys[i] << 32 | owners[i];
        }
        this.entries = packed;
        this.tied = tied;
        this.pointless = pointless != null ? pointless : pointless(nodeCount, owners);

        // Bucket index over the top bits: about 2-4 points per bucket, at most 2 bytes per point.
        int distinct = keys.length;
        int bits = Math.max(1, 30 - Integer.numberOfLeadingZeros(Math.max(2, distinct)));
        int sh = 32 - bits;
        this.shift = sh;
        int buckets = 1 << bits;
        // starts[b + 1] = one past the last point in bucket b (the last write wins), then a running
        // maximum fills the empty buckets. Independent stores, no data-dependent branches.
        int[] starts = new int[buckets + 1];
        for (int p = 0; p < distinct; p++) {
            starts[((keys[p] ^ FLIP) >>> sh) + 1] = p + 1;
        }
        for (int i = 0; i < buckets; i++) {
            starts[i + 1] = Math.max(starts[i + 1], starts[i]);
        }
        this.bucketStart = starts;
    }

    private static int[] pointless(int n, int[] owners) {
        boolean[] owns = new boolean[n];
        for (int owner : owners) {
            owns[owner] = true;
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
        return keys.length;
    }

    /** The owner node index of the {@code i}-th point. */
    int owner(int i) {
        return (int) entries[i];
    }

    /** The {@code i}-th point value in ring order (unsigned, in an int). */
    int value(int i) {
        return keys[i] ^ FLIP;
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
        long target = (long) (hash ^ FLIP) << 32;
        long[] e = entries;
        if (hi - lo <= SCAN_LIMIT) {
            while (lo < hi && e[lo] < target) {
                lo++;
            }
            return lo;
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (e[mid] < target) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First index in {@code [from, to)} of sorted {@code keys} whose flipped value is >= {@code flipped}. */
    static int firstAtOrAbove(int[] keys, int from, int to, int flipped) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[mid] < flipped) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
