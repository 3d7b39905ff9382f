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
 * bound and scans on average one or two points, O(1) expected and O(log P) worst case. About 12
 * bytes per point. Routing allocates nothing and never locks.
 *
 * <h2>Changes</h2>
 * {@link #with}, {@link #without} and {@link #withWeight} return new rings; the receiver never
 * changes. Unchanged nodes keep their generated points (no rehashing). A change that fails (unknown
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

    private final RingConfig config;
    private final List<Node<N>> nodes;
    private final Map<String, Integer> indexById;
    /** Per node (config order): the points its layout generated, in generation order; may be longer than pointCounts[i]. */
    private final int[][] generated;
    private final int[] pointCounts;
    private final long totalWeight;

    /** Sorted (unsigned) distinct point values, stored XOR 0x80000000 so signed comparison is unsigned order. */
    private final int[] keys;
    /** Owner node index of keys[i]. */
    private final int[] owners;
    /** bucketStart[b] = first index i with (point >>> shift) >= b; length buckets + 1. */
    private final int[] bucketStart;
    private final int shift;
    /** Nodes that own no point (weight policy gave 0, or lost every tie), in config order; appended to candidates. */
    private final int[] pointless;

    private Ring(RingConfig config, List<Node<N>> nodes, int[][] reusable) {
        this.config = config;
        this.nodes = Collections.unmodifiableList(new ArrayList<>(nodes));
        int n = nodes.size();
        Map<String, Integer> index = new HashMap<>(n * 2);
        long total = 0;
        for (int i = 0; i < n; i++) {
            Node<N> node = nodes.get(i);
            if (index.putIfAbsent(node.id(), i) != null) {
                throw new DuplicateNodeException(node.id());
            }
            total += node.weight();
        }
        this.indexById = index;
        this.totalWeight = total;

        this.pointCounts = new int[n];
        this.generated = new int[n][];
        long allPoints = 0;
        for (int i = 0; i < n; i++) {
            Node<N> node = nodes.get(i);
            int count = config.weights().points(node.weight(), total, n);
            if (count < 0) {
                throw new IllegalStateException("weight policy " + config.weights() + " returned " + count
                        + " points for node '" + node.id() + "'");
            }
            pointCounts[i] = count;
            allPoints += count;
            int[] previous = reusable == null ? null : reusable[i];
            if (previous != null && previous.length >= count) {
                generated[i] = previous; // prefix-stable layouts: the first `count` points are unchanged
            } else {
                int[] points = new int[count];
                config.layout().points(node.id(), count, points);
                generated[i] = points;
            }
        }
        if (allPoints > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("ring would have " + allPoints + " points; at most about 2^31 fit");
        }

        // Sort (unsigned value, insertion sequence): insertion order = config order, then point order.
        int total32 = (int) allPoints;
        long[] entries = new long[total32];
        int[] seqOwner = new int[total32];
        int seq = 0;
        for (int i = 0; i < n; i++) {
            int[] pts = generated[i];
            for (int j = 0; j < pointCounts[i]; j++) {
                entries[seq] = ((long) (pts[j] ^ FLIP) << 32) | seq; // signed order of flipped = unsigned order
                seqOwner[seq] = i;
                seq++;
            }
        }
        Arrays.sort(entries);

        int[] k = new int[total32];
        int[] o = new int[total32];
        int distinct = 0;
        List<String> ids = null;
        for (int s = 0; s < total32; ) {
            int flipped = (int) (entries[s] >>> 32);
            int value = flipped ^ FLIP;
            int e = s + 1;
            while (e < total32 && (int) (entries[e] >>> 32) == flipped) {
                e++;
            }
            int owner;
            if (e - s == 1) {
                owner = seqOwner[(int) entries[s]];
            } else {
                int[] contenders = new int[e - s];
                for (int c = s; c < e; c++) {
                    contenders[c - s] = seqOwner[(int) entries[c]];
                }
                if (ids == null) {
                    ids = ids();
                }
                owner = config.ties().winner(value, contenders, ids);
                if (Arrays.stream(contenders).noneMatch(x -> x == owner)) {
                    throw new IllegalStateException("tie rule " + config.ties() + " chose node index " + owner
                            + ", not one of " + Arrays.toString(contenders));
                }
            }
            k[distinct] = flipped;
            o[distinct] = owner;
            distinct++;
            s = e;
        }
        this.keys = distinct == total32 ? k : Arrays.copyOf(k, distinct);
        this.owners = distinct == total32 ? o : Arrays.copyOf(o, distinct);

        // Bucket index over the top bits: about 1-2 points per bucket, at most 4 bytes per point.
        int bits = Math.max(1, 31 - Integer.numberOfLeadingZeros(Math.max(2, distinct)));
        this.shift = 32 - bits;
        int buckets = 1 << bits;
        this.bucketStart = new int[buckets + 1];
        int p = 0;
        for (int b = 0; b <= buckets; b++) {
            while (p < distinct && ((keys[p] ^ FLIP) >>> shift) < b) {
                p++;
            }
            bucketStart[b] = p;
        }

        boolean[] owns = new boolean[n];
        for (int owner : owners) {
            owns[owner] = true;
        }
        int[] none = new int[n];
        int pc = 0;
        for (int i = 0; i < n; i++) {
            if (!owns[i]) {
                none[pc++] = i;
            }
        }
        this.pointless = Arrays.copyOf(none, pc);
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
        return new Ring<>(config, copy, null);
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
    public N route(CharSequence key) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        return routeHash(config.hash().hash(key));
    }

    @Override
    public N route(byte[] key, int offset, int length) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        return routeHash(config.hash().hash(key, offset, length));
    }

    @Override
    public N routeHash(int hash) {
        return nodes.get(owners[pointIndex(hash)]).value();
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
        switch (config.search()) {
            case CEIL: {
                int i = firstAtOrAbove(hash);
                return i == count ? 0 : i;
            }
            case STRICT: {
                if (hash == -1) {
                    return 0;
                }
                int i = firstAtOrAbove(hash + 1);
                return i == count ? 0 : i;
            }
            default: { // FLOOR: largest point <= hash; below the first point, the last
                int i = hash == -1 ? count : firstAtOrAbove(hash + 1);
                return i == 0 ? count - 1 : i - 1;
            }
        }
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

    @Override
    public List<N> candidates(CharSequence key) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        return isEmptyOfPoints() ? List.of() : candidatesFromHash(config.hash().hash(key), nodes.size());
    }

    @Override
    public List<N> candidates(byte[] key) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        return isEmptyOfPoints() ? List.of() : candidatesFromHash(config.hash().hash(key, 0, key.length), nodes.size());
    }

    /**
     * The first {@code limit} failover candidates for a hash value: distinct nodes in ring order,
     * the owner of {@code hash} first. Nodes with no points come last, in configuration order.
     */
    public List<N> candidatesFromHash(int hash, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, was " + limit);
        }
        List<N> out = new ArrayList<>(Math.min(limit, nodes.size()));
        if (isEmptyOfPoints()) {
            return out;
        }
        Cursor c = new Cursor();
        c.resetHash(hash);
        N next;
        while (out.size() < limit && (next = c.next()) != null) {
            out.add(next);
        }
        return out;
    }

    private boolean isEmptyOfPoints() {
        return keys.length == 0 && pointless.length == 0;
    }

    /**
     * A reusable, allocation-free walk over a key's failover candidates. Not thread-safe: give
     * each thread its own cursor. A cursor stays bound to this ring snapshot.
     */
    public Cursor cursor() {
        return new Cursor();
    }

    /** See {@link Ring#cursor()}. */
    public final class Cursor {
        private final long[] seen = new long[(nodes.size() + 63) >>> 6];
        private int start;
        private int pos;
        private int steps;
        private int emitted;
        private int pointlessEmitted;

        private Cursor() {
        }

        /** Starts over for a text key. */
        public Cursor reset(CharSequence key) {
            if (key == null) {
                throw new NullPointerException("key is null");
            }
            return resetHash(config.hash().hash(key));
        }

        /** Starts over for a byte key. */
        public Cursor reset(byte[] key, int offset, int length) {
            if (key == null) {
                throw new NullPointerException("key is null");
            }
            return resetHash(config.hash().hash(key, offset, length));
        }

        /** Starts over for a hash value. */
        public Cursor resetHash(int hash) {
            Arrays.fill(seen, 0L);
            start = keys.length == 0 ? 0 : pointIndex(hash);
            pos = start;
            steps = 0;
            emitted = 0;
            pointlessEmitted = 0;
            return this;
        }

        /** The next distinct node, or null when every node has been returned. */
        public N next() {
            int idx = nextIndex();
            return idx < 0 ? null : nodes.get(idx).value();
        }

        /** The next distinct node's index in {@link Ring#nodes()}, or -1 when done. */
        public int nextIndex() {
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
        int[][] reuse = Arrays.copyOf(generated, nodes.size() + 1);
        return new Ring<>(config, next, reuse);
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
        next.remove(index);
        int[][] reuse = new int[nodes.size() - 1][];
        for (int i = 0, j = 0; i < nodes.size(); i++) {
            if (i != index) {
                reuse[j++] = generated[i];
            }
        }
        return new Ring<>(config, next, reuse);
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
        return new Ring<>(config, next, generated.clone());
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

    private List<String> ids() {
        List<String> ids = new ArrayList<>(nodes.size());
        for (Node<N> node : nodes) {
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
            return new Ring<>(config, nodes, null);
        }
    }
}
