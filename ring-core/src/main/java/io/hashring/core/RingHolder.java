package io.hashring.core;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Publishes ring snapshots to concurrent readers. Readers route against the current snapshot
 * with one volatile read, never lock and never see a half-built ring. Writers are serialised;
 * a change that throws leaves the current snapshot in place.
 *
 * @param <N> the user's node type
 */
public final class RingHolder<N> implements Router<N> {

    private volatile Ring<N> current;

    public RingHolder(Ring<N> initial) {
        this.current = Objects.requireNonNull(initial, "initial");
    }

    /** The current snapshot. Route several keys against one snapshot by holding on to it. */
    public Ring<N> get() {
        return current;
    }

    /**
     * Applies {@code change} to the current snapshot and publishes the result.
     *
     * @return the published snapshot
     */
    public synchronized Ring<N> update(UnaryOperator<Ring<N>> change) {
        Ring<N> next = Objects.requireNonNull(change.apply(current), "change returned null");
        current = next;
        return next;
    }

    /** Replaces the snapshot; returns the previous one. */
    public synchronized Ring<N> set(Ring<N> ring) {
        Ring<N> previous = current;
        current = Objects.requireNonNull(ring, "ring");
        return previous;
    }

    /** Adds a node; see {@link Ring#with(Node)}. */
    public Ring<N> add(Node<N> node) {
        return update(r -> r.with(node));
    }

    /** Removes a node; see {@link Ring#without(String)}. */
    public Ring<N> remove(String id) {
        return update(r -> r.without(id));
    }

    /** Changes a node's weight; see {@link Ring#withWeight(String, int)}. */
    public Ring<N> reweight(String id, int weight) {
        return update(r -> r.withWeight(id, weight));
    }

    @Override
    public N route(CharSequence key) {
        return current.route(key);
    }

    @Override
    public N route(byte[] key, int offset, int length) {
        return current.route(key, offset, length);
    }

    @Override
    public N routeHash(int hash) {
        return current.routeHash(hash);
    }

    @Override
    public List<N> candidates(CharSequence key) {
        return current.candidates(key);
    }

    @Override
    public List<N> candidates(byte[] key) {
        return current.candidates(key);
    }

    @Override
    public HashFunction hashFunction() {
        return current.hashFunction();
    }

    @Override
    public List<Node<N>> nodes() {
        return current.nodes();
    }

    @Override
    public int size() {
        return current.size();
    }

    @Override
    public String toString() {
        return "RingHolder{" + current + "}";
    }
}
