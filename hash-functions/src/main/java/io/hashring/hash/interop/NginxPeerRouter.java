package io.hashring.hash.interop;

import io.hashring.core.ForwardingRouter;
import io.hashring.core.NodeCursor;
import io.hashring.core.Ring;
import io.hashring.core.Router;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * nginx's upstream {@code hash $key [consistent]} around the hashing router of the mode: an empty
 * evaluated key is not hashed but handed to the upstream's smooth weighted round robin.
 *
 * <p>nginx 1.22.1 {@code src/http/modules/ngx_http_upstream_hash_module.c},
 * {@code ngx_http_upstream_get_hash_peer} and {@code ngx_http_upstream_get_chash_peer}: {@code if (hp->tries > 20
 * || hp->rrp.peers->single || hp->key.len == 0) return hp->get_rr_peer(pc, &hp->rrp);}, and
 * {@code get_rr_peer} is {@code ngx_http_upstream_get_round_robin_peer} of
 * {@code src/http/ngx_http_upstream_round_robin.c}. Its {@code ngx_http_upstream_get_peer} (smooth weighted
 * round robin): every peer not yet tried by this request, not {@code down} and not failed
 * ({@code fails >= max_fails} within {@code fail_timeout}) gets {@code current_weight += effective_weight}; the
 * largest {@code current_weight} wins (the first in configuration order on ties, the comparison is {@code >}),
 * and the winner's {@code current_weight} drops by the sum of the effective weights taken part. A failed
 * attempt ({@code ngx_http_upstream_free_round_robin_peer}) sets {@code fails++} and
 * {@code effective_weight -= weight / max_fails} (to 0 with the default {@code max_fails=1}); the next attempt of
 * the same request is another round-robin pick with the failed peer excluded.
 *
 * <p>The round-robin state lives in the upstream's peer list, one per worker process (without a {@code zone}):
 * every request of the worker reads and moves it. Hashed requests leave {@code current_weight} as it was
 * ({@code get_chash_peer} adds and subtracts the same {@code effective_weight} for a one-address server; plain
 * {@code hash} does not touch it) but mark a dead server they tried as failed, which then drops out of the
 * rotation; hashed requests that give up after 20 tries continue the same rotation.
 *
 * <p>Modelled for a fresh worker with every request within {@code fail_timeout} (10 s) of the first failure of a
 * dead server: a dead peer coming back after {@code fail_timeout} (its {@code effective_weight} growing back by
 * one per pick) is not.
 */
final class NginxPeerRouter extends ForwardingRouter<Server> implements PeerRouter {

    private final String mode;
    private final PeerRouter hashed;
    private final List<Server> servers;
    private final int[] weights;
    /** Node indexes the first empty-key request of a fresh worker tries, in order, when each one fails. */
    private final int[] emptyKeyProbes;
    private final List<Server> emptyKeyProbeServers;

    /**
     * @param hashed the mode's router for non-empty keys; its {@link #nodes()} must be {@code servers} in
     *               configuration order
     */
    NginxPeerRouter(String mode, List<Server> servers, PeerRouter hashed) {
        this.mode = mode;
        this.hashed = hashed;
        this.servers = List.copyOf(servers);
        if (hashed.size() != servers.size()) {
            throw new IllegalStateException(mode + ": router has " + hashed.size() + " nodes for " + servers.size()
                    + " servers");
        }
        this.weights = new int[servers.size()];
        for (int i = 0; i < weights.length; i++) {
            if (hashed.value(i) != servers.get(i)) {
                throw new IllegalStateException(mode + ": node " + i + " is not server " + servers.get(i));
            }
            weights[i] = servers.get(i).weight();
        }
        Worker w = new Worker();
        boolean[] none = new boolean[weights.length];
        int[] probes = new int[weights.length];
        for (int i = 0; i < probes.length; i++) {
            probes[i] = w.pick(none);
            none[probes[i]] = true;
        }
        this.emptyKeyProbes = probes;
        List<Server> s = new ArrayList<>(probes.length);
        for (int p : probes) {
            s.add(servers.get(p));
        }
        this.emptyKeyProbeServers = List.copyOf(s);
    }

    @Override
    protected Router<Server> delegate() {
        return hashed;
    }

    /** The first empty-key request of a fresh worker goes to the round robin's first pick; others are hashed. */
    @Override
    public int indexOf(CharSequence key) {
        return key.length() == 0 ? emptyKeyProbes[0] : hashed.indexOf(key);
    }

    @Override
    public int indexOf(byte[] key, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, key.length);
        return length == 0 ? emptyKeyProbes[0] : hashed.indexOf(key, offset, length);
    }

    @Override
    public Server route(CharSequence key) {
        return value(indexOf(key));
    }

    @Override
    public Server route(byte[] key, int offset, int length) {
        return value(indexOf(key, offset, length));
    }

    @Override
    public NodeCursor cursor() {
        NodeCursor inner = hashed.cursor();
        return new NodeCursor() {
            private int next = -1; // position in emptyKeyProbes, or -1 while delegating

            @Override
            public NodeCursor reset(CharSequence key) {
                next = key.length() == 0 ? 0 : -1;
                if (next < 0) {
                    inner.reset(key);
                }
                return this;
            }

            @Override
            public NodeCursor reset(byte[] key, int offset, int length) {
                Objects.checkFromIndexSize(offset, length, key.length);
                next = length == 0 ? 0 : -1;
                if (next < 0) {
                    inner.reset(key, offset, length);
                }
                return this;
            }

            @Override
            public int next() {
                if (next < 0) {
                    return inner.next();
                }
                return next < emptyKeyProbes.length ? emptyKeyProbes[next++] : -1;
            }
        };
    }

    /** For the empty key: the servers in the order the round robin tries them (see {@link #failoverSequence}). */
    @Override
    public List<Server> candidates(CharSequence key) {
        return key.length() == 0 ? emptyKeyProbeServers : hashed.candidates(key);
    }

    @Override
    public List<Server> candidates(byte[] key) {
        return key.length == 0 ? emptyKeyProbeServers : hashed.candidates(key);
    }

    /**
     * For the empty key: what the first empty-key request of a fresh worker tries when each server it tries
     * fails, every server once (nginx tries each peer of the upstream at most once per request), round-robin
     * pick by pick with the tried ones left out. Other keys: the hashing mode's sequence.
     */
    @Override
    public List<Server> failoverSequence(CharSequence key) {
        Objects.requireNonNull(key, "key is null");
        return key.length() == 0 ? emptyKeyProbeServers : hashed.failoverSequence(key);
    }

    /**
     * The first request for {@code key} of a fresh worker: for the empty key the first live server of
     * {@link #failoverSequence}; for others the hashing mode's answer, or, when none of its tries is alive, the
     * round robin nginx falls back to after 20 tries.
     */
    @Override
    public Server route(CharSequence key, Predicate<Server> alive) {
        Objects.requireNonNull(key, "key is null");
        return routeInOrder(List.of(key), alive).get(0);
    }

    /**
     * One fresh nginx worker serving {@code keys} one after another: empty keys take the next round-robin pick
     * (a dead server picked fails, is marked failed, leaves the rotation, and the request takes the next pick);
     * other keys go where the hashing mode sends them, and the dead servers they try on the way are marked failed
     * too. A request that finds no live server ends on the last server it tried (nginx answers 502).
     */
    @Override
    public List<Server> routeInOrder(List<? extends CharSequence> keys, Predicate<Server> alive) {
        Objects.requireNonNull(keys, "keys is null");
        Objects.requireNonNull(alive, "alive is null");
        Worker w = new Worker();
        List<Server> out = new ArrayList<>(keys.size());
        for (CharSequence key : keys) {
            Objects.requireNonNull(key, "keys contains null");
            if (key.length() == 0) {
                out.add(servers.get(w.roundRobin(alive)));
                continue;
            }
            Server last = null;
            for (Server s : hashed.failoverSequence(key)) {
                last = s;
                if (alive.test(s)) {
                    break;
                }
                w.fail(servers.indexOf(s));
            }
            out.add(last != null && alive.test(last) ? last : servers.get(w.roundRobin(alive)));
        }
        return out;
    }

    /** nginx's ring is the hashing ring; it routes every non-empty key as this router does. */
    @Override
    public Optional<Ring<Server>> ring() {
        return hashed.ring();
    }

    @Override
    public String toString() {
        return mode + ":" + hashed;
    }

    /** The round-robin state of one worker's upstream peer list: current and effective weights, failed peers. */
    private final class Worker {
        private final int[] current = new int[weights.length];
        private final int[] effective = weights.clone();
        private final boolean[] failed = new boolean[weights.length];

        /** ngx_http_upstream_get_peer: one smooth weighted pick among the peers not tried and not failed, or -1. */
        int pick(boolean[] tried) {
            int best = -1;
            int total = 0;
            for (int i = 0; i < weights.length; i++) {
                if (tried[i] || failed[i]) {
                    continue;
                }
                current[i] += effective[i];
                total += effective[i];
                if (effective[i] < weights[i]) {
                    effective[i]++;
                }
                if (best < 0 || current[i] > current[best]) {
                    best = i;
                }
            }
            if (best >= 0) {
                current[best] -= total;
            }
            return best;
        }

        /** ngx_http_upstream_free_round_robin_peer with NGX_PEER_FAILED and the defaults max_fails=1. */
        void fail(int i) {
            failed[i] = true;
            effective[i] = Math.max(0, effective[i] - weights[i]);
        }

        /** One request through round robin: picks until a live server, each picked dead server failing. */
        int roundRobin(Predicate<Server> alive) {
            boolean[] tried = new boolean[weights.length];
            int last = emptyKeyProbes[0];
            for (int attempt = 0; attempt < weights.length; attempt++) {
                int p = pick(tried);
                if (p < 0) {
                    break;
                }
                last = p;
                tried[p] = true;
                if (alive.test(servers.get(p))) {
                    return p;
                }
                fail(p);
            }
            return last;
        }
    }
}
