package io.hashring.core;

import java.util.Collection;
import java.util.List;

/**
 * Weighted rendezvous hashing (highest random weight, Thaler and Ravishankar 1998; the weighted
 * form of Schindelhauer and Schomaker 2005): every node scores the key and the best score wins.
 * Node {@code i} draws {@code u_i} uniform in (0, 1) from the key's XXH64 hash and its id, and
 * scores {@code -w_i / ln(u_i)}; the winner is node {@code i} with probability exactly
 * {@code w_i / totalWeight}. With equal weights the largest {@code u_i} wins (no logarithm).
 *
 * <h2>Properties</h2>
 * Placement is a function of the set of (id, weight) pairs alone: no order, no history, no capacity.
 * Adding a node moves only the keys it wins; removing one moves only its keys, each to its
 * second-best node, which is the failover order ({@link #cursor()}: descending score). A weight
 * change moves only keys between that node and the others: exactly its change of share. Balance
 * is that of a uniform hash (no virtual points).
 *
 * <h2>Cost</h2>
 * Lookup is O(N): one mix per node (plus one logarithm per node when weights differ), about
 * 1-2 ns per node, so it is microseconds at thousands of nodes. Memory: 8 bytes per node (a seed),
 * plus 8 for the weight when weights differ. Building and changes: O(N) (one XXH64 per id).
 *
 * <h2>When it fits, and when it does not</h2>
 * Fits: tens to a few hundred servers, exact weights, no capacity planning, clients that must
 * agree whatever order they saw changes in (it is the client layer's {@link NativeRouting#MODE}),
 * or as the reference the other routers are judged by. Does not fit: hundreds of servers or more on a hot path (the per-lookup
 * cost grows linearly: use {@link SlotRouter}); sharing a cluster with clients of other libraries.
 *
 * <p>Immutable and thread-safe; routing allocates nothing.
 *
 * @param <N> the user's node type
 */
public final class WeightedRendezvousRouter<N> extends HashedRouter<N> {

    /** 2^-53: maps the top 53 bits of a mixed value to a double in [0, 1). */
    private static final double UNIT = 0x1.0p-53;

    /** Per node: XXH64 of its id, xored into the key hash before mixing. */
    private final long[] seeds;
    /** Per node: 1 / weight, or null when every weight is the same (then the largest draw wins). */
    private final double[] inverseWeights;

    private WeightedRendezvousRouter(List<Node<N>> nodes) {
        super(nodes);
        int n = nodes.size();
        this.seeds = new long[n];
        boolean equal = true;
        for (int i = 0; i < n; i++) {
            seeds[i] = Xxh64.hash64(nodes.get(i).id());
            equal &= nodes.get(i).weight() == nodes.get(0).weight();
        }
        if (equal) {
            this.inverseWeights = null;
        } else {
            this.inverseWeights = new double[n];
            for (int i = 0; i < n; i++) {
                inverseWeights[i] = 1.0 / nodes.get(i).weight();
            }
        }
    }

    /**
     * A router over {@code nodes}; their order does not affect placement.
     *
     * @throws DuplicateNodeException if two nodes share an id
     */
    public static <N> WeightedRendezvousRouter<N> of(Collection<Node<N>> nodes) {
        return new WeightedRendezvousRouter<>(copyOf(nodes));
    }

    /** A router over {@code host:port} ids, weight 1 each. */
    public static WeightedRendezvousRouter<String> of(String... ids) {
        return of(ofIds(ids));
    }

    /** Node {@code i}'s draw for a key hash: 53 uniform bits, as a non-negative long. */
    private long draw(long hash, int i) {
        return Xxh64.mix(hash ^ seeds[i]) >>> 11;
    }

    /** {@code -ln(u) / w} for a draw; smaller wins. u is in (0, 1): the draw plus one half, times 2^-53. */
    private double cost(long draw, int i) {
        return -Math.log((draw + 0.5) * UNIT) * inverseWeights[i];
    }

    @Override
    public int indexOfHash(long hash) {
        int n = seeds.length;
        if (n == 0) {
            throw empty();
        }
        int best = 0;
        if (inverseWeights == null) {
            long top = draw(hash, 0);
            for (int i = 1; i < n; i++) {
                long d = draw(hash, i);
                if (d > top) {
                    top = d;
                    best = i;
                }
            }
            return best;
        }
        double low = cost(draw(hash, 0), 0);
        for (int i = 1; i < n; i++) {
            double c = cost(draw(hash, i), i);
            if (c < low) {
                low = c;
                best = i;
            }
        }
        return best;
    }

    /** Bytes of the per-node arrays (seeds, and inverse weights when weights differ). */
    @Override
    public long tableBytes() {
        return 8L * seeds.length * (inverseWeights == null ? 1 : 2);
    }

    /**
     * A new router with {@code node} added; moves only the keys it wins.
     *
     * @throws DuplicateNodeException if the id is already routed to
     */
    @Override
    public WeightedRendezvousRouter<N> with(Node<N> node) {
        return new WeightedRendezvousRouter<>(plus(node));
    }

    /** {@code with(Node.of(id, weight, value))}. */
    public WeightedRendezvousRouter<N> with(String id, int weight, N value) {
        return with(Node.of(id, weight, value));
    }

    /**
     * A new router without node {@code id}; only its keys move, each to its second-best node.
     *
     * @throws UnknownNodeException if no node has this id
     */
    @Override
    public WeightedRendezvousRouter<N> without(String id) {
        return new WeightedRendezvousRouter<>(minus(indexOrThrow(id)));
    }

    /**
     * A new router where node {@code id} has weight {@code weight}; only keys between it and the
     * others move (its share changes from {@code w/W} to {@code w'/W'}).
     *
     * @throws UnknownNodeException     if no node has this id
     * @throws IllegalArgumentException if {@code weight <= 0}
     */
    @Override
    public WeightedRendezvousRouter<N> withWeight(String id, int weight) {
        return new WeightedRendezvousRouter<>(reweighted(indexOrThrow(id), weight));
    }

    @Override
    public Cursor cursor() {
        return new Cursor();
    }

    /**
     * Failover order: nodes by descending score, so each next candidate is where the key goes when
     * every earlier one is removed. {@code reset} is O(1); each {@code next} is O(N).
     */
    public final class Cursor extends HashCursor {
        private final double[] costs = new double[seeds.length];
        private long hash;
        private int emitted;

        private Cursor() {
        }

        @Override
        public Cursor resetHash(long keyHash) {
            hash = keyHash;
            emitted = 0;
            return this;
        }

        @Override
        public int next() {
            int n = costs.length;
            if (emitted == n) {
                return -1;
            }
            if (emitted == 0) {
                for (int i = 0; i < n; i++) {
                    // Equal weights: order by draw; -draw keeps "smaller wins" and is exact in a double for 53 bits.
                    costs[i] = inverseWeights == null ? -(double) draw(hash, i) : cost(draw(hash, i), i);
                }
            }
            int best = -1;
            double low = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (costs[i] < low) {
                    low = costs[i];
                    best = i;
                }
            }
            costs[best] = Double.POSITIVE_INFINITY;
            emitted++;
            return best;
        }
    }

    @Override
    public String toString() {
        return "WeightedRendezvousRouter{" + seeds.length + " nodes" + (inverseWeights == null ? "" : ", weighted") + "}";
    }
}
