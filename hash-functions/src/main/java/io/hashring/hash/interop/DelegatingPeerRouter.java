package io.hashring.hash.interop;

import io.hashring.core.ForwardingRouter;
import io.hashring.core.Ring;
import io.hashring.core.Router;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/** A {@link PeerRouter} over a ring-core router plus the peer's failover rule. */
final class DelegatingPeerRouter extends ForwardingRouter<Server> implements PeerRouter {

    private final String mode;
    private final Router<Server> delegate;
    private final Function<CharSequence, List<Server>> failover;
    private final Server whenAllDead;

    DelegatingPeerRouter(String mode, Router<Server> delegate, Function<CharSequence, List<Server>> failover) {
        this(mode, delegate, failover, null);
    }

    /**
     * @param whenAllDead the server the peer falls back to when no server of the failover sequence is
     *                    alive, or null for the primary (the {@link PeerRouter} default)
     */
    DelegatingPeerRouter(String mode, Router<Server> delegate, Function<CharSequence, List<Server>> failover,
                         Server whenAllDead) {
        this.mode = mode;
        this.delegate = delegate;
        this.failover = failover;
        this.whenAllDead = whenAllDead;
    }

    /** Failover = candidates (peers without their own rehash). */
    DelegatingPeerRouter(String mode, Router<Server> delegate) {
        this.mode = mode;
        this.delegate = delegate;
        this.failover = delegate::candidates;
        this.whenAllDead = null;
    }

    @Override
    public Server route(CharSequence key, Predicate<Server> alive) {
        if (whenAllDead == null) {
            return PeerRouter.super.route(key, alive);
        }
        for (Server s : failoverSequence(key)) {
            if (alive.test(s)) {
                return s;
            }
        }
        return whenAllDead;
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
