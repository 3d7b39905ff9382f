package io.hashring.core;

/**
 * An allocation-free walk over a key's failover order as node indexes (positions in
 * {@link Router#nodes()}): after a {@code reset}, {@link #next()} yields the primary, then each next
 * distinct node, every node exactly once, then {@code -1}. On an empty router the first
 * {@code next()} is {@code -1}.
 *
 * <p>Bound to the router snapshot that made it ({@link Router#cursor()}). Not thread-safe: give
 * each thread its own (a {@code ThreadLocal} per snapshot is the usual way).
 */
public interface NodeCursor {

    /**
     * Starts over for a text key (hashed once).
     *
     * @throws NullPointerException if {@code key} is null
     */
    NodeCursor reset(CharSequence key);

    /** Starts over for {@code key[offset, offset+length)} (hashed once). */
    NodeCursor reset(byte[] key, int offset, int length);

    /** The next distinct node index, or {@code -1} when every node has been given. */
    int next();
}
