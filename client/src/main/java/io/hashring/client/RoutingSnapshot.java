package io.hashring.client;

import io.hashring.core.NodeCursor;
import io.hashring.core.Router;
import io.hashring.core.UnknownNodeException;
import io.hashring.hash.interop.Server;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * One immutable routing view of a client: the router over the configured servers, and per router
 * node index the {@link Server}, the client's connection handle for it ({@code C}: a spymemcached
 * node, an xmemcached session group) and its health. Both adapters route every operation through
 * one: {@link #indexOf} hashes the key once and everything else is an array read by that index,
 * so no adapter maps a routed value back to an index or hashes a key twice.
 *
 * <p>Changes ({@link #adding}, {@link #removing}, {@link #reweighting}, {@link #withConnections})
 * return a new snapshot and validate everything first (a duplicate id, an unknown id, a weight or a
 * topology the placement rejects): when they throw, nothing was changed anywhere, so a client that
 * publishes only what they return is all-or-nothing by construction. Health is kept by server id in
 * a {@link ServerHealth} shared by a client's snapshots; a removed server's state is forgotten by
 * the caller once the removal is published.
 *
 * <p>Thread-safe. Routing ({@link #indexOf}, {@link #route}, {@link #firstUsable}) allocates
 * nothing once the calling thread has used this snapshot.
 *
 * @param <C> the client's connection handle type
 */
public final class RoutingSnapshot<C> {

    private final Placement placement;
    private final ServerHealth health;
    private final Router<Server> router;
    /** As configured (configuration order), which the router may reorder (twemproxy sorts by name). */
    private final List<Server> configured;
    private final Server[] servers;
    private final Object[] connections;
    private final EjectionState[] states;
    private final Map<String, Integer> indexById;
    private final ThreadLocal<NodeCursor> cursors;

    private RoutingSnapshot(Placement placement, ServerHealth health, Router<Server> router, List<Server> configured,
                            Function<? super Server, ? extends C> connectionOf) {
        this.placement = placement;
        this.health = health;
        this.router = router;
        this.configured = configured;
        int n = router.size();
        this.servers = new Server[n];
        this.connections = new Object[n];
        this.states = new EjectionState[n];
        this.indexById = new HashMap<>(Math.max(16, n * 2));
        for (int i = 0; i < n; i++) {
            Server s = router.value(i);
            servers[i] = s;
            if (indexById.put(s.id(), i) != null) {
                throw new IllegalStateException("placement " + placement + " returned server '" + s.id() + "' twice");
            }
        }
        for (Server s : configured) {
            if (!indexById.containsKey(s.id())) {
                throw new IllegalStateException("placement " + placement + " dropped server '" + s.id() + "'");
            }
        }
        for (int i = 0; i < n; i++) {
            connections[i] = connectionOf.apply(servers[i]);
        }
        for (int i = 0; i < n; i++) {
            states[i] = health.stateOf(servers[i].id());
        }
        this.cursors = ThreadLocal.withInitial(router::cursor);
    }

    /**
     * A snapshot over {@code servers} (configuration order) placed by {@code placement}, with
     * {@code connectionOf} giving each server's connection handle.
     *
     * @throws IllegalArgumentException if two servers share an id, or the placement rejects the
     *                                  servers (its message names the reason)
     */
    public static <C> RoutingSnapshot<C> of(Placement placement, List<Server> servers,
                                            Function<? super Server, ? extends C> connectionOf, ServerHealth health) {
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(connectionOf, "connectionOf");
        Objects.requireNonNull(health, "health");
        List<Server> copy = List.copyOf(Objects.requireNonNull(servers, "servers"));
        Map<String, Server> seen = new HashMap<>();
        for (Server s : copy) {
            if (seen.putIfAbsent(s.id(), s) != null) {
                throw new IllegalArgumentException("server '" + s.id() + "' is configured twice");
            }
        }
        return new RoutingSnapshot<>(placement, health, placement.router(copy), copy, connectionOf);
    }

    // ------------------------------------------------------------------ routing

    /**
     * The node index of a key's server (its primary, health ignored).
     *
     * @throws io.hashring.core.EmptyRingException if there are no servers
     */
    public int indexOf(String key) {
        return router.indexOf(key);
    }

    /**
     * The node index a key goes to: its primary, or, when {@code failover} is on and the primary is
     * ejected, the first server in failover order that is not ejected; the primary again if every
     * server is ejected (a request then fails on it rather than nowhere). One hash of the key.
     */
    public int route(String key, boolean failover) {
        if (!failover) {
            return router.indexOf(key);
        }
        NodeCursor c = cursors.get().reset(key);
        int primary = c.next();
        if (primary < 0) {
            throw new io.hashring.core.EmptyRingException("no servers are configured");
        }
        if (!states[primary].isEjected()) {
            return primary;
        }
        for (int j = c.next(); j >= 0; j = c.next()) {
            if (!states[j].isEjected()) {
                return j;
            }
        }
        return primary;
    }

    /**
     * The first node index in the key's failover order (primary first) that {@code usable}
     * accepts, or -1 if none does. One hash of the key.
     */
    public int firstUsable(String key, IntPredicate usable) {
        NodeCursor c = cursors.get().reset(key);
        for (int j = c.next(); j >= 0; j = c.next()) {
            if (usable.test(j)) {
                return j;
            }
        }
        return -1;
    }

    /**
     * This thread's cursor over the key's failover order (primary first), already reset. Valid
     * until this thread next calls {@code candidates}, {@link #route} or {@link #firstUsable} on
     * this snapshot.
     */
    public NodeCursor candidates(String key) {
        return cursors.get().reset(key);
    }

    // ------------------------------------------------------------------ by index

    /** Number of servers. */
    public int size() {
        return servers.length;
    }

    /** The server at node index {@code i}. */
    public Server server(int i) {
        return servers[i];
    }

    /** The connection handle of node index {@code i}. */
    @SuppressWarnings("unchecked") // connections[i] came from connectionOf, a C
    public C connection(int i) {
        return (C) connections[i];
    }

    /** The health of node index {@code i}. */
    public EjectionState health(int i) {
        return states[i];
    }

    /** Whether node index {@code i} is ejected now. */
    public boolean isEjected(int i) {
        return states[i].isEjected();
    }

    /**
     * The node index of server {@code id}.
     *
     * @throws UnknownNodeException naming the known ids
     */
    public int indexOfId(String id) {
        Integer i = indexById.get(Objects.requireNonNull(id, "id"));
        if (i == null) {
            throw new UnknownNodeException(id, ids());
        }
        return i;
    }

    /** Whether a server has this id. */
    public boolean contains(String id) {
        return indexById.containsKey(id);
    }

    /** The node index of the server with this connection handle (compared by identity), or -1. */
    public int indexOfConnection(Object connection) {
        for (int i = 0; i < connections.length; i++) {
            if (connections[i] == connection) {
                return i;
            }
        }
        return -1;
    }

    /** The servers in configuration order (unmodifiable). */
    public List<Server> servers() {
        return configured;
    }

    /** The connection handles by node index (unmodifiable). */
    public List<C> connections() {
        List<C> out = new ArrayList<>(connections.length);
        for (int i = 0; i < connections.length; i++) {
            out.add(connection(i));
        }
        return Collections.unmodifiableList(out);
    }

    /** The router (which server owns a key, health ignored). */
    public Router<Server> router() {
        return router;
    }

    /** The placement the router came from. */
    public Placement placement() {
        return placement;
    }

    /** The health book shared by this client's snapshots. */
    public ServerHealth healthBook() {
        return health;
    }

    private List<String> ids() {
        List<String> ids = new ArrayList<>(configured.size());
        configured.forEach(s -> ids.add(s.id()));
        return ids;
    }

    // ------------------------------------------------------------------ changes

    /**
     * This snapshot plus {@code server} with its connection handle.
     *
     * @throws IllegalArgumentException if a server with that id is already configured, or the
     *                                  placement rejects the new topology
     */
    public RoutingSnapshot<C> adding(Server server, C connection) {
        Objects.requireNonNull(server, "server");
        if (contains(server.id())) {
            throw new IllegalArgumentException("server '" + server.id() + "' is already configured");
        }
        List<Server> next = new ArrayList<>(configured);
        next.add(server);
        return rebuild(next, s -> s.id().equals(server.id()) ? connection : connection(indexOfId(s.id())));
    }

    /**
     * This snapshot without server {@code id}.
     *
     * @throws UnknownNodeException naming the known ids
     */
    public RoutingSnapshot<C> removing(String id) {
        indexOfId(id);
        List<Server> next = new ArrayList<>(configured);
        next.removeIf(s -> s.id().equals(id));
        return rebuild(next, s -> connection(indexOfId(s.id())));
    }

    /**
     * This snapshot with server {@code id}'s weight changed.
     *
     * @throws UnknownNodeException    naming the known ids
     * @throws IllegalArgumentException if the weight is not positive or the placement rejects it
     */
    public RoutingSnapshot<C> reweighting(String id, int weight) {
        Server old = servers[indexOfId(id)];
        Server changed = new Server(old.host(), old.port(), weight, old.name()); // validates the weight
        List<Server> next = new ArrayList<>(configured);
        next.replaceAll(s -> s.id().equals(id) ? changed : s);
        return rebuild(next, s -> connection(indexOfId(s.id())));
    }

    /** The same servers and router with new connection handles (for example new sessions). */
    public RoutingSnapshot<C> withConnections(Function<? super Server, ? extends C> connectionOf) {
        return new RoutingSnapshot<>(placement, health, router, configured, connectionOf);
    }

    /** A snapshot over a whole new server list (a topology reload), keeping this one's placement and health. */
    public RoutingSnapshot<C> replacing(List<Server> servers, Function<? super Server, ? extends C> connectionOf) {
        return of(placement, servers, connectionOf, health);
    }

    private RoutingSnapshot<C> rebuild(List<Server> next, Function<? super Server, ? extends C> connectionOf) {
        return of(placement, next, connectionOf, health);
    }

    @Override
    public String toString() {
        return "RoutingSnapshot{" + placement + ", " + configured + "}";
    }
}
