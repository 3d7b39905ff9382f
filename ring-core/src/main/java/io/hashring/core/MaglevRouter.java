package io.hashring.core;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Maglev hashing (Eisenbud et al., "Maglev: A Fast and Reliable Software Network Load Balancer",
 * NSDI 2016, section 3.4): a lookup table of {@code M} entries (M prime), filled by letting the
 * nodes take turns, each claiming the next free entry of its own permutation
 * {@code (offset + j * skip) mod M}. A key goes to entry {@code floor(hash * M / 2^64)}.
 *
 * <h2>Weights</h2>
 * Turns are given in proportion to weight: each round every node earns its weight in credit and
 * takes one entry per {@code maxWeight} of credit, so a node holds {@code M * w / W} entries up to
 * one round's rounding. Nodes take turns in id order, so placement depends on the set of (id,
 * weight) pairs and {@code M}, not on list order.
 *
 * <h2>Properties</h2>
 * Balance is near-perfect: every node's share is within {@code maxWeight / M} of its target. The
 * price is movement: a change refills the whole table, and besides the keys that must move, some
 * entries change hands between nodes that did not change (the paper's "minimal disruption" is
 * approximate; the simulator measures it). {@code M} must stay the same across a fleet's changes
 * (a new {@code M} moves almost every key) and should be at least 100 times the total weight.
 * The failover order walks the table from the key's entry (distinct nodes); it is not where the
 * key goes if its primary is removed.
 *
 * <h2>Cost</h2>
 * Lookup: one XXH64, a multiply-high and one array read. Memory: 4 bytes per entry (about 400 per
 * unit of weight at the recommended {@code M}). Building and every change: O(M log M) time.
 *
 * <h2>When it fits, and when it does not</h2>
 * Fits: load balancing where balance matters more than a few extra moved keys, and changes are
 * rare. Does not fit: caches where each extra moved key is a miss on every change, and frequent
 * changes on large tables (each rebuild is O(M log M)).
 *
 * <p>Immutable and thread-safe; routing allocates nothing.
 *
 * @param <N> the user's node type
 */
public final class MaglevRouter<N> extends HashedRouter<N> {

    /** The largest table: entries are ints. */
    static final int MAX_TABLE = 1 << 30;

    private final int tableSize;
    /** Owner index per entry. */
    private final int[] table;

    private MaglevRouter(List<Node<N>> nodes, int tableSize) {
        super(nodes);
        this.tableSize = tableSize;
        this.table = populate(nodes, tableSize);
    }

    /**
     * A router with the default table size ({@link #defaultTableSize(long)} of the total weight).
     *
     * @throws DuplicateNodeException if two nodes share an id
     */
    public static <N> MaglevRouter<N> of(Collection<Node<N>> nodes) {
        List<Node<N>> list = copyOf(nodes);
        long total = 0;
        for (Node<N> n : list) {
            total += n.weight();
        }
        return new MaglevRouter<>(list, defaultTableSize(total));
    }

    /**
     * A router with table size {@code tableSize}, which must be prime and at least the number of nodes.
     *
     * @throws IllegalArgumentException if {@code tableSize} is not a prime in {@code [2, 2^30]} or is below the node count
     */
    public static <N> MaglevRouter<N> of(int tableSize, Collection<Node<N>> nodes) {
        List<Node<N>> list = copyOf(nodes);
        if (tableSize < 2 || tableSize > MAX_TABLE || !isPrime(tableSize)) {
            throw new IllegalArgumentException("Maglev table size must be a prime in [2, 2^30], was " + tableSize);
        }
        if (tableSize < list.size()) {
            throw new IllegalArgumentException("Maglev table size " + tableSize + " is below the node count " + list.size());
        }
        return new MaglevRouter<>(list, tableSize);
    }

    /** A router over {@code host:port} ids, weight 1 each, default table size. */
    public static MaglevRouter<String> of(String... ids) {
        return of(ofIds(ids));
    }

    /** The smallest prime at least {@code 100 x totalWeight} (the paper's advice), and at least 101. */
    public static int defaultTableSize(long totalWeight) {
        if (totalWeight < 0 || totalWeight > MAX_TABLE / 100) {
            throw new IllegalArgumentException("total weight must be in [0, " + MAX_TABLE / 100 + "], was " + totalWeight);
        }
        int m = (int) Math.max(101, 100 * totalWeight);
        while (!isPrime(m)) {
            m++;
        }
        return m;
    }

    static boolean isPrime(int m) {
        if (m < 2) {
            return false;
        }
        if (m % 2 == 0) {
            return m == 2;
        }
        for (int d = 3; (long) d * d <= m; d += 2) {
            if (m % d == 0) {
                return false;
            }
        }
        return true;
    }

    private static int[] populate(List<? extends Node<?>> nodes, int m) {
        int n = nodes.size();
        int[] table = new int[m];
        if (n == 0) {
            return table;
        }
        Arrays.fill(table, -1);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(i -> nodes.get(i).id()));
        int[] position = new int[n];
        int[] skip = new int[n];
        long[] credit = new long[n];
        int[] weight = new int[n];
        int maxWeight = 1;
        for (int k = 0; k < n; k++) {
            Node<?> node = nodes.get(order[k]);
            long h = Xxh64.hash64(node.id());
            position[k] = Xxh64.reduce(Xxh64.mix(h + Xxh64.GOLDEN), m);
            skip[k] = m == 2 ? 1 : 1 + Xxh64.reduce(Xxh64.mix(h + 2 * Xxh64.GOLDEN), m - 1);
            weight[k] = node.weight();
            maxWeight = Math.max(maxWeight, weight[k]);
        }
        int filled = 0;
        while (true) {
            for (int k = 0; k < n; k++) {
                credit[k] += weight[k];
                while (credit[k] >= maxWeight) {
                    credit[k] -= maxWeight;
                    int c = position[k];
                    while (table[c] >= 0) {
                        c += skip[k];
                        if (c >= m) {
                            c -= m;
                        }
                    }
                    table[c] = order[k];
                    c += skip[k];
                    position[k] = c >= m ? c - m : c;
                    if (++filled == m) {
                        return table;
                    }
                }
            }
        }
    }

    @Override
    public int indexOfHash(long hash) {
        if (nodes.isEmpty()) {
            throw empty();
        }
        return table[Xxh64.reduce(hash, tableSize)];
    }

    /** The table size M. */
    public int tableSize() {
        return tableSize;
    }

    /** The owner index of entry {@code entry}. */
    public int entryOwner(int entry) {
        return table[entry];
    }

    /** Bytes of the lookup table (4 per entry). */
    @Override
    public long tableBytes() {
        return 4L * tableSize;
    }

    /**
     * A new router with {@code node} added, same table size; refills the table.
     *
     * @throws DuplicateNodeException   if the id is already routed to
     * @throws IllegalArgumentException if the table would have fewer entries than nodes
     */
    @Override
    public MaglevRouter<N> with(Node<N> node) {
        List<Node<N>> next = plus(node);
        if (next.size() > tableSize) {
            throw new IllegalArgumentException("Maglev table size " + tableSize + " cannot hold " + next.size() + " nodes");
        }
        return new MaglevRouter<>(next, tableSize);
    }

    /** {@code with(Node.of(id, weight, value))}. */
    public MaglevRouter<N> with(String id, int weight, N value) {
        return with(Node.of(id, weight, value));
    }

    /**
     * A new router without node {@code id}, same table size; refills the table.
     *
     * @throws UnknownNodeException if no node has this id
     */
    @Override
    public MaglevRouter<N> without(String id) {
        return new MaglevRouter<>(minus(indexOrThrow(id)), tableSize);
    }

    /**
     * A new router where node {@code id} has weight {@code weight}, same table size.
     *
     * @throws UnknownNodeException     if no node has this id
     * @throws IllegalArgumentException if {@code weight <= 0}
     */
    @Override
    public MaglevRouter<N> withWeight(String id, int weight) {
        return new MaglevRouter<>(reweighted(indexOrThrow(id), weight), tableSize);
    }

    @Override
    public Cursor cursor() {
        return new Cursor();
    }

    /** Failover order: the distinct owners of the entries from the key's entry onwards (wrapping). */
    public final class Cursor extends HashCursor {
        private final int[] stamp = new int[nodes.size()];
        private int epoch;
        private int pos;
        private int left;
        private int emitted;

        private Cursor() {
        }

        @Override
        public Cursor resetHash(long hash) {
            if (++epoch == 0) {
                Arrays.fill(stamp, 0);
                epoch = 1;
            }
            pos = nodes.isEmpty() ? 0 : Xxh64.reduce(hash, tableSize);
            left = nodes.isEmpty() ? 0 : tableSize;
            emitted = 0;
            return this;
        }

        @Override
        public int next() {
            while (left > 0 && emitted < stamp.length) {
                int owner = table[pos];
                pos = pos + 1 == tableSize ? 0 : pos + 1;
                left--;
                if (stamp[owner] != epoch) {
                    stamp[owner] = epoch;
                    emitted++;
                    return owner;
                }
            }
            return -1;
        }
    }

    @Override
    public String toString() {
        return "MaglevRouter{" + nodes.size() + " nodes, table " + tableSize + "}";
    }
}
