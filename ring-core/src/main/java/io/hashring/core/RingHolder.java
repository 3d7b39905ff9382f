package io.hashring.core;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Publishes ring snapshots to concurrent readers. Readers route against the current snapshot
 * with one volatile read, never lock and never see a half-built ring. Writers are serialised;
 * a change that throws leaves the current snapshot in place.
 *
 * @param <N> the user's node type
 */
public final class RingHolder<N> extends ForwardingRouter<N> {

    private volatile Ring<N> current;

    /** A holder publishing {@code initial} first. */
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

    /** Publishes {@link Ring#with(Node) get().with(node)}; returns the published snapshot. */
    public Ring<N> with(Node<N> node) {
        return update(r -> r.with(node));
    }

    /** Publishes {@link Ring#without(String) get().without(id)}; returns the published snapshot. */
    public Ring<N> without(String id) {
        return update(r -> r.without(id));
    }

    /** Publishes {@link Ring#withWeight(String, int) get().withWeight(id, weight)}; returns the published snapshot. */
    public Ring<N> withWeight(String id, int weight) {
        return update(r -> r.withWeight(id, weight));
    }

    /**
     * The current snapshot. Index-level calls ({@link #indexOf} then {@link #value}) made one by
     * one may each see a different snapshot; for several calls that must agree, route on
     * {@link #get()}.
     */
    @Override
    protected Ring<N> delegate() {
        return current;
    }

    @Override
    public String toString() {
        return "RingHolder{" + current + "}";
    }
}
