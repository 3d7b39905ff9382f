package io.hashring.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps keys to nodes. What client adapters talk to; implemented by the ketama {@link Ring}, the
 * {@link ModuloRouter} baseline and the interop modes' routers. Implementations are immutable
 * snapshots (or, like {@link RingHolder}, publish immutable snapshots) and are safe for concurrent
 * use.
 *
 * <h2>Two levels</h2>
 * The <em>index level</em> is what adapters use on every operation: {@link #indexOf} hashes the
 * key once and names the owner by its position in {@link #nodes()}, and a {@link NodeCursor}
 * walks the failover order as node indexes. Neither allocates, so an adapter keeps its
 * connections in an array by node index and never maps a node value back to an index. The
 * <em>value level</em> ({@link #route}, {@link #candidates}) is built on it by default methods.
 * A wrapper extends {@link ForwardingRouter} and restates nothing.
 *
 * <p>Keys are hashed as their bytes ({@code byte[]}) or by the hash function's text contract
 * ({@link HashFunction#hash(CharSequence)}, UTF-8 by default). Routing accepts any non-null key;
 * memcached's own key rules (length, spaces, control characters) are the client layer's to check.
 *
 * @param <N> the user's node type
 */
public interface Router<N> {

    /**
     * The index in {@link #nodes()} of the node for a key. Allocates nothing.
     *
     * @throws NullPointerException if {@code key} is null
     * @throws EmptyRingException   if the router has no nodes
     */
    int indexOf(CharSequence key);

    /** The node index for {@code key[offset, offset+length)}; see {@link #indexOf(CharSequence)}. */
    int indexOf(byte[] key, int offset, int length);

    /**
     * A new cursor over this router's failover order: after {@link NodeCursor#reset}, every node
     * index exactly once, the primary ({@link #indexOf}) first, then each next distinct node in the
     * router's order (for a ring: clockwise). Creating one allocates; resetting and stepping it
     * does not. A cursor stays bound to this snapshot and is not thread-safe (one per thread).
     */
    NodeCursor cursor();

    /** The key hash this router applies. */
    HashFunction hashFunction();

    /** The nodes, in configuration order (unmodifiable); node index {@code i} is {@code nodes().get(i)}. */
    List<Node<N>> nodes();

    /** Number of nodes. */
    int size();

    /** Whether the router has no nodes (then routing throws {@link EmptyRingException}). */
    default boolean isEmpty() {
        return size() == 0;
    }

    /** The value of node {@code index}: {@code nodes().get(index).value()}. */
    default N value(int index) {
        return nodes().get(index).value();
    }

    /**
     * The node for a key: {@code value(indexOf(key))}.
     *
     * @throws NullPointerException if {@code key} is null
     * @throws EmptyRingException   if the router has no nodes
     */
    default N route(CharSequence key) {
        return value(indexOf(key));
    }

    /** The node for {@code key[offset, offset+length)}; see {@link #route(CharSequence)}. */
    default N route(byte[] key, int offset, int length) {
        return value(indexOf(key, offset, length));
    }

    /** The node for a byte key; see {@link #route(CharSequence)}. */
    default N route(byte[] key) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        return route(key, 0, key.length);
    }

    /**
     * Failover order for a key as values: what a {@link #cursor()} yields, primary first. Empty for
     * an empty router. Allocates the list (the failure path, not the hot path).
     */
    default List<N> candidates(CharSequence key) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        return collect(cursor().reset(key));
    }

    /** Failover order for a byte key; see {@link #candidates(CharSequence)}. */
    default List<N> candidates(byte[] key) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        return collect(cursor().reset(key, 0, key.length));
    }

    private List<N> collect(NodeCursor cursor) {
        List<N> out = new ArrayList<>(size());
        for (int i = cursor.next(); i >= 0; i = cursor.next()) {
            out.add(value(i));
        }
        return out;
    }
}
