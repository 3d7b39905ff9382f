package io.hashring.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable consistent-hash ring (ketama family): every node gets virtual points on the 32-bit
 * circle, a key goes to the point its hash lands on under the {@link SearchRule}, and a missing
 * node's keys fall to the next distinct node clockwise.
 *
 * <h2>Shape</h2>
 * Points live in two sorted primitive arrays (values, owner indexes), deduplicated by the
 * {@link TieRule}, plus a bucket index over the top bits of the hash: a lookup reads one bucket
 * bound and scans on average two to four points, O(1) expected and O(log P) worst case. About 10
 * bytes per point (value and owner, 4 bytes each, and at most 2 for the bucket index). Building
 * sorts with a linear-time radix sort. Routing allocates nothing and never locks.
 *
 * <h2>Changes</h2>
 * {@link #with}, {@link #without} and {@link #withWeight} return new rings; the receiver never
 * changes. When no other node's point count changes (always for per-weight and uniform policies),
 * {@link #with} and {@link #without} merge the one node's points into the sorted arrays in O(P)
 * time without rehashing anyone else; otherwise they rebuild. A change that fails (unknown
 * or duplicate node, bad weight) throws before anything is built. Publish rings to concurrent
 * readers with a {@link RingHolder}.
 *
 * <h2>Empty rings</h2>
 * A ring may have no nodes (built empty, or after removing the last node). Routing on it throws
 * {@link EmptyRingException}; {@link #candidates} returns an empty list.
 *
 * @param <N> the user's node type
 */
public final class Ring<N> implements Router<N> {

    private static final int FLIP = 0x80000000;
    /** Beyond this many points in one bucket, binary search instead of scanning. */
    private static final int SCAN_LIMIT = 16;
    private static final int[] NONE = new int[0];

    private final RingConfig config;
    /** config.search(), read on every lookup. */
    private final SearchRule search;
    private final List<Node<N>> nodes;
    /** nodes.get(i).value(), so a lookup reads one array instead of the list and the node. */
    private final Object[] values;
    private final Map<String, Integer> indexById;
    private final int[] pointCounts;
    private final long totalWeight;

    /** Sorted (unsigned) distinct point values, stored XOR 0x80000000 so signed comparison is unsigned order. */
    private final int[] keys;
    /** Owner node index of keys[i]. */
    private final int[] owners;
    /**
     * Point values (flipped, sorted) that two or more generated points share: the only values whose
     * owner a tie rule decided. At least every such value; {@link #with} and {@link #without} use it
     * to merge a change into the arrays instead of rebuilding. Usually empty (P^2 / 2^33 of them).
     */
    private final int[] tied;
    /** bucketStart[b] = first index i with (point >>> shift) >= b; length buckets + 1. */
    private final int[] bucketStart;
    private final int shift;
    /** Nodes that own no point (weight policy gave 0, or lost every tie), in config order; appended to candidates. */
    private final int[] pointless;

    /** @param pointless the nodes owning no point, or null to find them (one pass over the owners) */
    private Ring(RingConfig config, List<Node<N>> nodes, Map<String, Integer> indexById, int[] pointCounts, long totalWeight,
                 int[] keys, int[] owners, int[] tied, int[] pointless) {
        this.config = config;
        this.search = config.search();
        this.nodes = nodes;
        this.values = new Object[nodes.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = nodes.get(i).value();
        }
        this.indexById = indexById;
        this.pointCounts = pointCounts;
        this.totalWeight = totalWeight;
        this.keys = keys;
        this.owners = owners;
        this.tied = tied;

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

        this.pointless = pointless != null ? pointless : pointless(nodes.size(), owners);
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

    /** A full build: every node's points generated, sorted and deduplicated by the tie rule. */
    private static <N> Ring<N> build(RingConfig config, List<Node<N>> nodeList) {
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
        if (allPoints > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("ring would have " + allPoints + " points; at most about 2^31 fit");
        }

        // Insertion order = config order, then point order; the radix sort is stable, so equal
        // values stay in insertion order and the tie rule sees its contenders in that order.
        int size = (int) allPoints;
        int[] values = new int[size];
        int[] valueOwners = new int[size];
        PointGenerator generator = new PointGenerator(config.layout(), maxCount);
        int at = 0;
        for (int i = 0; i < n; i++) {
            generator.points(nodes.get(i).id(), counts[i], values, at);
            Arrays.fill(valueOwners, at, at + counts[i], i);
            at += counts[i];
        }
        int[][] sorted = sortUnsigned(values, valueOwners, size);
        values = sorted[0];
        valueOwners = sorted[1];

        int[] k = new int[size];
        int[] o = new int[size];
        int[] ties = NONE;
        int tieCount = 0;
        int distinct = 0;
        List<String> ids = null;
        for (int s = 0; s < size; ) {
            int value = values[s];
            int e = s + 1;
            while (e < size && values[e] == value) {
                e++;
            }
            int owner;
            if (e - s == 1) {
                owner = valueOwners[s];
            } else {
                if (ids == null) {
                    ids = ids(nodes);
                }
                owner = winner(config.ties(), value, Arrays.copyOfRange(valueOwners, s, e), ids);
                if (tieCount == ties.length) {
                    ties = Arrays.copyOf(ties, Math.max(8, tieCount * 2));
                }
                ties[tieCount++] = value ^ FLIP;
            }
            k[distinct] = value ^ FLIP;
            o[distinct] = owner;
            distinct++;
            s = e;
        }
        return new Ring<>(config, nodes, index, counts,
                total, distinct == size ? k : Arrays.copyOf(k, distinct), distinct == size ? o : Arrays.copyOf(o, distinct),
                Arrays.copyOf(ties, tieCount), null);
    }

    private static int pointCount(RingConfig config, Node<?> node, long totalWeight, int nodeCount) {
        int count = config.weights().points(node.weight(), totalWeight, nodeCount);
        if (count < 0) {
            throw new IllegalStateException("weight policy " + config.weights() + " returned " + count
                    + " points for node '" + node.id() + "'");
        }
        return count;
    }

    private static int winner(TieRule rule, int value, int[] contenders, List<String> ids) {
        int owner = rule.winner(value, contenders, ids);
        for (int c : contenders) {
            if (c == owner) {
                return owner;
            }
        }
        throw new IllegalStateException("tie rule " + rule + " chose node index " + owner
                + ", not one of " + Arrays.toString(contenders));
    }

    /**
     * Stable LSD radix sort of {@code values[0, size)} as unsigned ints (3 passes of 11, 11 and 10
     * bits), carrying {@code owners} along. Returns {values, owners}, possibly new arrays. O(size).
     */
    private static int[][] sortUnsigned(int[] values, int[] owners, int size) {
        if (size < 64) {
            // Insertion sort: stable, and cheaper than three counting passes for a handful of points.
            for (int i = 1; i < size; i++) {
                int v = values[i];
                int ow = owners[i];
                int j = i - 1;
                while (j >= 0 && Integer.compareUnsigned(values[j], v) > 0) {
                    values[j + 1] = values[j];
                    owners[j + 1] = owners[j];
                    j--;
                }
                values[j + 1] = v;
                owners[j + 1] = ow;
            }
            return new int[][] {values, owners};
        }
        int[] v = values;
        int[] o = owners;
        int[] v2 = new int[size];
        int[] o2 = new int[size];
        int[] count = new int[2049];
        for (int shift = 0; shift < 32; shift += 11) {
            int mask = shift == 22 ? 0x3ff : 0x7ff;
            Arrays.fill(count, 0);
            for (int i = 0; i < size; i++) {
                count[((v[i] >>> shift) & mask) + 1]++;
            }
            for (int d = 0; d < 2048; d++) {
                count[d + 1] += count[d];
            }
            for (int i = 0; i < size; i++) {
                int value = v[i];
                int pos = count[(value >>> shift) & mask]++;
                v2[pos] = value;
                o2[pos] = o[i];
            }
            int[] t = v;
            v = v2;
            v2 = t;
            t = o;
            o = o2;
            o2 = t;
        }
        return new int[][] {v, o};
    }

    /** Generates node points into a region of a shared array, through one reused scratch buffer. */
    private static final class PointGenerator {
        private final PointLayout layout;
        private final int[] scratch;

        PointGenerator(PointLayout layout, int maxCount) {
            this.layout = layout;
            this.scratch = new int[maxCount];
        }

        void points(String id, int count, int[] out, int at) {
            if (count == 0) {
                return;
            }
            layout.points(id, count, scratch);
            System.arraycopy(scratch, 0, out, at, count);
        }
    }

    // ------------------------------------------------------------------ factories

    /**
     * A ring over the given nodes, in configuration order.
     *
     * @throws DuplicateNodeException if two nodes share an id
     */
    public static <N> Ring<N> of(RingConfig config, Collection<Node<N>> nodes) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(nodes, "nodes");
        List<Node<N>> copy = new ArrayList<>(nodes.size());
        for (Node<N> node : nodes) {
            copy.add(Objects.requireNonNull(node, "nodes contains null"));
        }
        return build(config, copy);
    }

    /** An empty ring (routing throws {@link EmptyRingException} until nodes are added). */
    public static <N> Ring<N> empty(RingConfig config) {
        return of(config, List.of());
    }

    /**
     * libmemcached's weighted ketama ({@link RingConfig#libmemcachedKetama()}) over servers given
     * as {@code host:port} ids, each with weight 1.
     */
    public static Ring<String> ketama(String... servers) {
        Objects.requireNonNull(servers, "servers");
        List<Node<String>> list = new ArrayList<>(servers.length);
        for (String server : servers) {
            list.add(Node.of(server));
        }
        return of(RingConfig.libmemcachedKetama(), list);
    }

    /** libmemcached's weighted ketama over {@code id -> weight}, in the map's iteration order. */
    public static Ring<String> ketama(Map<String, Integer> weightsById) {
        Objects.requireNonNull(weightsById, "weightsById");
        List<Node<String>> list = new ArrayList<>(weightsById.size());
        weightsById.forEach((id, w) -> list.add(Node.of(id, Objects.requireNonNull(w, () -> "weight of '" + id + "' is null"))));
        return of(RingConfig.libmemcachedKetama(), list);
    }

    /** Starts a ring with the given config. */
    public static <N> Builder<N> builder(RingConfig config) {
        return new Builder<>(config);
    }

    // ------------------------------------------------------------------ routing

    @Override
    public int indexOf(CharSequence key) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        return indexOfHash(config.hash().hash(key));
    }

    @Override
    public int indexOf(byte[] key, int offset, int length) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        return indexOfHash(config.hash().hash(key, offset, length));
    }

    /**
     * The index of the node that owns a key hash (as produced by {@link #hashFunction()}): for
     * callers that hash once and route the same hash in several rings of one hash function.
     *
     * @throws EmptyRingException if the ring has no points
     */
    public int indexOfHash(int hash) {
        return owners[pointIndex(hash)];
    }

    @Override
    @SuppressWarnings("unchecked") // values[i] is nodes.get(i).value(), an N
    public N value(int index) {
        return (N) values[index];
    }

    /**
     * The index of the point that owns {@code hash} under the search rule, in {@code [0, points())}.
     *
     * @throws EmptyRingException if the ring has no points
     */
    public int pointIndex(int hash) {
        int count = keys.length;
        if (count == 0) {
            throw new EmptyRingException(nodes.isEmpty() ? "the ring has no nodes" : "the ring's nodes have no points");
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

    /** First index whose point is >= hash (unsigned), or keys.length if none. */
    private int firstAtOrAbove(int hash) {
        int b = hash >>> shift;
        int lo = bucketStart[b];
        int hi = bucketStart[b + 1];
        int target = hash ^ FLIP;
        int[] k = keys;
        if (hi - lo <= SCAN_LIMIT) {
            while (lo < hi && k[lo] < target) {
                lo++;
            }
            return lo;
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (k[mid] < target) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * A reusable, allocation-free walk over a key's failover candidates. Not thread-safe: give
     * each thread its own cursor. A cursor stays bound to this ring snapshot.
     */
    @Override
    public Cursor cursor() {
        return new Cursor();
    }

    /**
     * See {@link Ring#cursor()}: distinct owners in ring order from the key's point, then the nodes
     * that own no point, in configuration order.
     */
    public final class Cursor implements NodeCursor {
        private final long[] seen = new long[(nodes.size() + 63) >>> 6];
        private int pos;
        private int steps;
        private int emitted;
        private int pointlessEmitted;

        private Cursor() {
        }

        @Override
        public Cursor reset(CharSequence key) {
            if (key == null) {
                throw new NullPointerException("key is null");
            }
            return resetHash(config.hash().hash(key));
        }

        @Override
        public Cursor reset(byte[] key, int offset, int length) {
            if (key == null) {
                throw new NullPointerException("key is null");
            }
            return resetHash(config.hash().hash(key, offset, length));
        }

        /** Starts over for a key hash (as produced by {@link Ring#hashFunction()}). */
        public Cursor resetHash(int hash) {
            Arrays.fill(seen, 0L);
            pos = keys.length == 0 ? 0 : pointIndex(hash);
            steps = 0;
            emitted = 0;
            pointlessEmitted = 0;
            return this;
        }

        @Override
        public int next() {
            int count = keys.length;
            while (emitted < nodes.size() - pointless.length && steps < count) {
                int owner = owners[pos];
                pos = pos + 1 == count ? 0 : pos + 1;
                steps++;
                long bit = 1L << owner;
                if ((seen[owner >>> 6] & bit) == 0) {
                    seen[owner >>> 6] |= bit;
                    emitted++;
                    return owner;
                }
            }
            if (pointlessEmitted < pointless.length) {
                return pointless[pointlessEmitted++];
            }
            return -1;
        }
    }

    // ------------------------------------------------------------------ topology changes

    /**
     * A new ring with {@code node} added at the end of the configuration order.
     *
     * @throws DuplicateNodeException if a node with the same id is already on the ring
     */
    public Ring<N> with(Node<N> node) {
        Objects.requireNonNull(node, "node");
        if (indexById.containsKey(node.id())) {
            throw new DuplicateNodeException(node.id());
        }
        List<Node<N>> next = new ArrayList<>(nodes);
        next.add(node);
        int n = next.size();
        long total = totalWeight + node.weight();
        if (!countsUnchanged(-1, total, n)) {
            return build(config, next); // the weight policy moved other nodes' counts: every point may differ
        }
        int count = pointCount(config, node, total, n);
        int[] added = new int[count];
        new PointGenerator(config.layout(), count).points(node.id(), count, added, 0);
        int[] addedOwners = new int[count];
        Arrays.fill(addedOwners, n - 1);
        int[][] sorted = sortUnsigned(added, addedOwners, count);
        added = sorted[0];

        // Merge the new node's sorted points into the existing arrays. The new node is last in
        // insertion order, so where values meet its points come after every existing contender.
        int newIndex = n - 1;
        TieRule rule = config.ties();
        List<String> ids = null;
        int[] k = new int[keys.length + count];
        int[] o = new int[keys.length + count];
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
            int below = firstAtOrAbove(keys, i, flipped);
            System.arraycopy(keys, i, k, d, below - i);
            System.arraycopy(owners, i, o, d, below - i);
            d += below - i;
            i = below;
            int e = j + 1;
            while (e < count && added[e] == added[j]) {
                e++;
            }
            int mine = e - j;
            int owner;
            if (i < keys.length && keys[i] == flipped) {
                int existing = owners[i++];
                if (Arrays.binarySearch(tied, flipped) >= 0) {
                    // Earlier contenders exist that this ring no longer lists; FIRST and LAST do not need them.
                    if (rule == TieRule.FIRST) {
                        owner = existing;
                    } else if (rule == TieRule.LAST) {
                        owner = newIndex;
                    } else {
                        return build(config, next);
                    }
                } else {
                    int[] contenders = new int[1 + mine];
                    contenders[0] = existing;
                    Arrays.fill(contenders, 1, contenders.length, newIndex);
                    if (ids == null) {
                        ids = ids(next);
                    }
                    owner = winner(rule, added[j], contenders, ids);
                }
                existingLostATie |= owner != existing;
            } else if (mine > 1) {
                int[] contenders = new int[mine];
                Arrays.fill(contenders, newIndex);
                if (ids == null) {
                    ids = ids(next);
                }
                owner = winner(rule, added[j], contenders, ids);
            } else {
                k[d] = flipped;
                o[d++] = newIndex;
                newOwnsAPoint = true;
                j = e;
                continue;
            }
            newOwnsAPoint |= owner == newIndex;
            if (newTieCount == newTies.length) {
                newTies = Arrays.copyOf(newTies, newTieCount * 2);
            }
            newTies[newTieCount++] = flipped;
            k[d] = flipped;
            o[d++] = owner;
            j = e;
        }
        System.arraycopy(keys, i, k, d, keys.length - i);
        System.arraycopy(owners, i, o, d, keys.length - i);
        d += keys.length - i;
        int[] ties = tied;
        if (newTieCount > 0) {
            ties = Arrays.copyOf(tied, tied.length + newTieCount);
            System.arraycopy(newTies, 0, ties, tied.length, newTieCount);
            Arrays.sort(ties);
        }
        Map<String, Integer> index = new HashMap<>(indexById);
        index.put(node.id(), newIndex);
        int[] counts = Arrays.copyOf(pointCounts, n);
        counts[newIndex] = count;
        // Unless a tie took a point from an existing node, the nodes without points are the same,
        // plus the new node if it won none.
        int[] none = null;
        if (!existingLostATie) {
            none = newOwnsAPoint ? pointless : Arrays.copyOf(pointless, pointless.length + 1);
            if (!newOwnsAPoint) {
                none[pointless.length] = newIndex;
            }
        }
        return new Ring<>(config, Collections.unmodifiableList(next), index, counts, total,
                d == k.length ? k : Arrays.copyOf(k, d), d == o.length ? o : Arrays.copyOf(o, d), ties, none);
    }

    /** First index in {@code [from, keys.length)} whose flipped value is >= {@code flipped}. */
    private static int firstAtOrAbove(int[] keys, int from, int flipped) {
        int lo = from;
        int hi = keys.length;
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

    /**
     * Whether every node except {@code skip} keeps its point count on a ring of {@code nodeCount}
     * nodes and total weight {@code total} (always for per-weight and uniform policies; for
     * libmemcached's and libketama's formulas only while the float arithmetic lands the same).
     */
    private boolean countsUnchanged(int skip, long total, int nodeCount) {
        for (int i = 0; i < nodes.size(); i++) {
            if (i != skip && config.weights().points(nodes.get(i).weight(), total, nodeCount) != pointCounts[i]) {
                return false;
            }
        }
        return true;
    }

    /** A new ring with a node {@code id} of weight {@code weight} and value {@code value} added. */
    public Ring<N> with(String id, int weight, N value) {
        return with(Node.of(id, weight, value));
    }

    /**
     * A new ring without the node {@code id}; the other nodes keep their order.
     *
     * @throws UnknownNodeException if the ring holds no such node
     */
    public Ring<N> without(String id) {
        int index = indexOf(id);
        List<Node<N>> next = new ArrayList<>(nodes);
        Node<N> removed = next.remove(index);
        long total = totalWeight - removed.weight();
        if (next.isEmpty() || !countsUnchanged(index, total, next.size())) {
            return build(config, next);
        }
        // The removed node's points, found by value: a removed point that tied hides the other
        // contenders (only a rebuild knows the new owner); untied, each one is the node's own.
        int count = pointCounts[index];
        int[] mine = new int[count];
        new PointGenerator(config.layout(), count).points(id, count, mine, 0);
        int[] at = new int[count];
        for (int p = 0; p < count; p++) {
            int flipped = mine[p] ^ FLIP;
            int i = Arrays.binarySearch(keys, flipped);
            if (i < 0 || owners[i] != index || Arrays.binarySearch(tied, flipped) >= 0) {
                return build(config, next);
            }
            at[p] = i;
        }
        Arrays.sort(at);
        // Copy the runs between the removed points in bulk, then renumber the owners after it.
        int[] k = new int[keys.length - count];
        int[] o = new int[keys.length - count];
        int d = 0;
        int from = 0;
        for (int p = 0; p <= count; p++) {
            int to = p < count ? at[p] : keys.length;
            System.arraycopy(keys, from, k, d, to - from);
            System.arraycopy(owners, from, o, d, to - from);
            d += to - from;
            from = to + 1;
        }
        for (int i = 0; i < o.length; i++) {
            int owner = o[i];
            o[i] = owner - ((index - owner) >>> 31); // owner > index: one less (branch-free)
        }
        Map<String, Integer> map = new HashMap<>(Math.max(16, next.size() * 2));
        for (int i = 0; i < next.size(); i++) {
            map.put(next.get(i).id(), i);
        }
        int[] counts = new int[next.size()];
        System.arraycopy(pointCounts, 0, counts, 0, index);
        System.arraycopy(pointCounts, index + 1, counts, index, next.size() - index);
        // The other nodes own exactly what they owned: the same nodes lack points, renumbered.
        int[] none = new int[pointless.length];
        int nc = 0;
        for (int p : pointless) {
            if (p != index) {
                none[nc++] = p > index ? p - 1 : p;
            }
        }
        return new Ring<>(config, Collections.unmodifiableList(next), map, counts, total,
                k, o, tied, Arrays.copyOf(none, nc));
    }

    /**
     * A new ring where node {@code id} has weight {@code weight}; its position in the
     * configuration order is kept.
     *
     * @throws UnknownNodeException     if the ring holds no such node
     * @throws IllegalArgumentException if {@code weight <= 0}
     */
    public Ring<N> withWeight(String id, int weight) {
        int index = indexOf(id);
        Node<N> changed = nodes.get(index).withWeight(weight);
        List<Node<N>> next = new ArrayList<>(nodes);
        next.set(index, changed);
        return build(config, next);
    }

    private int indexOf(String id) {
        Integer index = indexById.get(id);
        if (index == null) {
            throw new UnknownNodeException(id, indexById.keySet());
        }
        return index;
    }

    // ------------------------------------------------------------------ inspection

    /** The ring's configuration. */
    public RingConfig config() {
        return config;
    }

    @Override
    public HashFunction hashFunction() {
        return config.hash();
    }

    @Override
    public List<Node<N>> nodes() {
        return nodes;
    }

    @Override
    public int size() {
        return nodes.size();
    }

    /** Whether a node with this id is on the ring. */
    public boolean contains(String id) {
        return indexById.containsKey(id);
    }

    /**
     * The node with this id.
     *
     * @throws UnknownNodeException if there is none
     */
    public Node<N> node(String id) {
        return nodes.get(indexOf(id));
    }

    /** Sum of all nodes' weights. */
    public long totalWeight() {
        return totalWeight;
    }

    /** Distinct point values on the ring (after ties are resolved). */
    public int points() {
        return keys.length;
    }

    /** How many points the weight policy gave node {@code id} (before ties are resolved). */
    public int pointCount(String id) {
        return pointCounts[indexOf(id)];
    }

    /** The {@code i}-th point value in ring order (unsigned, in an int). */
    public int pointValue(int i) {
        return keys[i] ^ FLIP;
    }

    /** The owner of the {@code i}-th point in ring order. */
    public Node<N> pointOwner(int i) {
        return nodes.get(owners[i]);
    }

    /** Index of the owner of the {@code i}-th point in {@link #nodes()}. */
    public int pointOwnerIndex(int i) {
        return owners[i];
    }

    /** The fraction of the 2^32 hash space node {@code id} owns. */
    public double share(String id) {
        int index = indexOf(id);
        return shares().getOrDefault(nodes.get(index).id(), 0.0);
    }

    /** Every node's fraction of the hash space, by id, in configuration order (zero for nodes with no points). */
    public Map<String, Double> shares() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Node<N> node : nodes) {
            out.put(node.id(), 0.0);
        }
        if (keys.length == 0) {
            return out;
        }
        long[] owned = new long[nodes.size()];
        HashSpace.forEachArc(this, (from, length, owner) -> owned[owner] += length);
        for (int i = 0; i < nodes.size(); i++) {
            out.put(nodes.get(i).id(), owned[i] / HashSpace.SIZE);
        }
        return out;
    }

    /** What changes owner between {@code before} and {@code after}; see {@link RingDiff}. */
    public static RingDiff diff(Ring<?> before, Ring<?> after) {
        return RingDiff.between(before, after);
    }

    /** Package-private view for {@link HashSpace} and {@link RingDiff}. */
    int[] sortedKeysFlipped() {
        return keys;
    }

    @Override
    public String toString() {
        return "Ring{" + config.name() + ", " + nodes.size() + " nodes, " + keys.length + " points}";
    }

    private static List<String> ids(List<? extends Node<?>> nodes) {
        List<String> ids = new ArrayList<>(nodes.size());
        for (Node<?> node : nodes) {
            ids.add(node.id());
        }
        return Collections.unmodifiableList(ids);
    }

    /** Collects nodes in configuration order; validates each as it is added. */
    public static final class Builder<N> {
        private final RingConfig config;
        private final List<Node<N>> nodes = new ArrayList<>();
        private final Map<String, Boolean> ids = new HashMap<>();

        private Builder(RingConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** @throws DuplicateNodeException if the id was already added */
        public Builder<N> node(Node<N> node) {
            Objects.requireNonNull(node, "node");
            if (ids.putIfAbsent(node.id(), Boolean.TRUE) != null) {
                throw new DuplicateNodeException(node.id());
            }
            nodes.add(node);
            return this;
        }

        /** Adds {@code Node.of(id, weight, value)}. */
        public Builder<N> node(String id, int weight, N value) {
            return node(Node.of(id, weight, value));
        }

        public Ring<N> build() {
            return Ring.build(config, nodes);
        }
    }
}
