package io.hashring.xmemcached;

import com.google.code.yanf4j.core.Session;
import io.hashring.client.EjectionPolicy;
import io.hashring.client.EjectionState;
import io.hashring.core.NodeCursor;
import io.hashring.core.Ring;
import io.hashring.core.Router;
import io.hashring.core.UnknownNodeException;
import io.hashring.client.Placement;
import io.hashring.hash.interop.Server;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import net.rubyeye.xmemcached.MemcachedSessionLocator;
import net.rubyeye.xmemcached.networking.ClosedMemcachedSession;
import net.rubyeye.xmemcached.utils.InetSocketAddressWrapper;

/**
 * An xmemcached {@link MemcachedSessionLocator} backed by a hashring {@link Router}.
 *
 * <ul>
 *   <li>The ring is built from the <em>configured servers</em> (identity {@code host:port} as
 *       written, or a name; weight from the configuration), not from the connected sessions:
 *       a server gets the same points whatever its connection pool size (xmemcached's own ketama
 *       locator gives every pooled connection its own 160 x weight points), and a server that is
 *       down, even at {@code build()}, keeps its place on the ring.</li>
 *   <li>Pooled sessions are grouped per server; a key picks one of its server's open sessions
 *       by its hash.</li>
 *   <li>{@code failureMode=false} (xmemcached's default): a key whose server has no open session
 *       or is ejected ({@link EjectionPolicy}) goes to the next usable server in failover order
 *       (for a ring: clockwise); no other key moves.</li>
 *   <li>{@code failureMode=true}: keys never move. The key's server's session is returned even if
 *       closed, so xmemcached sends to the server's standby node if one is configured, or fails
 *       the operation.</li>
 *   <li>Follows {@code addServer}, {@code removeServer} and {@code setServerWeight} (through
 *       {@link HashringXMemcachedClient}).</li>
 * </ul>
 * Health: a server losing its last open session is a failure; a server regaining one is a
 * success.
 *
 * <p>Thread-safe: {@link #getSessionByKey} reads an immutable snapshot (no lock; no allocation
 * while the key's server is usable); changes are serialised and published with one volatile write.
 */
public final class HashringSessionLocator implements MemcachedSessionLocator {

    private final Placement placement;
    private final EjectionPolicy policy;
    private final Map<String, EjectionState> health = new ConcurrentHashMap<>();
    private volatile boolean failureMode;
    private volatile Snapshot snapshot;
    // guarded by this
    private final List<Server> servers = new ArrayList<>();
    private final Map<String, InetSocketAddress> addresses = new HashMap<>();
    private Collection<Session> sessions = List.of();

    public HashringSessionLocator(List<Server> configured, Placement placement, EjectionPolicy policy) {
        this.placement = Objects.requireNonNull(placement, "placement");
        this.policy = Objects.requireNonNull(policy, "policy");
        for (Server s : configured) {
            servers.add(s);
        }
        this.snapshot = build();
    }

    // ------------------------------------------------------------------ MemcachedSessionLocator

    @Override
    public Session getSessionByKey(String key) {
        Snapshot s = snapshot;
        if (s.router.isEmpty()) {
            return null;
        }
        // Pooled sessions of one server are picked by the key's String hash (cached in the String),
        // so the routing hash is computed once, by the router.
        int h = key.hashCode();
        int idx = s.router.indexOf(key);
        if (failureMode) {
            Session[] own = s.sessions[idx];
            if (own.length == 0) {
                return null;
            }
            Session open = s.openSession(idx, h);
            return open != null ? open : own[Integer.remainderUnsigned(h, own.length)];
        }
        if (!s.health[idx].isEjected()) {
            Session open = s.openSession(idx, h);
            if (open != null) {
                return open;
            }
        }
        Session next = s.failover(key, h, true);
        return next != null ? next : s.failover(key, h, false); // every usable server ejected: ignore ejection
    }

    /**
     * Called by xmemcached with the current sessions (main nodes only). Groups them by configured
     * server, picks up weight changes ({@code setServerWeight}) and servers added behind the
     * adapter's back, and reports health transitions.
     */
    @Override
    public synchronized void updateSessions(Collection<Session> list) {
        this.sessions = List.copyOf(list);
        for (Session session : list) {
            InetSocketAddressWrapper w = wrapperOf(session);
            if (w == null || w.getMainNodeAddress() != null) {
                continue;
            }
            InetSocketAddress address = w.getResolvedSocketAddress();
            String id = idAt(address);
            if (id == null) {
                Server added = new Server(hostOf(address), address.getPort(), Math.max(1, w.getWeight()), null);
                servers.add(added);
                addresses.put(added.id(), address);
            } else {
                int i = indexOfId(id);
                Server old = servers.get(i);
                if (w.getWeight() > 0 && w.getWeight() != old.weight()) {
                    servers.set(i, new Server(old.host(), old.port(), w.getWeight(), old.name()));
                }
            }
        }
        publish();
    }

    @Override
    public void setFailureMode(boolean failureMode) {
        this.failureMode = failureMode;
    }

    // ------------------------------------------------------------------ topology (used by HashringXMemcachedClient)

    /** Binds a configured server to the socket address xmemcached connects to. Returns the configured weight. */
    synchronized int bind(InetSocketAddress address, int weightIfNew) {
        String id = idAt(address);
        if (id != null) {
            return servers.get(indexOfId(id)).weight();
        }
        for (Server s : servers) {
            // Match by resolved address and port: xmemcached's wrapper calls getHostName() on the
            // address, so its host string may have become a reverse-DNS name.
            if (!addresses.containsKey(s.id()) && s.port() == address.getPort()
                    && new InetSocketAddress(s.host(), s.port()).equals(address)) {
                addresses.put(s.id(), address);
                return s.weight();
            }
        }
        Server added = new Server(hostOf(address), address.getPort(), weightIfNew, null);
        servers.add(added);
        addresses.put(added.id(), address);
        publish();
        return weightIfNew;
    }

    /** Removes the server at this address from the ring, if present. */
    synchronized void unbind(InetSocketAddress address) {
        String id = idAt(address);
        if (id == null) {
            return;
        }
        servers.remove(indexOfId(id));
        addresses.remove(id);
        health.remove(id);
        publish();
    }

    /** The configured servers, in configuration order. */
    public synchronized List<Server> servers() {
        return List.copyOf(servers);
    }

    /** The current routing snapshot (which server owns a key, without health). */
    public Router<Server> router() {
        return snapshot.router;
    }

    /** Server {@code id}'s health. */
    public EjectionState health(String id) {
        EjectionState st = health.get(id);
        if (st == null) {
            throw new UnknownNodeException(id, health.keySet());
        }
        return st;
    }

    /** The server a session belongs to (the main node for a standby session), or null. */
    public synchronized Server serverOf(Session session) {
        InetSocketAddressWrapper w = wrapperOf(session);
        if (w == null) {
            return null;
        }
        InetSocketAddress a = w.getMainNodeAddress() != null ? w.getMainNodeAddress() : w.getResolvedSocketAddress();
        String id = idAt(a);
        return id == null ? null : servers.get(indexOfId(id));
    }

    /** Whether keys stay on their server when it fails (xmemcached's {@code failureMode}). */
    public boolean isFailureMode() {
        return failureMode;
    }

    @Override
    public String toString() {
        return "HashringSessionLocator{" + placement + ", " + snapshot.servers + (failureMode ? ", failureMode" : "") + "}";
    }

    // ------------------------------------------------------------------ internals

    private static InetSocketAddressWrapper wrapperOf(Session session) {
        return session instanceof ClosedMemcachedSession m ? m.getInetSocketAddressWrapper() : null;
    }

    /**
     * The host of a server added through xmemcached's own API, which only gives us a socket
     * address: its numeric IP (never a reverse-DNS name), or the unresolved host string.
     */
    private static String hostOf(InetSocketAddress address) {
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }

    /** Registers a server before xmemcached connects to it, so its id is the configured one. */
    synchronized void register(Server server, InetSocketAddress address) {
        if (idAt(address) != null || servers.stream().anyMatch(s -> s.id().equals(server.id()))) {
            throw new IllegalArgumentException("server '" + server.id() + "' is already configured");
        }
        servers.add(server);
        addresses.put(server.id(), address);
        publish();
    }

    private String idAt(InetSocketAddress address) {
        for (Map.Entry<String, InetSocketAddress> e : addresses.entrySet()) {
            if (e.getValue().equals(address)) {
                return e.getKey();
            }
        }
        return null;
    }

    private int indexOfId(String id) {
        for (int i = 0; i < servers.size(); i++) {
            if (servers.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new UnknownNodeException(id, servers.stream().map(Server::id).toList());
    }

    private void publish() {
        Snapshot before = snapshot;
        Snapshot after = build();
        // Health transitions: a server that had an open session and has none now failed; the reverse is a success.
        for (int i = 0; i < after.servers.size(); i++) {
            Server s = after.servers.get(i);
            boolean openNow = after.hasOpen(i);
            Integer j = before == null ? null : before.byValueId.get(s.id());
            boolean openBefore = j != null && before.hasOpen(j);
            if (openBefore && !openNow) {
                after.health[i].recordFailure();
            } else if (!openBefore && openNow) {
                after.health[i].recordSuccess();
            }
        }
        snapshot = after;
    }

    private Snapshot build() {
        Router<Server> router = placement.router(List.copyOf(servers));
        int n = router.size();
        Map<String, List<Session>> grouped = new HashMap<>();
        for (Session session : sessions) {
            InetSocketAddressWrapper w = wrapperOf(session);
            if (w == null || w.getMainNodeAddress() != null) {
                continue;
            }
            String id = idAt(w.getResolvedSocketAddress());
            if (id != null) {
                grouped.computeIfAbsent(id, k -> new ArrayList<>()).add(session);
            }
        }
        List<Server> ordered = new ArrayList<>(n);
        Session[][] byIndex = new Session[n][];
        EjectionState[] states = new EjectionState[n];
        for (int i = 0; i < n; i++) {
            Server s = router.nodes().get(i).value();
            String id = s.id();
            ordered.add(s);
            byIndex[i] = grouped.getOrDefault(id, List.of()).toArray(new Session[0]);
            states[i] = health.computeIfAbsent(id, k -> policy.newState());
        }
        return new Snapshot(router, List.copyOf(ordered), byIndex, states);
    }

    private static final class Snapshot {
        final Router<Server> router;
        final List<Server> servers;
        final Session[][] sessions;
        final EjectionState[] health;
        final Map<Server, Integer> byIdentity = new IdentityHashMap<>();
        final Map<Server, Integer> byValue = new HashMap<>();
        final Map<String, Integer> byValueId = new HashMap<>();
        final ThreadLocal<NodeCursor> cursors;

        Snapshot(Router<Server> router, List<Server> servers, Session[][] sessions, EjectionState[] health) {
            this.router = router;
            this.servers = servers;
            this.sessions = sessions;
            this.health = health;
            for (int i = 0; i < servers.size(); i++) {
                byIdentity.put(servers.get(i), i);
                byValue.put(servers.get(i), i);
                byValueId.put(servers.get(i).id(), i);
            }
            this.cursors = ThreadLocal.withInitial(router::cursor);
        }

        int indexOf(Server s) {
            Integer i = byIdentity.get(s);
            return i != null ? i : byValue.get(s);
        }

        boolean hasOpen(int i) {
            for (Session s : sessions[i]) {
                if (!s.isClosed()) {
                    return true;
                }
            }
            return false;
        }

        /** One of server i's open sessions, chosen by the key hash; null if none is open. */
        Session openSession(int i, int hash) {
            Session[] own = sessions[i];
            int n = own.length;
            if (n == 0) {
                return null;
            }
            int start = Integer.remainderUnsigned(hash, n);
            for (int k = 0; k < n; k++) {
                Session s = own[(start + k) % n];
                if (!s.isClosed()) {
                    return s;
                }
            }
            return null;
        }

        /** The first usable server's session in failover order, or null if none is usable. */
        Session failover(String key, int hash, boolean skipEjected) {
            NodeCursor c = cursors.get().reset(key);
            for (int j = c.next(); j >= 0; j = c.next()) {
                Session s = skipEjected && health[j].isEjected() ? null : openSession(j, hash);
                if (s != null) {
                    return s;
                }
            }
            return null;
        }
    }
}
