package io.hashring.core;

import java.util.List;

/**
 * A {@link Router} that forwards every call to {@link #delegate()}: extend it and override only what
 * differs. {@link RingHolder} forwards to its current snapshot; interop modes forward to the ring
 * they route with.
 *
 * @param <N> the node type
 */
public abstract class ForwardingRouter<N> implements Router<N> {

    /** Constructor for subclasses. */
    protected ForwardingRouter() {
    }

    /** The router calls go to; may change between calls (a holder's current snapshot). */
    protected abstract Router<N> delegate();

    @Override
    public int indexOf(CharSequence key) {
        return delegate().indexOf(key);
    }

    @Override
    public int indexOf(byte[] key, int offset, int length) {
        return delegate().indexOf(key, offset, length);
    }

    @Override
    public NodeCursor cursor() {
        return delegate().cursor();
    }

    @Override
    public HashFunction hashFunction() {
        return delegate().hashFunction();
    }

    @Override
    public List<Node<N>> nodes() {
        return delegate().nodes();
    }

    @Override
    public int size() {
        return delegate().size();
    }

    @Override
    public N value(int index) {
        return delegate().value(index);
    }

    @Override
    public N route(CharSequence key) {
        return delegate().route(key);
    }

    @Override
    public N route(byte[] key, int offset, int length) {
        return delegate().route(key, offset, length);
    }

    @Override
    public List<N> candidates(CharSequence key) {
        return delegate().candidates(key);
    }

    @Override
    public List<N> candidates(byte[] key) {
        return delegate().candidates(key);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{" + delegate() + "}";
    }
}
