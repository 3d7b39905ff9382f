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
 * 10 bytes per point.
 *
 * <p>A ring of {@link #DIRECT_MIN_POINTS} points or more (about 6,600 nodes at 160 points each)
 * under the {@code CEIL} or {@code STRICT} rule also gets a <em>direct table</em> for routing
 * ({@link #ownerOf}): eight int slots per bucket of the bucket index, a bucket's points (the
 * value bits below the bucket bits, beside the owner) and then the point after the bucket, so a
 * route reads one 32-byte run found from the hash alone, with no index load before it. On such
 * rings the points no longer fit in the CPU caches, and the bucket bound and the points were two
 * misses in a row. It costs 8 to 16 bytes more per point, and is left out when node indexes and
 * value bits do not fit one int together (more than 524,287 nodes at 2^20 points). A bucket with
 * eight points or more keeps seven and a marker that sends a hash beyond them to the exact
 * search (about 1% of buckets at 2 to 4 points each). Immutable.
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

    /**
     * Rings with at least this many points get the direct table. Measured (RouteBenchmark,
     * BuildBenchmark): at 1,000 nodes (160,000 points) it saved 5-15% of a route, within the
     * noise, and cost 0.7 ms per snapshot, which broke the 0.5 ms target for adding a server; at
     * 10,000 nodes it saves about a third of a route.
     */
    static final int DIRECT_MIN_POINTS = 1 << 20;
    /** Slots per direct-table bucket: 32 bytes. */
    private static final int SLOTS = 8;
    /**
     * The direct table (see the class doc), or null: {@code buckets * SLOTS} ints, each a point's
     * value bits below the bucket bits above its owner, XOR {@link #FLIP}.
     */
    private final int[] direct;
    /** Bits of a direct slot that hold the owner: enough for every node index plus the all-ones marker. */
    private final int ownerBits;
    /** The value bits below the bucket bits. */
    private final int lowMask;

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

        // The direct table has the bucket index's buckets (2 to 4 points each on average), so
        // bucket b's points are entries[starts[b], starts[b + 1]) and the point after it is
        // entries[starts[b + 1]]. A slot holds the value bits below the bucket bits and the owner.
        int ob = 32 - Integer.numberOfLeadingZeros(nodeCount);
        if (distinct >= DIRECT_MIN_POINTS && search != SearchRule.FLOOR && sh + ob <= 32) {
            this.ownerBits = ob;
            this.lowMask = (int) ((1L << sh) - 1);
            this.direct = direct(entries, starts, buckets);
        } else {
            this.ownerBits = 0;
            this.lowMask = 0;
            this.direct = null;
        }
    }

    /**
     * The direct table over sorted {@code entries} and their bucket index {@code starts}: bucket
     * {@code b} holds its points in slots {@code [b*8, b*8+8)}, then copies of the point after
     * it under the highest value of the bucket (a hash in the bucket above all its points goes
     * there; past the last point that is point 0: the wrap). A bucket with eight points or more
     * keeps seven and then the overflow marker, the highest value with the all-ones owner. So
     * every bucket ends in a slot at least as high as any hash in it, and a scan stops inside it.
     */
    private int[] direct(long[] entries, int[] starts, int buckets) {
        int[] d = new int[buckets * SLOTS];
        int ob = ownerBits;
        int low = lowMask;
        int top = low << ob ^ FLIP;
        int marker = top | (1 << ob) - 1;
        int count = entries.length;
        int sh = shift;
        // Two passes, no branch on a bucket's point count (it varies at random): every slot of a
        // bucket gets its last slot, then each point overwrites its slot (the first seven of a
        // bucket). Measured at 1,000 nodes: 0.9 ms, against 1.5 ms for one pass slot by slot.
        for (int b = 0, at = 0; b < buckets; b++, at += SLOTS) {
            int to = starts[b + 1];
            int last = to - starts[b] >= SLOTS ? marker : top | (int) entries[to < count ? to : 0];
            d[at] = last; // eight stores, not a call: SLOTS is 8
            d[at + 1] = last;
            d[at + 2] = last;
            d[at + 3] = last;
            d[at + 4] = last;
            d[at + 5] = last;
            d[at + 6] = last;
            d[at + 7] = last;
        }
        for (int p = 0; p < count; p++) {
            long e = entries[p];
            int value = key(e) ^ FLIP;
            int b = value >>> sh;
            int k = p - starts[b];
            if (k < SLOTS - 1) {
                d[b * SLOTS + k] = (value & low) << ob ^ FLIP | (int) e;
            }
        }
        return d;
    }

    /** Whether routing reads the direct table (for tests). */
    boolean hasDirectTable() {
        return direct != null;
    }

    /**
     * The owner node index of {@code hash} under the search rule: {@code owner(pointIndex(hash))},
     * from the direct table when the ring has one.
     *
     * @throws EmptyRingException if there are no points
     */
    int ownerOf(int hash) {
        int[] d = direct;
        if (d == null) {
            return owner(pointIndex(hash));
        }
        int target = hash;
        if (search == SearchRule.STRICT) {
            if (hash == -1) {
                return owner(0);
            }
            target = hash + 1;
        }
        int i = (target >>> shift) * SLOTS;
        int ob = ownerBits;
        // slot < flipped (target's low bits << ownerBits) exactly when its point < target
        int t = (target & lowMask) << ob ^ FLIP;
        while (d[i] < t) {
            i++;
        }
        int mask = (1 << ob) - 1;
        int owner = d[i] & mask;
        return owner != mask ? owner : owner(pointIndex(hash));
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
