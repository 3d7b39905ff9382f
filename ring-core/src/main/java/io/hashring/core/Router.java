package io.hashring.core;

import java.util.List;

/**
 * Maps keys to nodes. What client adapters talk to; implemented by the ketama {@link Ring} and by
 * the {@link ModuloRouter} baseline. Implementations are immutable snapshots (or, like
 * {@link RingHolder}, publish immutable snapshots) and are safe for concurrent use.
 *
 * <p>Routing a key allocates nothing. Keys are hashed as their bytes ({@code byte[]}) or by the
 * hash function's text contract ({@link HashFunction#hash(CharSequence)}, UTF-8 by default).
 * Routing accepts any non-null key; memcached's own key rules (length, spaces, control
 * characters) are checked by {@link MemcachedKeys}, which clients call before sending.
 *
 * @param <N> the user's node type
 */
public interface Router<N> {

    /**
     * The node for a key.
     *
     * @throws NullPointerException if {@code key} is null
     * @throws EmptyRingException   if the router has no nodes
     */
    N route(CharSequence key);

    /** The node for {@code key[offset, offset+length)}; see {@link #route(CharSequence)}. */
    N route(byte[] key, int offset, int length);

    /** The node for a byte key; see {@link #route(CharSequence)}. */
    default N route(byte[] key) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        return route(key, 0, key.length);
    }

    /**
     * The node that owns a hash value (as produced by {@link #hashFunction()}).
     *
     * @throws EmptyRingException if the router has no nodes
     */
    N routeHash(int hash);

    /**
     * Failover order for a key: every node exactly once, the primary ({@link #route}) first, then
     * each next distinct node in the router's order (for a ring: clockwise). Empty for an empty
     * router. Allocates the list; see {@link Ring#cursor()} for an allocation-free walk.
     */
    List<N> candidates(CharSequence key);

    /** Failover order for a byte key; see {@link #candidates(CharSequence)}. */
    List<N> candidates(byte[] key);

    /** The key hash this router applies. */
    HashFunction hashFunction();

    /** The nodes, in configuration order (unmodifiable). */
    List<Node<N>> nodes();

    /** Number of nodes. */
    int size();

    /** Whether the router has no nodes (then {@code route} throws {@link EmptyRingException}). */
    default boolean isEmpty() {
        return size() == 0;
    }
}
