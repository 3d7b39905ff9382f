package io.hashring.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A router over 64-bit key hashes: the native routers ({@link SlotRouter}, {@link MaglevRouter},
 * {@link WeightedRendezvousRouter}) hash a key once with XXH64 (seed 0, over its UTF-8 or raw bytes) and
 * place the 64-bit value; the whole 64-bit space is the key space. Subclasses are immutable
 * snapshots, safe for concurrent use; routing allocates nothing.
 *
 * @param <N> the user's node type
 */
public abstract sealed class HashedRouter<N> implements Router<N> permits SlotRouter, MaglevRouter, WeightedRendezvousRouter {

    final List<Node<N>> nodes;
    /** nodes.get(i).value(): one array read per lookup instead of the list and the node. */
    private final Object[] values;
    final Map<String, Integer> indexById;
    final long totalWeight;

    HashedRouter(List<Node<N>> nodes) {
        // Subclasses live in this package only (sealed); the constructor validates ids once for all.
        this.nodes = Collections.unmodifiableList(nodes);
        this.values = new Object[nodes.size()];
        this.indexById = new HashMap<>(nodes.size() * 2);
        long total = 0;
        for (int i = 0; i < nodes.size(); i++) {
            Node<N> node = nodes.get(i);
            values[i] = node.value();
            total += node.weight();
            if (indexById.put(node.id(), i) != null) {
                throw new DuplicateNodeException(node.id());
            }
        }
        this.totalWeight = total;
    }

    /** A defensive copy of {@code nodes}, rejecting null elements. */
    static <N> List<Node<N>> copyOf(Collection<Node<N>> nodes) {
        Objects.requireNonNull(nodes, "nodes");
        List<Node<N>> copy = new ArrayList<>(nodes.size());
        for (Node<N> node : nodes) {
            copy.add(Objects.requireNonNull(node, "nodes contains null"));
        }
        return copy;
    }

    static List<Node<String>> ofIds(String... ids) {
        Objects.requireNonNull(ids, "ids");
        List<Node<String>> list = new ArrayList<>(ids.length);
        for (String id : ids) {
            list.add(Node.of(id));
        }
        return list;
    }

    /** The node list plus {@code node} at the end; throws before anything is built if the id is taken. */
    final List<Node<N>> plus(Node<N> node) {
        Objects.requireNonNull(node, "node");
        if (indexById.containsKey(node.id())) {
            throw new DuplicateNodeException(node.id());
        }
        List<Node<N>> next = new ArrayList<>(nodes.size() + 1);
        next.addAll(nodes);
        next.add(node);
        return next;
    }

    /** The index of node {@code id}, or {@link UnknownNodeException} listing the nodes. */
    final int indexOrThrow(String id) {
        Integer index = id == null ? null : indexById.get(id);
        if (index == null) {
            List<String> known = new ArrayList<>(nodes.size());
            nodes.forEach(n -> known.add(n.id()));
            throw new UnknownNodeException(id, known);
        }
        return index;
    }

    final List<Node<N>> minus(int index) {
        List<Node<N>> next = new ArrayList<>(nodes);
        next.remove(index);
        return next;
    }

    final List<Node<N>> reweighted(int index, int weight) {
        List<Node<N>> next = new ArrayList<>(nodes);
        next.set(index, nodes.get(index).withWeight(weight));
        return next;
    }

    /**
     * The primary node index for a 64-bit key hash (what {@link #indexOf(CharSequence)} computes
     * after hashing the key with XXH64). The whole 64-bit space is the key space.
     *
     * @throws EmptyRingException if there are no nodes
     */
    public abstract int indexOfHash(long hash);

    /**
     * A new snapshot with {@code node} appended; this one is unchanged.
     *
     * @throws DuplicateNodeException if the id is already routed to
     */
    public abstract HashedRouter<N> with(Node<N> node);

    /**
     * A new snapshot without node {@code id}; this one is unchanged.
     *
     * @throws UnknownNodeException if no node has this id
     */
    public abstract HashedRouter<N> without(String id);

    /**
     * A new snapshot where node {@code id} has weight {@code weight}; this one is unchanged.
     *
     * @throws UnknownNodeException     if no node has this id
     * @throws IllegalArgumentException if {@code weight <= 0}
     */
    public abstract HashedRouter<N> withWeight(String id, int weight);

    /** Bytes of the router's lookup arrays (what it holds apart from the node list and the id index). */
    public abstract long tableBytes();

    /** A new allocation-free failover cursor over this snapshot; see {@link NodeCursor}. */
    @Override
    public abstract HashCursor cursor();

    /**
     * The primary node index for a text key (XXH64 of its UTF-8 bytes).
     *
     * @throws NullPointerException if {@code key} is null
     * @throws EmptyRingException   if there are no nodes
     */
    @Override
    public final int indexOf(CharSequence key) {
        return indexOfHash(Xxh64.hash64(key));
    }

    /** The primary node index for {@code key[offset, offset+length)}; see {@link #indexOf(CharSequence)}. */
    @Override
    public final int indexOf(byte[] key, int offset, int length) {
        return indexOfHash(Xxh64.hash64(key, offset, length));
    }

    /** The value of node {@code index} ({@code nodes().get(index).value()}), from a flat array. */
    @Override
    @SuppressWarnings("unchecked") // values[i] is nodes.get(i).value(), an N
    public final N value(int index) {
        return (N) values[index];
    }

    /** XXH64, the key hash ({@link HashFunction#hash} gives its low 32 bits). */
    @Override
    public final HashFunction hashFunction() {
        return Xxh64.INSTANCE;
    }

    @Override
    public final List<Node<N>> nodes() {
        return nodes;
    }

    @Override
    public final int size() {
        return nodes.size();
    }

    /** Whether a node with this id is routed to. */
    public final boolean contains(String id) {
        return id != null && indexById.containsKey(id);
    }

    /** The sum of the nodes' weights. */
    public final long totalWeight() {
        return totalWeight;
    }

    final EmptyRingException empty() {
        return new EmptyRingException(getClass().getSimpleName() + " has no nodes");
    }
}
