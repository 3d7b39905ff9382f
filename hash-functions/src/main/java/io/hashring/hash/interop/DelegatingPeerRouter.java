package io.hashring.hash.interop;

import io.hashring.core.ForwardingRouter;
import io.hashring.core.Ring;
import io.hashring.core.Router;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** A {@link PeerRouter} over a ring-core router plus the peer's failover rule. */
final class DelegatingPeerRouter extends ForwardingRouter<Server> implements PeerRouter {

    private final String mode;
    private final Router<Server> delegate;
    private final Function<CharSequence, List<Server>> failover;

    DelegatingPeerRouter(String mode, Router<Server> delegate, Function<CharSequence, List<Server>> failover) {
        this.mode = mode;
        this.delegate = delegate;
        this.failover = failover;
    }

    /** Failover = candidates (peers without their own rehash). */
    DelegatingPeerRouter(String mode, Router<Server> delegate) {
        this.mode = mode;
        this.delegate = delegate;
        this.failover = delegate::candidates;
    }

    @Override
    protected Router<Server> delegate() {
        return delegate;
    }

    /** The delegate when it is a {@link Ring} (every key is routed by it), else empty (modulo routers). */
    @Override
    public Optional<Ring<Server>> ring() {
        return delegate instanceof Ring<Server> r ? Optional.of(r) : Optional.empty();
    }

    @Override
    public List<Server> failoverSequence(CharSequence key) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        return failover.apply(key);
    }

    @Override
    public String toString() {
        return mode + ":" + delegate;
    }
}
