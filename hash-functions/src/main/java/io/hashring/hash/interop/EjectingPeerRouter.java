package io.hashring.hash.interop;

import io.hashring.core.ForwardingRouter;
import io.hashring.core.Ring;
import io.hashring.core.Router;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A peer that ejects dead servers and rebuilds its placement from the live ones, instead of walking
 * to the next server: libmemcached with auto-eject ({@code MEMCACHED_BEHAVIOR_REMOVE_FAILED_SERVERS} /
 * {@code AUTO_EJECT_HOSTS}: {@code update_continuum} skips servers whose {@code next_retry} is in the
 * future and renormalises the weights over the rest) and twemproxy with {@code auto_eject_hosts: true}
 * ({@code ketama_update} / {@code modula_update} count only live servers and their weight).
 *
 * <p>With unequal weights (and for libmemcached's float formula even with some equal-weight server
 * counts) the rebuilt placement gives every live server a different number of points, so keys of
 * live servers move too: {@link #route(CharSequence, Predicate)} is the rebuilt placement's answer,
 * which is not in general the first live server of a walk.
 *
 * <p>Healthy-cluster routing ({@link #route(CharSequence)}, {@link #indexOf}, {@link #cursor()}) is the
 * full placement's. A rebuilt placement is made on first use for each set of live servers, costs
 * {@code O(P log P)} for {@code P} points, and the last {@value #REMEMBERED_SUBSETS} distinct sets
 * are remembered. Immutable and thread-safe.
 */
final class EjectingPeerRouter extends ForwardingRouter<Server> implements PeerRouter {

    static final int REMEMBERED_SUBSETS = 64;

    private final String mode;
    private final List<Server> servers;
    private final PeerRouter full;
    private final Function<List<Server>, PeerRouter> rebuild;
    private final Map<BitSet, PeerRouter> rebuilt = new ConcurrentHashMap<>();

    /**
     * @param servers the configured servers, configuration order
     * @param rebuild builds the peer's placement over a non-empty subset of {@code servers}, kept in
     *                configuration order (the same {@link Server} objects)
     */
    EjectingPeerRouter(String mode, List<Server> servers, Function<List<Server>, PeerRouter> rebuild) {
        this.mode = mode;
        this.servers = List.copyOf(servers);
        this.rebuild = rebuild;
        this.full = rebuild.apply(this.servers);
    }

    @Override
    protected Router<Server> delegate() {
        return full;
    }

    @Override
    public Optional<Ring<Server>> ring() {
        return full.ring();
    }

    /**
     * Where the peer sends {@code key} once it has ejected every server {@code alive} rejects: the
     * placement rebuilt over the accepted servers. When no server is alive the peer has nothing to
     * send to; this returns the primary, which it cannot reach.
     */
    @Override
    public Server route(CharSequence key, Predicate<Server> alive) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        BitSet live = new BitSet(servers.size());
        for (int i = 0; i < servers.size(); i++) {
            if (alive.test(servers.get(i))) {
                live.set(i);
            }
        }
        return live.isEmpty() ? full.route(key) : over(live).route(key);
    }

    /**
     * Where {@code key} goes as the servers it lands on die one after another: the primary, then the
     * owner in the placement rebuilt without the primary, then without both, and so on; every server
     * once.
     */
    @Override
    public List<Server> failoverSequence(CharSequence key) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        List<Server> out = new ArrayList<>(servers.size());
        BitSet live = new BitSet(servers.size());
        live.set(0, servers.size());
        while (!live.isEmpty()) {
            Server s = over(live).route(key);
            out.add(s);
            live.clear(servers.indexOf(s));
        }
        return out;
    }

    private PeerRouter over(BitSet live) {
        if (live.cardinality() == servers.size()) {
            return full;
        }
        PeerRouter r = rebuilt.get(live);
        if (r == null) {
            List<Server> subset = new ArrayList<>(live.cardinality());
            for (int i = live.nextSetBit(0); i >= 0; i = live.nextSetBit(i + 1)) {
                subset.add(servers.get(i));
            }
            r = rebuild.apply(subset);
            if (rebuilt.size() >= REMEMBERED_SUBSETS) {
                rebuilt.clear();
            }
            rebuilt.put((BitSet) live.clone(), r);
        }
        return r;
    }

    @Override
    public String toString() {
        return mode + ":" + full + " (ejects dead servers and rebuilds)";
    }
}
