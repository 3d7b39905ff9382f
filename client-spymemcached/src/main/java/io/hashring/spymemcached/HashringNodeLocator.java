package io.hashring.spymemcached;

import io.hashring.client.EjectionPolicy;
import io.hashring.client.EjectionState;
import io.hashring.core.NodeCursor;
import io.hashring.core.Ring;
import io.hashring.core.Router;
import io.hashring.core.UnknownNodeException;
import io.hashring.client.Placement;
import io.hashring.hash.interop.Server;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import net.spy.memcached.MemcachedNode;
import net.spy.memcached.MemcachedNodeROImpl;
import net.spy.memcached.NodeLocator;

/**
 * A spymemcached {@link NodeLocator} backed by a hashring {@link Router}.
 *
 * <ul>
 *   <li>Node identity comes from the configured {@link Server} ({@code host:port} as written, or
 *       its name), never from DNS or {@code InetSocketAddress.toString()}.</li>
 *   <li>{@link #getPrimary} hashes the key once and reads an immutable snapshot: no lock, no
 *       allocation while the key's node is not ejected.</li>
 *   <li>{@link #getSequence} yields the other nodes in the router's failover order (for a ring:
 *       clockwise), each exactly once, skipping ejected nodes when failover is on. spymemcached's
 *       own ketama sequence rehashes and can repeat nodes.</li>
 *   <li>Ejection ({@link EjectionPolicy}): with failover on (spymemcached's
 *       {@code FailureMode.Redistribute}), a key whose node is ejected goes to the next
 *       non-ejected node in failover order; health is kept per configured address, so the
 *       {@linkplain #getReadonlyCopy() read-only copy} (whose nodes are
 *       {@link MemcachedNodeROImpl} wrappers) sees the same health.</li>
 *   <li>{@link #updateLocator} and the topology methods publish a new snapshot with one volatile
 *       write.</li>
 * </ul>
 * Thread-safe.
 */
public final class HashringNodeLocator implements NodeLocator {

    private final Placement placement;
    private final EjectionPolicy policy;
    private final boolean failover;
    private final boolean readOnly;
    /** Health by node id; shared with read-only copies. */
    private final Map<String, EjectionState> health;
    private volatile Snapshot snapshot;

    /**
     * A locator over {@code nodes}, where {@code nodes.get(i)} is the connection to
     * {@code servers.get(i)}.
     *
     * @param failover whether keys of ejected nodes move to the next node (spymemcached's
     *                 {@code Redistribute}); with {@code Retry} or {@code Cancel} keys never move
     */
    public HashringNodeLocator(List<Server> servers, List<MemcachedNode> nodes, Placement placement,
                               EjectionPolicy policy, boolean failover) {
        this(placement, policy, failover, false, new ConcurrentHashMap<>());
        Objects.requireNonNull(servers, "servers");
        Objects.requireNonNull(nodes, "nodes");
        if (servers.size() != nodes.size()) {
            throw new IllegalArgumentException(servers.size() + " servers but " + nodes.size() + " connections");
        }
        this.snapshot = build(servers, nodes);
    }

    private HashringNodeLocator(Placement placement, EjectionPolicy policy, boolean failover, boolean readOnly,
                                Map<String, EjectionState> health) {
        this.placement = Objects.requireNonNull(placement, "placement");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.failover = failover;
        this.readOnly = readOnly;
        this.health = health;
    }

    // ------------------------------------------------------------------ NodeLocator

    @Override
    public MemcachedNode getPrimary(String k) {
        Snapshot s = snapshot;
        int idx = s.router.indexOf(k);
        if (!failover || !s.health[idx].isEjected()) {
            return s.nodes[idx];
        }
        return s.firstNotEjected(k, idx);
    }

    @Override
    public Iterator<MemcachedNode> getSequence(String k) {
        Snapshot s = snapshot;
        MemcachedNode primary = getPrimary(k);
        List<MemcachedNode> out = new ArrayList<>(s.nodes.length);
        for (Server server : s.router.candidates(k)) {
            int i = s.indexOf(server);
            MemcachedNode n = s.nodes[i];
            if (n != primary && !(failover && s.health[i].isEjected())) {
                out.add(n);
            }
        }
        return Collections.unmodifiableList(out).iterator();
    }

    @Override
    public Collection<MemcachedNode> getAll() {
        return snapshot.all;
    }

    /**
     * A copy whose nodes are {@link MemcachedNodeROImpl} wrappers (what
     * {@code MemcachedClient.getNodeLocator()} hands out). It routes like this locator's current
     * snapshot and shares its health (keyed by configured address).
     */
    @Override
    public NodeLocator getReadonlyCopy() {
        Snapshot s = snapshot;
        MemcachedNode[] ro = new MemcachedNode[s.nodes.length];
        for (int i = 0; i < ro.length; i++) {
            ro[i] = new MemcachedNodeROImpl(s.nodes[i]);
        }
        HashringNodeLocator copy = new HashringNodeLocator(placement, policy, failover, true, health);
        copy.snapshot = new Snapshot(s.router, s.servers, ro, s.health);
        return copy;
    }

    /**
     * Publishes a snapshot over {@code nodes}: nodes whose address is already known keep their
     * configured identity; an unknown address becomes a server {@code host:port} from its
     * unresolved host string, weight 1.
     *
     * @throws UnsupportedOperationException on a read-only copy
     */
    @Override
    public synchronized void updateLocator(List<MemcachedNode> nodes) {
        checkWritable();
        Snapshot s = snapshot;
        List<Server> servers = new ArrayList<>(nodes.size());
        for (MemcachedNode n : nodes) {
            Integer i = s.byAddress.get(n.getSocketAddress());
            servers.add(i != null ? s.servers.get(i) : serverOf(n.getSocketAddress()));
        }
        snapshot = build(servers, nodes);
    }

    // ------------------------------------------------------------------ topology

    /** Adds a server with its connection; publishes a new snapshot. */
    public synchronized void add(Server server, MemcachedNode node) {
        checkWritable();
        Snapshot s = snapshot;
        String id = server.id();
        for (Server existing : s.servers) {
            if (existing.id().equals(id)) {
                throw new IllegalArgumentException("server '" + id + "' is already configured");
            }
        }
        List<Server> servers = new ArrayList<>(s.servers);
        servers.add(server);
        List<MemcachedNode> nodes = new ArrayList<>(Arrays.asList(s.nodes));
        nodes.add(node);
        snapshot = build(servers, nodes);
    }

    /**
     * Removes server {@code id}; publishes a new snapshot.
     *
     * @return the removed server's connection
     * @throws UnknownNodeException if no server has this id
     */
    public synchronized MemcachedNode remove(String id) {
        checkWritable();
        Snapshot s = snapshot;
        int index = s.indexOfId(id);
        List<Server> servers = new ArrayList<>(s.servers);
        servers.remove(index);
        List<MemcachedNode> nodes = new ArrayList<>(Arrays.asList(s.nodes));
        MemcachedNode removed = nodes.remove(index);
        snapshot = build(servers, nodes);
        health.remove(id);
        return removed;
    }

    /** Changes server {@code id}'s weight; publishes a new snapshot. */
    public synchronized void reweight(String id, int weight) {
        checkWritable();
        Snapshot s = snapshot;
        int index = s.indexOfId(id);
        Server old = s.servers.get(index);
        List<Server> servers = new ArrayList<>(s.servers);
        servers.set(index, new Server(old.host(), old.port(), weight, old.name()));
        snapshot = build(servers, Arrays.asList(s.nodes));
    }

    /** The configured servers, in configuration order. */
    public List<Server> servers() {
        return snapshot.servers;
    }

    /** The current router snapshot (routes to {@link Server}s). */
    public Router<Server> router() {
        return snapshot.router;
    }

    /** The health of server {@code id}. */
    public EjectionState health(String id) {
        Snapshot s = snapshot;
        return s.health[s.indexOfId(id)];
    }

    /** The configured server behind a connection, or null if the address is not (or no longer) configured. */
    public Server serverOf(MemcachedNode node) {
        Snapshot s = snapshot;
        Integer i = s.byAddress.get(node.getSocketAddress());
        return i == null ? null : s.servers.get(i);
    }

    /** Reports a failure (lost connection, failed connect) for the node at this address; unknown addresses are ignored. */
    public void recordFailure(SocketAddress address) {
        EjectionState st = stateAt(address);
        if (st != null) {
            st.recordFailure();
        }
    }

    /** Reports a success (connection established) for the node at this address. */
    public void recordSuccess(SocketAddress address) {
        EjectionState st = stateAt(address);
        if (st != null) {
            st.recordSuccess();
        }
    }

    private EjectionState stateAt(SocketAddress address) {
        Snapshot s = snapshot;
        Integer i = s.byAddress.get(address);
        return i == null ? null : s.health[i];
    }

    /** The placement in use. */
    public Placement placement() {
        return placement;
    }

    @Override
    public String toString() {
        Snapshot s = snapshot;
        return "HashringNodeLocator{" + placement + ", " + s.servers + (readOnly ? ", read-only" : "") + "}";
    }

    // ------------------------------------------------------------------ internals

    private void checkWritable() {
        if (readOnly) {
            throw new UnsupportedOperationException("this is a read-only copy of the locator");
        }
    }

    private static Server serverOf(SocketAddress address) {
        if (address instanceof java.net.InetSocketAddress isa) {
            return new Server(isa.getHostString(), isa.getPort(), 1, null);
        }
        throw new IllegalArgumentException("cannot derive a server from address " + address);
    }

    private Snapshot build(List<Server> servers, List<MemcachedNode> nodes) {
        Router<Server> router = placement.router(List.copyOf(servers));
        // Index the router's node order; the router may reorder or copy the servers.
        List<Server> ordered = new ArrayList<>(router.size());
        MemcachedNode[] byIndex = new MemcachedNode[router.size()];
        EjectionState[] states = new EjectionState[router.size()];
        Map<Server, Integer> given = new HashMap<>();
        for (int i = 0; i < servers.size(); i++) {
            given.put(servers.get(i), i);
        }
        for (int i = 0; i < router.size(); i++) {
            Server s = router.nodes().get(i).value();
            Integer g = given.get(s);
            if (g == null) {
                throw new IllegalStateException("placement " + placement + " returned unknown server " + s);
            }
            ordered.add(s);
            byIndex[i] = nodes.get(g);
            states[i] = health.computeIfAbsent(s.id(), id -> policy.newState());
        }
        return new Snapshot(router, List.copyOf(ordered), byIndex, states);
    }

    /** One immutable view: router, its servers, their connections and health, all by router index. */
    private static final class Snapshot {
        final Router<Server> router;
        final List<Server> servers;
        final MemcachedNode[] nodes;
        final EjectionState[] health;
        final Map<Server, Integer> byIdentity = new IdentityHashMap<>();
        final Map<Server, Integer> byValue = new HashMap<>();
        final Map<SocketAddress, Integer> byAddress = new HashMap<>();
        final Collection<MemcachedNode> all;
        final ThreadLocal<NodeCursor> cursors;

        Snapshot(Router<Server> router, List<Server> servers, MemcachedNode[] nodes, EjectionState[] health) {
            this.router = router;
            this.servers = servers;
            this.nodes = nodes;
            this.health = health;
            for (int i = 0; i < servers.size(); i++) {
                byIdentity.put(servers.get(i), i);
                byValue.put(servers.get(i), i);
                SocketAddress a = nodes[i].getSocketAddress();
                if (byAddress.put(a, i) != null) {
                    throw new IllegalArgumentException("two servers share the address " + a + ": " + servers);
                }
            }
            this.all = Collections.unmodifiableList(Arrays.asList(nodes.clone()));
            this.cursors = ThreadLocal.withInitial(router::cursor);
        }

        int indexOf(Server s) {
            Integer i = byIdentity.get(s);
            if (i == null) {
                i = byValue.get(s);
            }
            return i;
        }

        int indexOfId(String id) {
            for (int i = 0; i < servers.size(); i++) {
                if (servers.get(i).id().equals(id)) {
                    return i;
                }
            }
            List<String> ids = new ArrayList<>();
            servers.forEach(s -> ids.add(s.id()));
            throw new UnknownNodeException(id, ids);
        }

        /** The first node in failover order that is not ejected; the primary if all are. */
        MemcachedNode firstNotEjected(String key, int primary) {
            NodeCursor c = cursors.get().reset(key);
            for (int j = c.next(); j >= 0; j = c.next()) {
                if (!health[j].isEjected()) {
                    return nodes[j];
                }
            }
            return nodes[primary];
        }
    }
}
