package io.hashring.spymemcached;

import io.hashring.client.EjectionPolicy;
import io.hashring.client.EjectionState;
import io.hashring.client.FailureKind;
import io.hashring.client.Placement;
import io.hashring.client.RoutingSnapshot;
import io.hashring.client.ServerHealth;
import io.hashring.client.WarmMigration;
import io.hashring.client.WarmWindow;
import io.hashring.core.NodeCursor;
import io.hashring.core.Router;
import io.hashring.hash.interop.Server;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.spy.memcached.MemcachedNode;
import net.spy.memcached.MemcachedNodeROImpl;
import net.spy.memcached.NodeLocator;

/**
 * A spymemcached {@link NodeLocator} over the client layer's {@link RoutingSnapshot}: router,
 * configured servers, their {@link MemcachedNode}s and health, all by node index.
 *
 * <ul>
 *   <li>Node identity comes from the configured {@link Server} ({@code host:port} as written, or
 *       its name), never from DNS or {@code InetSocketAddress.toString()}.</li>
 *   <li>{@link #getPrimary} hashes the key once and reads an immutable snapshot: no lock, no
 *       allocation.</li>
 *   <li>{@link #getSequence} yields the other nodes in the router's failover order (for a ring:
 *       clockwise), each exactly once, skipping ejected nodes when failover is on; one hash of the
 *       key. spymemcached's own ketama sequence rehashes and can repeat nodes.</li>
 *   <li>Ejection ({@link EjectionPolicy}): with failover on (spymemcached's
 *       {@code FailureMode.Redistribute}), a key whose node is ejected goes to the next
 *       non-ejected node in failover order; health is kept per configured server id, so the
 *       {@linkplain #getReadonlyCopy() read-only copy} (whose nodes are
 *       {@link MemcachedNodeROImpl} wrappers) sees the same health.</li>
 *   <li>{@link #updateLocator} and the topology methods publish a new snapshot with one volatile
 *       write; a change that throws publishes nothing. With warm migration on, each published
 *       change hands the snapshot it replaced to the {@link #warm() warm-up window}.</li>
 *   <li>Warm migration routes through here too: inside {@link WarmWindow#routeTo} the calling
 *       thread's {@link #getPrimary} answers the key's owner under the given earlier snapshot
 *       (spymemcached calls it on the caller's thread while queueing, also per key of a bulk get,
 *       so a bulk read of old servers is one bulk per old server), and {@link #getSequence} is
 *       empty (an old server that is down is not replaced by another).</li>
 * </ul>
 * Thread-safe.
 */
public final class HashringNodeLocator implements NodeLocator {

    private final boolean failover;
    private final boolean readOnly;
    private volatile RoutingSnapshot<MemcachedNode> snapshot;
    /** Null in a read-only copy (it never follows changes or overrides). */
    private final WarmWindow<MemcachedNode> warm;

    /**
     * A locator over {@code nodes}, where {@code nodes.get(i)} is the connection to
     * {@code servers.get(i)}.
     *
     * @param failover whether keys of ejected nodes move to the next node (spymemcached's
     *                 {@code Redistribute}); with {@code Retry} or {@code Cancel} keys never move
     */
    public HashringNodeLocator(List<Server> servers, List<MemcachedNode> nodes, Placement placement,
                               EjectionPolicy policy, boolean failover) {
        this(servers, nodes, placement, new ServerHealth(policy), failover, WarmMigration.off());
    }

    /** As {@link #HashringNodeLocator(List, List, Placement, EjectionPolicy, boolean)}, with warm migration. */
    public HashringNodeLocator(List<Server> servers, List<MemcachedNode> nodes, Placement placement,
                               EjectionPolicy policy, boolean failover, WarmMigration warmMigration) {
        this(servers, nodes, placement, new ServerHealth(policy), failover, warmMigration);
    }

    /** A locator keeping health in {@code health} (shared with the client's health thread and listeners). */
    public HashringNodeLocator(List<Server> servers, List<MemcachedNode> nodes, Placement placement,
                               ServerHealth health, boolean failover) {
        this(servers, nodes, placement, health, failover, WarmMigration.off());
    }

    /** The full constructor: health in {@code health}, warm migration as given. */
    public HashringNodeLocator(List<Server> servers, List<MemcachedNode> nodes, Placement placement,
                               ServerHealth health, boolean failover, WarmMigration warmMigration) {
        Objects.requireNonNull(servers, "servers");
        Objects.requireNonNull(nodes, "nodes");
        if (servers.size() != nodes.size()) {
            throw new IllegalArgumentException(servers.size() + " servers but " + nodes.size() + " connections");
        }
        Map<String, MemcachedNode> byId = new HashMap<>();
        for (int i = 0; i < servers.size(); i++) {
            byId.put(servers.get(i).id(), nodes.get(i));
        }
        this.failover = failover;
        this.readOnly = false;
        this.snapshot = checked(RoutingSnapshot.of(placement, servers, s -> byId.get(s.id()), Objects.requireNonNull(health, "health")));
        this.warm = new WarmWindow<>(warmMigration, () -> this.snapshot);
    }

    private HashringNodeLocator(RoutingSnapshot<MemcachedNode> snapshot, boolean failover) {
        this.failover = failover;
        this.readOnly = true;
        this.snapshot = snapshot;
        this.warm = null;
    }

    // ------------------------------------------------------------------ NodeLocator

    @Override
    public MemcachedNode getPrimary(String k) {
        RoutingSnapshot<MemcachedNode> old = warm == null ? null : warm.override();
        if (old != null) {
            return old.connection(old.indexOf(k));
        }
        RoutingSnapshot<MemcachedNode> s = snapshot;
        return s.connection(s.route(k, failover));
    }

    @Override
    public Iterator<MemcachedNode> getSequence(String k) {
        if (warm != null && warm.override() != null) {
            return Collections.emptyIterator();
        }
        RoutingSnapshot<MemcachedNode> s = snapshot;
        List<MemcachedNode> out = new ArrayList<>(s.size());
        NodeCursor c = s.candidates(k);
        int primary = -1;
        for (int j = c.next(); j >= 0; j = c.next()) {
            boolean usable = !(failover && s.isEjected(j));
            if (primary < 0 && (usable || !failover)) {
                primary = j; // what getPrimary returns
            } else if (usable) {
                out.add(s.connection(j));
            }
        }
        return Collections.unmodifiableList(out).iterator();
    }

    /**
     * The routed nodes, plus the nodes a {@link #replace} is connecting before its swap:
     * spymemcached only finishes a connect for a node whose address {@code getAll()} lists.
     */
    @Override
    public Collection<MemcachedNode> getAll() {
        List<MemcachedNode> s = staged;
        if (s.isEmpty()) {
            return snapshot.connections();
        }
        List<MemcachedNode> all = new ArrayList<>(snapshot.connections());
        all.addAll(s);
        return Collections.unmodifiableList(all);
    }

    /** Nodes being connected for a {@link #replace}, not routed to yet. */
    private volatile List<MemcachedNode> staged = List.of();

    /** Lists {@code nodes} in {@link #getAll()} (so spymemcached connects them) without routing to them. */
    public synchronized void stage(List<MemcachedNode> nodes) {
        checkWritable();
        staged = List.copyOf(nodes);
    }

    /** Forgets staged nodes (the replace was applied or abandoned). */
    public synchronized void unstage() {
        staged = List.of();
    }

    /**
     * A copy whose nodes are {@link MemcachedNodeROImpl} wrappers (what
     * {@code MemcachedClient.getNodeLocator()} hands out). It routes like this locator's current
     * snapshot and shares its health.
     */
    @Override
    public NodeLocator getReadonlyCopy() {
        RoutingSnapshot<MemcachedNode> s = snapshot;
        return new HashringNodeLocator(s.withConnections(server -> new MemcachedNodeROImpl(s.connection(s.indexOfId(server.id())))),
                failover);
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
        RoutingSnapshot<MemcachedNode> s = snapshot;
        List<Server> servers = new ArrayList<>(nodes.size());
        Map<String, MemcachedNode> byId = new HashMap<>();
        for (MemcachedNode n : nodes) {
            int i = indexAt(s, n.getSocketAddress());
            Server server = i >= 0 ? s.server(i) : serverOf(n.getSocketAddress());
            servers.add(server);
            byId.put(server.id(), n);
        }
        snapshot = checked(s.replacing(servers, server -> byId.get(server.id())));
        warm.changed(s);
    }

    // ------------------------------------------------------------------ topology

    /**
     * Adds a server with its connection; publishes a new snapshot.
     *
     * @throws IllegalArgumentException if a server with its id is configured or the placement rejects it
     */
    public synchronized void add(Server server, MemcachedNode node) {
        checkWritable();
        RoutingSnapshot<MemcachedNode> before = snapshot;
        snapshot = checked(before.adding(server, node));
        warm.changed(before);
    }

    /** What {@link #replace} unpublished: the snapshot it replaced, removed servers' nodes, re-addressed servers' old nodes. */
    public record Replaced(RoutingSnapshot<MemcachedNode> before, List<MemcachedNode> removed, List<MemcachedNode> stale) {
    }

    /**
     * Checks that the client could change to {@code servers}, where {@code fresh} gives the new
     * address of each added or re-addressed server: the placement accepts the list and no two
     * servers share an address. Changes nothing.
     *
     * @throws IllegalArgumentException naming the reason
     */
    public void checkReplace(List<Server> servers, Map<String, ? extends SocketAddress> fresh) {
        RoutingSnapshot<MemcachedNode> s = snapshot;
        s.replacing(servers, x -> null);
        Map<SocketAddress, String> seen = new HashMap<>();
        for (Server server : servers) {
            SocketAddress a = fresh.containsKey(server.id()) ? fresh.get(server.id())
                    : s.connection(s.indexOfId(server.id())).getSocketAddress();
            String other = seen.put(a, server.id());
            if (other != null) {
                throw new IllegalArgumentException("servers '" + other + "' and '" + server.id() + "' share the address " + a);
            }
        }
    }

    /**
     * Publishes one snapshot over {@code servers}: servers in {@code fresh} (added or re-addressed)
     * get their new node, the others keep theirs. Removed servers' health is forgotten.
     *
     * @throws IllegalArgumentException if the placement rejects the list or two servers share an address
     */
    public synchronized Replaced replace(List<Server> servers, Map<String, MemcachedNode> fresh) {
        checkWritable();
        RoutingSnapshot<MemcachedNode> before = snapshot;
        RoutingSnapshot<MemcachedNode> next = checked(before.replacing(servers,
                s -> fresh.containsKey(s.id()) ? fresh.get(s.id()) : before.connection(before.indexOfId(s.id()))));
        List<MemcachedNode> removed = new ArrayList<>();
        List<MemcachedNode> stale = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            String id = before.server(i).id();
            if (!next.contains(id)) {
                removed.add(before.connection(i));
            } else if (fresh.containsKey(id)) {
                stale.add(before.connection(i));
            }
        }
        snapshot = next;
        staged = List.of();
        for (int i = 0; i < before.size(); i++) {
            if (!next.contains(before.server(i).id())) {
                before.healthBook().forget(before.server(i).id());
            }
        }
        warm.changed(before);
        return new Replaced(before, removed, stale);
    }

    /**
     * Checks that {@code server} could be added (its id is new and the placement accepts the grown
     * topology) without changing anything: lets the connection validate before it opens a socket.
     */
    public void checkAddable(Server server) {
        snapshot.adding(server, null);
    }

    /**
     * Removes server {@code id}; publishes a new snapshot.
     *
     * @return the removed server's connection
     * @throws io.hashring.core.UnknownNodeException if no server has this id
     */
    public synchronized MemcachedNode remove(String id) {
        checkWritable();
        RoutingSnapshot<MemcachedNode> s = snapshot;
        MemcachedNode removed = s.connection(s.indexOfId(id));
        snapshot = s.removing(id);
        s.healthBook().forget(id);
        warm.changed(s);
        return removed;
    }

    /** Changes server {@code id}'s weight; publishes a new snapshot. */
    public synchronized void reweight(String id, int weight) {
        checkWritable();
        RoutingSnapshot<MemcachedNode> before = snapshot;
        snapshot = before.reweighting(id, weight);
        warm.changed(before);
    }

    /**
     * The warm-up window of this locator's client (off unless the builder turned warm migration on).
     *
     * @throws UnsupportedOperationException on a read-only copy
     */
    public WarmWindow<MemcachedNode> warm() {
        checkWritable();
        return warm;
    }

    /** The configured servers, in configuration order. */
    public List<Server> servers() {
        return snapshot.servers();
    }

    /** The current router snapshot (routes to {@link Server}s). */
    public Router<Server> router() {
        return snapshot.router();
    }

    /** The current routing snapshot (router, nodes and health by node index). */
    public RoutingSnapshot<MemcachedNode> snapshot() {
        return snapshot;
    }

    /** The health of server {@code id}. */
    public EjectionState health(String id) {
        RoutingSnapshot<MemcachedNode> s = snapshot;
        return s.health(s.indexOfId(id));
    }

    /** The configured server behind a connection, or null if the address is not (or no longer) configured. */
    public Server serverOf(MemcachedNode node) {
        RoutingSnapshot<MemcachedNode> s = snapshot;
        int i = indexAt(s, node.getSocketAddress());
        return i < 0 ? null : s.server(i);
    }

    /** Reports a failure (lost connection, failed connect) for the node at this address; unknown addresses are ignored. */
    public void recordFailure(SocketAddress address) {
        recordFailure(address, FailureKind.CONNECTION_LOST);
    }

    /** Reports a failure of this kind for the node at this address; unknown addresses are ignored. */
    public void recordFailure(SocketAddress address, FailureKind kind) {
        RoutingSnapshot<MemcachedNode> s = snapshot;
        int i = indexAt(s, address);
        if (i >= 0) {
            s.health(i).recordFailure(kind);
        }
    }

    /**
     * Checks that a server at {@code address} could be added: its id is new, no configured server
     * has this address, and the placement accepts the grown topology. Changes nothing.
     *
     * @throws IllegalArgumentException naming the duplicate id or address, or the placement's reason
     */
    public void checkAddable(Server server, SocketAddress address) {
        RoutingSnapshot<MemcachedNode> s = snapshot;
        s.adding(server, null); // a duplicate id first, with the message both adapters give
        int i = indexAt(s, address);
        if (i >= 0) {
            throw new IllegalArgumentException("server '" + server.id() + "': address " + address
                    + " is already configured as server '" + s.server(i).id() + "'");
        }
    }

    /** Reports a success (connection established) for the node at this address. */
    public void recordSuccess(SocketAddress address) {
        RoutingSnapshot<MemcachedNode> s = snapshot;
        int i = indexAt(s, address);
        if (i >= 0) {
            s.health(i).recordSuccess();
        }
    }

    /** The placement in use. */
    public Placement placement() {
        return snapshot.placement();
    }

    @Override
    public String toString() {
        RoutingSnapshot<MemcachedNode> s = snapshot;
        return "HashringNodeLocator{" + s.placement() + ", " + s.servers() + (readOnly ? ", read-only" : "") + "}";
    }

    // ------------------------------------------------------------------ internals

    private void checkWritable() {
        if (readOnly) {
            throw new UnsupportedOperationException("this is a read-only copy of the locator");
        }
    }

    /** Node index of the connection at {@code address}, or -1. Linear: for failure events, not per operation. */
    private static int indexAt(RoutingSnapshot<MemcachedNode> s, SocketAddress address) {
        for (int i = 0; i < s.size(); i++) {
            if (s.connection(i).getSocketAddress().equals(address)) {
                return i;
            }
        }
        return -1;
    }

    /** Two servers must not share one socket address: spymemcached reports health by address. */
    private static RoutingSnapshot<MemcachedNode> checked(RoutingSnapshot<MemcachedNode> s) {
        Map<SocketAddress, String> seen = new HashMap<>();
        for (int i = 0; i < s.size(); i++) {
            MemcachedNode n = s.connection(i);
            if (n == null) {
                throw new IllegalStateException("no connection for server '" + s.server(i).id() + "'");
            }
            String other = seen.put(n.getSocketAddress(), s.server(i).id());
            if (other != null) {
                throw new IllegalArgumentException("servers '" + other + "' and '" + s.server(i).id()
                        + "' share the address " + n.getSocketAddress());
            }
        }
        return s;
    }

    private static Server serverOf(SocketAddress address) {
        if (address instanceof InetSocketAddress isa) {
            return new Server(isa.getHostString(), isa.getPort(), 1, null);
        }
        throw new IllegalArgumentException("cannot derive a server from address " + address);
    }
}
