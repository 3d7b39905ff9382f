package io.hashring.spymemcached;

import io.hashring.client.ClientTopology;
import io.hashring.client.HashringClient;
import io.hashring.client.EjectionState;
import io.hashring.client.RoutingSnapshot;
import io.hashring.client.WarmStats;
import io.hashring.client.WarmWindow;
import io.hashring.client.TopologyChange;
import io.hashring.client.HealthMonitor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import io.hashring.core.Router;
import io.hashring.hash.interop.Server;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.CASValue;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.MemcachedNode;
import net.spy.memcached.internal.BulkFuture;
import net.spy.memcached.internal.OperationFuture;
import net.spy.memcached.transcoders.Transcoder;

/**
 * spymemcached's own {@link MemcachedClient}, routed by hashring, plus runtime topology changes
 * (which spymemcached itself lacks). Everything else is spymemcached's behaviour. Build one with
 * {@link HashringSpymemcached#builder()}.
 *
 * <p>Keys are checked as memcached's text protocol requires ({@link io.hashring.client.MemcachedKeys})
 * before anything is sent, also in bulk gets: a forbidden key fails the whole call with an
 * {@code IllegalArgumentException} and no server sees any of its keys.
 *
 * <h2>Warm migration</h2>
 * Built with {@code warmMigration(...)}, every topology change opens a warm-up window
 * ({@link io.hashring.client.WarmWindow}): {@link #get(String, Transcoder)}, {@link #gets(String, Transcoder)}
 * and every synchronous {@code getBulk} route by the new ring; a key that misses there and whose
 * old server differs is read from the old server (a bulk get asks each old server once, for all
 * its keys), returned, and copied to the new server with {@code add} (expiry: the copy TTL cap;
 * spymemcached cannot read a value's remaining TTL). Writes invalidate old servers
 * ({@link HashringConnection}). The asynchronous gets ({@code asyncGet}, {@code asyncGets},
 * {@code asyncGetBulk}) route by the new ring only: a moved key they miss is a miss. Counters:
 * {@link #warmStats()}.
 *
 * <p>Thread-safe, like {@code MemcachedClient}; topology changes are serialised.
 */
public class HashringMemcachedClient extends MemcachedClient implements HashringClient {

    private final HashringConnectionFactory factory;
    private final ClientTopology topology = new ClientTopology() {
        @Override
        public List<Server> servers() {
            return HashringMemcachedClient.this.servers();
        }

        @Override
        public Router<Server> router() {
            return HashringMemcachedClient.this.router();
        }

        @Override
        public EjectionState health(String id) {
            return HashringMemcachedClient.this.health(id);
        }

        @Override
        public void add(Server server) throws IOException {
            addServer(server);
        }

        @Override
        public void remove(String id) {
            removeServer(id);
        }

        @Override
        public void reweight(String id, int weight) {
            setServerWeight(id, weight);
        }

        @Override
        public TopologyChange replace(List<Server> servers) throws IOException {
            return replaceServers(servers);
        }
    };

    private final HealthMonitor monitor;

    protected HashringMemcachedClient(HashringConnectionFactory factory) throws IOException {
        super(factory, factory.addresses());
        this.factory = factory;
        this.monitor = factory.health().policy().isEnabled() ? HealthMonitor.start(new HealthMonitor.Binding() {
            @Override
            public RoutingSnapshot<?> snapshot() {
                return connection().hashringLocator().snapshot();
            }

            @Override
            public void poll() {
                connection().pollTimeouts();
            }
        }, factory.ledger(), Duration.ofMillis(Math.max(1, factory.getOperationTimeout()))) : null;
    }

    /** The membership applying a source's versions to this client (null without one); closed at shutdown first. */
    private volatile io.hashring.client.membership.Membership membership;

    void closeAtShutdown(io.hashring.client.membership.Membership m) {
        this.membership = m;
    }

    /** The membership that applies its source's server lists to this client, or null if it was built without one. */
    public io.hashring.client.membership.Membership membership() {
        return membership;
    }

    /** The membership's (it stops applying first), spymemcached's shutdown (every {@code shutdown} variant ends here), then the health thread's. */
    @Override
    public boolean shutdown(long timeout, TimeUnit unit) {
        io.hashring.client.membership.Membership ms = membership;
        if (ms != null) {
            ms.close();
        }
        try {
            return super.shutdown(timeout, unit);
        } finally {
            if (monitor != null) {
                monitor.close();
            }
        }
    }

    /**
     * spymemcached's bulk get (every {@code getBulk}/{@code asyncGetBulk} variant ends here), with each
     * key checked before any is sent ({@link HashringConnection#checkKey}). The keys are checked as
     * spymemcached's loop reads them; its operations are only queued after the loop, so a bad key
     * means nothing was sent.
     */
    @Override
    public <T> BulkFuture<Map<String, T>> asyncGetBulk(Iterator<String> keyIter, Iterator<Transcoder<T>> tcIter) {
        HashringConnection c = connection();
        return super.asyncGetBulk(new Iterator<String>() {
            @Override
            public boolean hasNext() {
                return keyIter.hasNext();
            }

            @Override
            public String next() {
                return c.checkKey(keyIter.next());
            }
        }, tcIter);
    }

    private HashringConnection connection() {
        return (HashringConnection) mconn;
    }

    private WarmWindow<MemcachedNode> warm() {
        return connection().hashringLocator().warm();
    }

    /** spymemcached's get; while a warm-up window is open a miss of a moved key is read from its old server and copied. */
    @Override
    public <T> T get(String key, Transcoder<T> tc) {
        T v = super.get(key, tc);
        WarmWindow<MemcachedNode> w = warm();
        if (v != null || !w.enabled() || w.inScope() || !w.isOpen()) {
            return v;
        }
        return warmRead(w, key, tc);
    }

    @SuppressWarnings("try") // a WarmWindow scope is a thread-local marker: the body never names it
    private <T> T warmRead(WarmWindow<MemcachedNode> w, String key, Transcoder<T> tc) {
        RoutingSnapshot<MemcachedNode> now = connection().hashringLocator().snapshot();
        return w.readThrough(now, key, HashringConnection::usable, (old, k) -> {
            try (WarmWindow<MemcachedNode>.Scope s = w.routeTo(old.snapshot())) {
                return super.get(k, tc);
            }
        }, (values, exp) -> copy(w, values, exp, tc));
    }

    /** Copies with {@code add} (never replacing a value) to each key's own server if it is up, all queued at once; the keys stored. */
    @SuppressWarnings("try") // a WarmWindow scope is a thread-local marker: the body never names it
    private <T> Collection<String> copy(WarmWindow<MemcachedNode> w, Map<String, T> values, int exp, Transcoder<T> tc)
            throws Exception {
        Map<String, OperationFuture<Boolean>> futures = new LinkedHashMap<>();
        RoutingSnapshot<MemcachedNode> now = connection().hashringLocator().snapshot();
        // routed to each key's own server (no failover): a copy on a failover server would escape later invalidations
        try (WarmWindow<MemcachedNode>.Scope s = w.routeTo(now)) {
            values.forEach((k, v) -> {
                int owner = now.indexOf(k);
                if (now.connection(owner).isActive() && !now.isEjected(owner)) {
                    futures.put(k, super.add(k, exp, v, tc));
                }
            });
        }
        List<String> stored = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(operationTimeout);
        for (Map.Entry<String, OperationFuture<Boolean>> e : futures.entrySet()) {
            long left = Math.max(1, deadline - System.nanoTime());
            try {
                if (Boolean.TRUE.equals(e.getValue().get(left, TimeUnit.NANOSECONDS))) {
                    stored.add(e.getKey());
                }
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException failed) {
                // not stored: counted as a conflict-free failure by the window
            }
        }
        return stored;
    }

    /**
     * spymemcached's gets; while a warm-up window is open a miss of a moved key is copied from its
     * old server first, then read again from the new one (so the CAS id is the new server's).
     */
    @Override
    public <T> CASValue<T> gets(String key, Transcoder<T> tc) {
        CASValue<T> v = super.gets(key, tc);
        WarmWindow<MemcachedNode> w = warm();
        if (v != null || !w.enabled() || w.inScope() || !w.isOpen()) {
            return v;
        }
        return warmRead(w, key, tc) == null ? null : super.gets(key, tc);
    }

    /**
     * spymemcached's synchronous bulk get (every {@code getBulk} variant ends here); while a
     * warm-up window is open the keys that missed are read from their old servers, one bulk per
     * old server, and copied.
     */
    @Override
    @SuppressWarnings("try") // a WarmWindow scope is a thread-local marker: the body never names it
    public <T> Map<String, T> getBulk(Iterator<String> keyIter, Transcoder<T> tc) {
        WarmWindow<MemcachedNode> w = warm();
        if (!w.enabled() || w.inScope()) {
            return super.getBulk(keyIter, tc);
        }
        List<String> keys = new ArrayList<>();
        keyIter.forEachRemaining(keys::add);
        Map<String, T> got = super.getBulk(keys.iterator(), tc);
        if (got.size() >= keys.size() || !w.isOpen()) {
            return got;
        }
        List<String> missed = new ArrayList<>();
        for (String k : keys) {
            if (!got.containsKey(k)) {
                missed.add(k);
            }
        }
        RoutingSnapshot<MemcachedNode> now = connection().hashringLocator().snapshot();
        Map<String, T> old = w.readThroughAll(now, missed, HashringConnection::usable, (snapshot, ks) -> {
            try (WarmWindow<MemcachedNode>.Scope s = w.routeTo(snapshot)) {
                return super.getBulk(ks.iterator(), tc);
            }
        }, (values, exp) -> copy(w, values, exp, tc));
        if (old.isEmpty()) {
            return got;
        }
        Map<String, T> out = new HashMap<>(got);
        out.putAll(old);
        return out;
    }

    /** What warm migration has done so far. */
    @Override
    public WarmStats warmStats() {
        return warm().stats();
    }

    /** Ends the warm-up window now; removed servers are then disconnected. */
    @Override
    public void endWarmup() {
        warm().endWarmup();
    }

    /**
     * Adds a server given as {@code HOST:PORT[:WEIGHT[:NAME]]}: connects, then routes its share of
     * keys to it.
     *
     * @throws IllegalArgumentException for a malformed spec or a server already configured
     */
    public void addServer(String spec) throws IOException {
        addServer(Server.parse(spec));
    }

    /** Adds a server; see {@link #addServer(String)}. Validates before it connects: a rejected server opens no socket. */
    public void addServer(Server server) throws IOException {
        connection().addServer(server);
    }

    /**
     * Removes server {@code id} ({@code host:port} as configured, or its name): routes its keys to
     * their next node, lets its in-flight operations finish (at most the operation timeout), then
     * disconnects. See {@link HashringConnection#removeServer}.
     *
     * @throws io.hashring.core.UnknownNodeException if no server has this id
     */
    public void removeServer(String id) {
        connection().removeServer(id);
    }

    /**
     * Changes to a whole new server list as one routing change; see {@link ClientTopology#replace}
     * and {@link HashringConnection#replaceServers}.
     */
    public TopologyChange replaceServers(List<Server> servers) throws IOException {
        return connection().replaceServers(servers);
    }

    /** Changes server {@code id}'s weight; keys move according to the placement. */
    public void setServerWeight(String id, int weight) {
        connection().hashringLocator().reweight(id, weight);
    }

    /** The configured servers, in configuration order. */
    public List<Server> servers() {
        return connection().hashringLocator().servers();
    }

    /** The current routing snapshot: which server a key belongs to, without ejection. */
    public Router<Server> router() {
        return connection().hashringLocator().router();
    }

    /** Server {@code id}'s health under the ejection policy. */
    public EjectionState health(String id) {
        return connection().hashringLocator().health(id);
    }

    /** The servers and runtime changes, as {@link ClientTopology} (the same calls as this client's). */
    @Override
    public ClientTopology topology() {
        return topology;
    }

    /** The locator in use (the live one, not a read-only copy). */
    public HashringNodeLocator locator() {
        return connection().hashringLocator();
    }

    /** The connection factory this client was built with. */
    public HashringConnectionFactory connectionFactory() {
        return factory;
    }
}
