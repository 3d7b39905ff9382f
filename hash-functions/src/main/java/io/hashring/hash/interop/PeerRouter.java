package io.hashring.hash.interop;

import io.hashring.core.Router;
import java.util.List;
import java.util.function.Predicate;

/**
 * A {@link Router} that also knows its peer's own failover order. Every router an
 * {@link InteropMode} returns is one.
 *
 * <p>{@link #candidates} is hashring's ring-order list of distinct servers; {@link #failoverSequence}
 * is what the peer itself probes when the primary is down (spymemcached's 7 rehashes, xmemcached's
 * rehash, dalli's 20 tries, python-memcached's 10, PECL memcache's {@code key-i}); peers that eject
 * dead servers and rebuild instead (libmemcached, twemproxy, pymemcache) report their candidates.
 * Both allocate the returned list: they are for the failure path, not the hot path.
 */
public interface PeerRouter extends Router<Server> {

    /**
     * The servers the peer probes for {@code key}, in order, primary first; a server may appear more
     * than once (rehashing peers can land on the same server again). Its length is the peer's number
     * of lookups (for example 7 for spymemcached's ketama, 20 for dalli).
     */
    List<Server> failoverSequence(CharSequence key);

    /**
     * The server the peer uses for {@code key} when only the servers accepted by {@code alive} are
     * up: the first alive server of {@link #failoverSequence}, or, when none is, the peer's fallback
     * (by default the primary, which the peer then fails to reach).
     */
    default Server route(CharSequence key, Predicate<Server> alive) {
        for (Server s : failoverSequence(key)) {
            if (alive.test(s)) {
                return s;
            }
        }
        return route(key);
    }
}
