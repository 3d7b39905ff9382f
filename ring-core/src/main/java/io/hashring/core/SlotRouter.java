package io.hashring.core;

import java.util.Collection;
import java.util.List;

/**
 * A router for fleets whose clients all use hashring, where one process owns the router's history
 * (the client layer's mode {@link NativeRouting#MODE} is {@link WeightedRendezvousRouter}: see
 * "Identity" below for why): a fixed
 * table of {@code capacity} slots, each free or held by one node, and a key probes pseudo-random
 * slots until it hits a held one. This is DxHash's scheme (Dong and Wang, "DxHash: A Scalable
 * Consistent Hash Based on the Pseudo-Random Sequence", arXiv:2107.07930): a key's probe sequence
 * depends on the key and the capacity only, so adding or removing a node moves exactly the keys
 * it gains or loses, and any node can leave.
 *
 * <h2>How</h2>
 * The key's 64-bit XXH64 hash is the first probe, {@code floor(hash * capacity / 2^64)}, and
 * seeds a SplitMix64 stream for the next ones: probe {@code k >= 1} is slot
 * {@code floor(mix(hash + k * golden) * capacity / 2^64)}. A node of weight {@code w} holds
 * {@code w} slots, taken along a linear path from a slot derived from its id (the first free
 * ones). Every held slot receives the same share of probes, so a node's expected share is exactly
 * {@code w / totalWeight}, with no virtual-point variance: key-space imbalance is that of a
 * uniform hash. The failover order is the rest of the probe sequence (distinct nodes): the
 * second candidate is precisely where the key goes if its primary is removed.
 *
 * <h2>Identity</h2>
 * A removed node leaves a tombstone (a 31-bit tag of its id) in its free slots; re-adding the same
 * id takes those slots back first, so removing a server and re-adding it puts exactly its keys
 * back, even after other changes, unless another node took one of its free slots meanwhile. Two
 * ids sharing a starting slot are placed in the order they arrive, so a router changed by
 * {@link #with}/{@link #without} can differ from one built from scratch over the resulting list
 * where two ids' paths crossed; give every client the same list in the same order (a topology
 * file) when they must agree, or keep snapshots derived from one another.
 *
 * <h2>Cost</h2>
 * Lookup: one XXH64 of the key, then on average {@code capacity / totalWeight} probes (each a
 * multiply-high and one array read, after the first also a multiply-xorshift mix); between 2 and 4 with the default
 * capacity, more after many removals. Memory: 4 bytes per slot ({@code int[capacity]}), 8 to 16
 * bytes per unit of weight with the default capacity. Building and every change: O(capacity).
 * A weight change from {@code w} to {@code w'} moves only the keys of the {@code |w - w'|} slots
 * it takes or frees: the minimum.
 *
 * <h2>When it fits, and when it does not</h2>
 * Fits: a fleet of any size where every client routes with hashring, servers come and go in any
 * order, and balance matters (no over-provisioning for a lucky server). Does not fit: sharing a
 * cluster with clients of other libraries (use an interop {@link RingConfig}); a fleet that grows
 * past its capacity (a change that needs more slots than the capacity rebuilds with a larger
 * capacity and moves almost every key, so size the capacity for the largest fleet you expect, for
 * example {@code 2 x} the peak total weight); fractional weights (weights are whole slots); a
 * fleet shrunk to a small fraction of its capacity (lookups probe {@code capacity / totalWeight}
 * slots on average).
 *
 * <p>Immutable and thread-safe; routing allocates nothing.
 *
 * @param <N> the user's node type
 */
public final class SlotRouter<N> extends HashedRouter<N> {

    /** A slot nobody has held: ends a node's path (the node took the first free slot before it). */
    private static final int NEVER_HELD = 0x80000000;
    /** Held slots are {@code >= 0} (the owner's index); free slots that were held are {@code 0x80000000 | tag}, tag != 0. */
    private static final int FREE_BIT = 0x80000000;
    /** The smallest default capacity. */
    private static final int MIN_CAPACITY = 16;
    /** The largest capacity: slots are ints, and the probe reduction takes an int range. */
    static final int MAX_CAPACITY = 1 << 30;

    private final int capacity;
    /** Per slot: owner index (held), {@link #NEVER_HELD}, or FREE_BIT | tombstone tag. */
    private final int[] slots;
    private final int held;
    /** Probes before the deterministic sweep takes over: e^-64 odds of ever reaching it. */
    private final int probeLimit;

    private SlotRouter(List<Node<N>> nodes, int capacity, int[] slots) {
        super(nodes);
        this.capacity = capacity;
        this.slots = slots;
        this.held = (int) totalWeight;
        this.probeLimit = held == 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, 64L * ((capacity + held - 1) / held) + 64);
    }

    /**
     * A router over {@code nodes} with the default capacity ({@link #defaultCapacity(long)} of their
     * total weight); the nodes claim slots in list order.
     *
     * @throws DuplicateNodeException if two nodes share an id
     * @throws IllegalArgumentException if the total weight exceeds 2^29
     */
    public static <N> SlotRouter<N> of(Collection<Node<N>> nodes) {
        List<Node<N>> list = copyOf(nodes);
        return build(list, defaultCapacity(sum(list)));
    }

    /**
     * A router with an explicit capacity, to size for the largest fleet you expect (every client
     * of a fleet must use the same capacity).
     *
     * @throws IllegalArgumentException if {@code capacity} is outside {@code [1, 2^30]} or below the total weight
     */
    public static <N> SlotRouter<N> of(int capacity, Collection<Node<N>> nodes) {
        List<Node<N>> list = copyOf(nodes);
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be in [1, 2^30], was " + capacity);
        }
        long total = sum(list);
        if (total > capacity) {
            throw new IllegalArgumentException("capacity " + capacity + " is below the total weight " + total
                    + " (a node of weight w holds w slots)");
        }
        return build(list, capacity);
    }

    /** A router over {@code host:port} ids, weight 1 each, default capacity. */
    public static SlotRouter<String> of(String... ids) {
        return of(ofIds(ids));
    }

    /**
     * The default capacity for a total weight: the power of two at least twice the weight, at least
     * 16. So a fleet keeps its capacity (and its placement) while its weight stays in one power-of-two
     * band, and a default-built router can take up to its weight again before it must grow.
     */
    public static int defaultCapacity(long totalWeight) {
        if (totalWeight < 0 || totalWeight > MAX_CAPACITY / 2) {
            throw new IllegalArgumentException("total weight must be in [0, 2^29], was " + totalWeight);
        }
        long c = Math.max(MIN_CAPACITY, Long.highestOneBit(Math.max(1, 2 * totalWeight - 1)) << 1);
        return (int) c;
    }

    private static long sum(List<? extends Node<?>> nodes) {
        long total = 0;
        for (Node<?> n : nodes) {
            total += n.weight();
        }
        return total;
    }

    private static <N> SlotRouter<N> build(List<Node<N>> nodes, int capacity) {
        int[] slots = new int[capacity];
        java.util.Arrays.fill(slots, NEVER_HELD);
        for (int i = 0; i < nodes.size(); i++) {
            Node<N> node = nodes.get(i);
            claim(slots, Xxh64.hash64(node.id()), node.weight(), i);
        }
        return new SlotRouter<>(nodes, capacity, slots);
    }

    /** The slot a node's path starts at. */
    private static int start(long idHash, int capacity) {
        return Xxh64.reduce(Xxh64.mix(idHash + Xxh64.GOLDEN), capacity);
    }

    /** The tombstone a node leaves in the slots it frees: FREE_BIT plus a non-zero 31-bit tag of its id. */
    private static int tombstone(long idHash) {
        int tag = (int) (Xxh64.mix(idHash + 2 * Xxh64.GOLDEN) >>> 33);
        return FREE_BIT | (tag == 0 ? 1 : tag);
    }

    /**
     * Gives node {@code owner} {@code count} more slots along its path: first the free slots that
     * carry its tombstone (before the first never-held slot), then the first free ones.
     * The caller has checked that enough slots are free.
     */
    private static void claim(int[] slots, long idHash, int count, int owner) {
        int capacity = slots.length;
        int mine = tombstone(idHash);
        int start = start(idHash, capacity);
        int left = count;
        int p = start;
        for (int step = 0; step < capacity && left > 0; step++) {
            int s = slots[p];
            if (s == NEVER_HELD) {
                break;
            }
            if (s == mine) {
                slots[p] = owner;
                left--;
            }
            p = p + 1 == capacity ? 0 : p + 1;
        }
        p = start;
        for (int step = 0; step < capacity && left > 0; step++) {
            if (slots[p] < 0) {
                slots[p] = owner;
                left--;
            }
            p = p + 1 == capacity ? 0 : p + 1;
        }
        if (left > 0) {
            throw new IllegalStateException("no free slot left for node #" + owner + " (capacity " + capacity + ")");
        }
    }

    @Override
    public int indexOfHash(long hash) {
        int[] s = slots;
        int c = capacity;
        int owner = s[Xxh64.reduce(hash, c)];
        if (owner >= 0) {
            return owner;
        }
        long state = hash;
        for (int k = probeLimit - 1; k > 0; k--) {
            state += Xxh64.GOLDEN;
            owner = s[Xxh64.reduce(Xxh64.mix(state), c)];
            if (owner >= 0) {
                return owner;
            }
        }
        return sweep(hash);
    }

    /** The fallback after {@link #probeLimit} misses (or on an empty router): the first held slot at or after the last probe. */
    private int sweep(long hash) {
        if (held == 0) {
            throw empty();
        }
        int p = probeLimit <= 1 ? Xxh64.reduce(hash, capacity) : Xxh64.reduce(Xxh64.mix(hash + (probeLimit - 1L) * Xxh64.GOLDEN), capacity);
        while (slots[p] < 0) {
            p = p + 1 == capacity ? 0 : p + 1;
        }
        return slots[p];
    }

    /** The slot count; fixed for this router and every router derived from it until a change needs more slots. */
    public int capacity() {
        return capacity;
    }

    /** The owner index of slot {@code slot}, or -1 if the slot is free. */
    public int slotOwner(int slot) {
        int s = slots[slot];
        return s < 0 ? -1 : s;
    }

    /** Bytes of the lookup table (4 per slot), the router's memory apart from the node list. */
    @Override
    public long tableBytes() {
        return 4L * capacity;
    }

    // ------------------------------------------------------------------ changes

    /**
     * A new router with {@code node} appended: it takes {@code weight} slots (its old ones first, if
     * it was here before and they are still free). Moves only the keys of those slots. If the free
     * slots do not suffice, rebuilds with {@link #defaultCapacity} of the new total weight, which
     * moves almost every key.
     *
     * @throws DuplicateNodeException if the id is already routed to
     */
    @Override
    public SlotRouter<N> with(Node<N> node) {
        List<Node<N>> next = plus(node);
        if (totalWeight + node.weight() > capacity) {
            return build(next, defaultCapacity(totalWeight + node.weight()));
        }
        int[] s = slots.clone();
        claim(s, Xxh64.hash64(node.id()), node.weight(), next.size() - 1);
        return new SlotRouter<>(next, capacity, s);
    }

    /** {@code with(Node.of(id, weight, value))}. */
    public SlotRouter<N> with(String id, int weight, N value) {
        return with(Node.of(id, weight, value));
    }

    /**
     * A new router without node {@code id}: its slots become free (with its tombstone) and only its
     * keys move, each to its next candidate.
     *
     * @throws UnknownNodeException if no node has this id
     */
    @Override
    public SlotRouter<N> without(String id) {
        int gone = indexOrThrow(id);
        int mark = tombstone(Xxh64.hash64(id));
        int[] s = slots.clone();
        for (int p = 0; p < s.length; p++) {
            int owner = s[p];
            if (owner == gone) {
                s[p] = mark;
            } else if (owner > gone) {
                s[p] = owner - 1;
            }
        }
        return new SlotRouter<>(minus(gone), capacity, s);
    }

    /**
     * A new router where node {@code id} has weight {@code weight}: it takes or frees the
     * difference in slots. A decrease frees the last slots on the node's path, tombstoned, so a
     * change back takes the same slots again; an increase takes the first free slots on the path,
     * which a change back frees again unless slots before them were freed in between. Moves only the
     * keys of those slots; a change needing more slots than are free rebuilds like {@link #with}.
     *
     * @throws UnknownNodeException     if no node has this id
     * @throws IllegalArgumentException if {@code weight <= 0}
     */
    @Override
    public SlotRouter<N> withWeight(String id, int weight) {
        int index = indexOrThrow(id);
        Node<N> old = nodes.get(index);
        List<Node<N>> next = reweighted(index, weight);
        long total = totalWeight - old.weight() + weight;
        if (total > capacity) {
            return build(next, defaultCapacity(total));
        }
        int[] s = slots.clone();
        long idHash = Xxh64.hash64(id);
        if (weight > old.weight()) {
            claim(s, idHash, weight - old.weight(), index);
        } else if (weight < old.weight()) {
            release(s, idHash, old.weight(), old.weight() - weight, index);
        }
        return new SlotRouter<>(next, capacity, s);
    }

    /** Frees the last {@code count} of the {@code weight} slots node {@code owner} holds along its path. */
    private static void release(int[] s, long idHash, int weight, int count, int owner) {
        int capacity = s.length;
        int[] found = new int[weight];
        int n = 0;
        int p = start(idHash, capacity);
        for (int step = 0; step < capacity && n < weight; step++) {
            if (s[p] == owner) {
                found[n++] = p;
            }
            p = p + 1 == capacity ? 0 : p + 1;
        }
        int mark = tombstone(idHash);
        for (int i = n - 1; i >= n - count && i >= 0; i--) {
            s[found[i]] = mark;
        }
    }

    @Override
    public Cursor cursor() {
        return new Cursor();
    }

    /**
     * Failover order: the key's probe sequence, skipping free slots and nodes already given; so each
     * next candidate is where the key goes when every earlier one is removed. After about
     * {@code 2 x capacity x log2(N)} probes (twice the coupon-collector expectation), the remaining
     * nodes follow in slot order from the last probe.
     */
    public final class Cursor extends HashCursor {
        private final int[] stamp = new int[nodes.size()];
        private int epoch;
        private long state;
        private int emitted;
        /** Probes left before sweeping; the full walk is bounded by this plus one pass over the slots. */
        private int probes;
        private int probed;
        private int lastProbe;
        private int sweepPos;
        private int sweepLeft;

        private Cursor() {
        }

        @Override
        public Cursor resetHash(long hash) {
            if (++epoch == 0) {
                java.util.Arrays.fill(stamp, 0);
                epoch = 1;
            }
            state = hash;
            probed = 0;
            lastProbe = held == 0 ? 0 : Xxh64.reduce(hash, capacity);
            emitted = 0;
            // The primary search is indexOfHash's exactly (same probes, same sweep after probeLimit).
            probes = probeLimit;
            sweepLeft = -1;
            return this;
        }

        @Override
        public int next() {
            int n = nodes.size();
            if (emitted == n) {
                return -1;
            }
            int[] s = slots;
            while (probes > 0) {
                probes--;
                int owner = s[probe()];
                if (owner >= 0 && stamp[owner] != epoch) {
                    return give(owner);
                }
            }
            if (sweepLeft < 0) {
                sweepPos = lastProbe;
                sweepLeft = capacity;
            }
            while (sweepLeft > 0) {
                int owner = s[sweepPos];
                sweepPos = sweepPos + 1 == capacity ? 0 : sweepPos + 1;
                sweepLeft--;
                if (owner >= 0 && stamp[owner] != epoch) {
                    return give(owner);
                }
            }
            return -1;
        }

        /** The next slot of the probe sequence: the key hash itself first, then the mixed stream. */
        private int probe() {
            if (probed++ == 0) {
                lastProbe = Xxh64.reduce(state, capacity);
            } else {
                state += Xxh64.GOLDEN;
                lastProbe = Xxh64.reduce(Xxh64.mix(state), capacity);
            }
            return lastProbe;
        }

        private int give(int owner) {
            stamp[owner] = epoch;
            if (emitted++ == 0 && sweepLeft < 0) {
                // Coupon collector: all N nodes take about capacity * ln N probes; allow twice that.
                probes = (int) Math.min(Integer.MAX_VALUE, probes + 2L * capacity * (65 - Long.numberOfLeadingZeros(nodes.size())));
            }
            return owner;
        }
    }

    @Override
    public String toString() {
        return "SlotRouter{" + nodes.size() + " nodes, " + held + " of " + capacity + " slots held}";
    }
}
