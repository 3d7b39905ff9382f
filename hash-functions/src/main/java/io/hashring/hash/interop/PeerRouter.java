package io.hashring.hash.interop;

import io.hashring.core.Ring;
import io.hashring.core.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A {@link Router} that also knows its peer's own failover order. Every router an
 * {@link InteropMode} returns is one.
 *
 * <p>{@link #candidates} is hashring's ring-order list of distinct servers; {@link #failoverSequence}
 * is what the peer itself probes when the primary is down (spymemcached's 7 rehashes, xmemcached's
 * rehash, dalli's 20 tries, python-memcached's 10, PECL memcache's {@code key-i}, Cache::Memcached's
 * 20). Peers without failover (libmemcached without auto-eject, twemproxy with
 * {@code auto_eject_hosts: false}, gomemcache, Cache::Memcached::Fast) report the primary alone: they
 * keep sending a dead server's keys to it. Peers that eject dead servers and rebuild (the
 * {@code *-auto-eject} modes) answer {@link #route(CharSequence, Predicate)} from the placement rebuilt
 * over the live servers, which can move keys of live servers too; their sequence is where a key goes
 * as each server it lands on dies in turn. Pymemcache re-elects among the rest (its candidates).
 * Both allocate the returned list: they are for the failure path, not the hot path.
 *
 * <p>Implementations are immutable and thread-safe.
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
     * up (once its failure detection has settled): by default the first alive server of
     * {@link #failoverSequence}, or, when none is, the peer's fallback (by default the primary, which
     * the peer then fails to reach). Ejecting peers override it with their rebuilt placement.
     */
    default Server route(CharSequence key, Predicate<Server> alive) {
        for (Server s : failoverSequence(key)) {
            if (alive.test(s)) {
                return s;
            }
        }
        return route(key);
    }

    /**
     * Where successive requests end when one fresh peer process serves {@code keys} one after another and
     * only the servers accepted by {@code alive} are up: element {@code i} is the server request {@code i}
     * ends on. By default each key's {@link #route(CharSequence, Predicate) route(key, alive)}: the peer's
     * choice depends on the key and the live servers only. nginx's {@code hash} modes override it: they do
     * not hash an empty key but give it the worker's next smooth weighted round-robin pick, so with
     * {@code keys} = W empty keys (W = the total weight) it is one full round-robin cycle, and the n-th
     * empty-key request of a worker goes to element {@code n mod W}. Allocates the list.
     *
     * @throws NullPointerException if {@code keys}, one of them, or {@code alive} is null
     */
    default List<Server> routeInOrder(List<? extends CharSequence> keys, Predicate<Server> alive) {
        if (keys == null || alive == null) {
            throw new NullPointerException(keys == null ? "keys is null" : "alive is null");
        }
        List<Server> out = new ArrayList<>(keys.size());
        for (CharSequence key : keys) {
            if (key == null) {
                throw new NullPointerException("keys contains null");
            }
            out.add(route(key, alive));
        }
        return out;
    }

    /**
     * The ring-core {@link Ring} this router routes with, when the peer's placement <em>is</em> a
     * ring: then {@code ring().get().route(key)} equals {@link #route(CharSequence) route(key)} for
     * every key (for nginx-consistent every non-empty key: nginx does not hash the empty key), and {@link Ring#shares()} / {@link Ring#diff} describe the peer exactly (node ids
     * are the peer's point-key identities, node values the configured {@link Server}s).
     *
     * <p>Empty for peers whose placement is not a plain ring walk: rendezvous/election
     * (pymemcache, xmemcached-election), PECL memcache's 1024-bucket table over a ring (the key hash
     * is quantised, so the ring's arcs are not the peer's shares), and modulo routers. Constant
     * time, no allocation beyond the {@code Optional}; the ring is immutable and thread-safe.
     */
    default Optional<Ring<Server>> ring() {
        return Optional.empty();
    }
}
