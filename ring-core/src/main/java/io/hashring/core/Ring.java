package io.hashring.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable consistent-hash ring (ketama family): every node gets virtual points on the 32-bit
 * circle, a key goes to the point its hash lands on under the {@link SearchRule}, and a missing
 * node's keys fall to the next distinct node clockwise.
 *
 * <h2>Shape</h2>
 * Points live in sorted primitive arrays (each point's value beside its owner index, so a
 * lookup reads one cache line of points), deduplicated by the {@link TieRule}, plus a bucket
 * index over the top bits of the hash: a lookup is O(1) expected, O(log P) worst case, allocates
 * nothing and never locks. About 10 bytes per point. Building
 * sorts with a linear-time radix sort.
 *
 * <h2>Changes</h2>
 * {@link #with}, {@link #without} and {@link #withWeight} return new rings; the receiver never
 * changes. When no other node's point count changes (always for per-weight and uniform policies),
 * {@link #with} and {@link #without} merge the one node's points into the sorted arrays in O(P)
 * time without rehashing anyone else; otherwise they rebuild. A change that fails (unknown
 * or duplicate node, bad weight) throws before anything is built. Publish rings to concurrent
 * readers with a {@link RingHolder}, which offers the same three changes.
 *
 * <h2>Inspection</h2>
 * {@link #shares()}, {@link #pointCount}, {@link #points()} and {@link #diff} describe the ring as
 * a whole; {@link #pointAt(int)} and {@link #point(int)} show single points (to compare a
 * continuum with another client's, point for point).
 *
 * <h2>Empty rings</h2>
 * A ring may have no nodes (built empty, or after removing the last node). Routing on it throws
 * {@link EmptyRingException}; {@link #candidates} returns an empty list.
 *
 * <p>Rings are immutable and thread-safe.
 *
 * @param <N> the user's node type
 */
public final class Ring<N> implements Router<N> {

    private final RingConfig config;
    private final List<Node<N>> nodes;
    /** nodes.get(i).value(), so a lookup reads one array instead of the list and the node. */
    private final Object[] values;
    /** Read by {@link RingMerge}: id to node index, the weight policy's count per node index, the points. */
    final Map<String, Integer> indexById;
    final int[] pointCounts;
    private final long totalWeight;
    final PointTable table;

    /** Takes ownership of every argument ({@code nodes} unmodifiable, in node-index order). */
    Ring(RingConfig config, List<Node<N>> nodes, Map<String, Integer> indexById, int[] pointCounts, long totalWeight,
         PointTable table) {
        this.config = config;
        this.nodes = nodes;
        this.values = new Object[nodes.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = nodes.get(i).value();
        }
        this.indexById = indexById;
        this.pointCounts = pointCounts;
        this.totalWeight = totalWeight;
        this.table = table;
    }

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
        return RingBuild.build(config, copy);
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
    public static <N> RingBuilder<N> builder(RingConfig config) {
        return new RingBuilder<>(config);
    }

    @Override
    public int indexOf(CharSequence key) {
        return indexOfHash(config.hash().hash(Objects.requireNonNull(key, "key is null")));
    }

    @Override
    public int indexOf(byte[] key, int offset, int length) {
        return indexOfHash(config.hash().hash(Objects.requireNonNull(key, "key is null"), offset, length));
    }

    /**
     * The index of the node that owns a key hash (as produced by {@link #hashFunction()}): for
     * callers that hash once and route the same hash in several rings of one hash function.
     * O(1) expected, allocation-free.
     *
     * @throws EmptyRingException if the ring has no points
     */
    public int indexOfHash(int hash) {
        return table.ownerOf(hash);
    }

    @Override
    @SuppressWarnings("unchecked") // values[i] is nodes.get(i).value(), an N
    public N value(int index) {
        return (N) values[index];
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
        /** This snapshot's points (value, owner), read by every step. */
        private final long[] entries = table.entries;
        private final int[] pointless = table.pointless;
        /** How many distinct nodes own points: the walk stops after emitting them all. */
        private final int owning = nodes.size() - table.pointless.length;
        private int pos;
        private int steps;
        private int emitted;
        private int pointlessEmitted;

        private Cursor() {
        }

        @Override
        public Cursor reset(CharSequence key) {
            return resetHash(config.hash().hash(Objects.requireNonNull(key, "key is null")));
        }

        @Override
        public Cursor reset(byte[] key, int offset, int length) {
            return resetHash(config.hash().hash(Objects.requireNonNull(key, "key is null"), offset, length));
        }

        /** Starts over for a key hash (as produced by {@link Ring#hashFunction()}). */
        public Cursor resetHash(int hash) {
            Arrays.fill(seen, 0L);
            pos = entries.length == 0 ? 0 : table.pointIndex(hash);
            steps = 0;
            emitted = 0;
            pointlessEmitted = 0;
            return this;
        }

        @Override
        public int next() {
            long[] e = entries;
            int count = e.length;
            long[] s = seen;
            int p = pos;
            int st = steps;
            if (emitted < owning) {
                while (st < count) {
                    int owner = (int) e[p];
                    p = p + 1 == count ? 0 : p + 1;
                    st++;
                    long bit = 1L << owner;
                    long word = s[owner >>> 6];
                    if ((word & bit) == 0) {
                        s[owner >>> 6] = word | bit;
                        pos = p;
                        steps = st;
                        emitted++;
                        return owner;
                    }
                }
                pos = p;
                steps = st;
            }
            if (pointlessEmitted < pointless.length) {
                return pointless[pointlessEmitted++];
            }
            return -1;
        }
    }

    /**
     * A new ring with {@code node} added at the end of the configuration order. O(P) when the
     * other nodes keep their point counts, else a full build.
     *
     * @throws DuplicateNodeException if a node with the same id is already on the ring
     */
    public Ring<N> with(Node<N> node) {
        Objects.requireNonNull(node, "node");
        if (indexById.containsKey(node.id())) {
            throw new DuplicateNodeException(node.id());
        }
        return RingMerge.with(this, node);
    }

    /**
     * A new ring without the node {@code id}; the other nodes keep their order. O(P) when the
     * other nodes keep their point counts, else a full build.
     *
     * @throws UnknownNodeException if the ring holds no such node
     */
    public Ring<N> without(String id) {
        return RingMerge.without(this, indexOf(id));
    }

    /**
     * A new ring where node {@code id} has weight {@code weight}; its position in the
     * configuration order is kept. A full build.
     *
     * @throws UnknownNodeException     if the ring holds no such node
     * @throws IllegalArgumentException if {@code weight <= 0}
     */
    public Ring<N> withWeight(String id, int weight) {
        int index = indexOf(id);
        Node<N> changed = nodes.get(index).withWeight(weight);
        List<Node<N>> next = new ArrayList<>(nodes);
        next.set(index, changed);
        return RingBuild.build(config, next);
    }

    private int indexOf(String id) {
        Integer index = indexById.get(id);
        if (index == null) {
            throw new UnknownNodeException(id, indexById.keySet());
        }
        return index;
    }

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
        return table.size();
    }

    /**
     * How many points the weight policy gave node {@code id} (before ties are resolved).
     *
     * @throws UnknownNodeException if there is none
     */
    public int pointCount(String id) {
        return pointCounts[indexOf(id)];
    }

    /**
     * One point of the ring: its {@code index} in ring order (by unsigned value, from 0), its
     * {@code value} on the circle (unsigned, in an int), its owner and the owner's node index.
     *
     * @param <N> the ring's node type
     */
    public record Point<N>(int index, int value, int ownerIndex, Node<N> owner) {
    }

    /**
     * The point that owns key hash {@code hash} under the search rule: the ring's answer for the
     * hash, with the point it came from (libketama's {@code ketama_test} prints exactly this).
     * O(1) expected; allocates the result, so route with {@link #indexOfHash} instead.
     *
     * @throws EmptyRingException if the ring has no points
     */
    public Point<N> pointAt(int hash) {
        return point(table.pointIndex(hash));
    }

    /**
     * The {@code index}-th point in ring order, to list the whole continuum. Allocates the result.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < points()}
     */
    public Point<N> point(int index) {
        Objects.checkIndex(index, table.size());
        int owner = table.owner(index);
        return new Point<>(index, table.value(index), owner, nodes.get(owner));
    }

    /**
     * The fraction of the 2^32 hash space node {@code id} owns. O(P log P), like {@link #shares()}.
     *
     * @throws UnknownNodeException if there is none
     */
    public double share(String id) {
        int index = indexOf(id);
        return shares().getOrDefault(nodes.get(index).id(), 0.0);
    }

    /**
     * Every node's fraction of the hash space, by id, in configuration order (zero for nodes with
     * no points). Exact, arc by arc; O(P log P).
     */
    public Map<String, Double> shares() {
        return HashSpace.shares(this);
    }

    /** What changes owner between {@code before} and {@code after}, exactly; see {@link RingDiff}. Both may be empty. */
    public static RingDiff diff(Ring<?> before, Ring<?> after) {
        return RingDiff.between(before, after);
    }

    @Override
    public String toString() {
        return "Ring{" + config.name() + ", " + nodes.size() + " nodes, " + table.size() + " points}";
    }
}
