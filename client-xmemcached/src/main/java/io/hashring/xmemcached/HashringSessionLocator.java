package io.hashring.xmemcached;

import com.google.code.yanf4j.core.Session;
import io.hashring.client.EjectionPolicy;
import io.hashring.client.EjectionState;
import io.hashring.client.FailoverLedger;
import io.hashring.client.FailoverPolicy;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import net.rubyeye.xmemcached.MemcachedSessionLocator;
import net.rubyeye.xmemcached.networking.ClosedMemcachedSession;
import net.rubyeye.xmemcached.utils.InetSocketAddressWrapper;

/**
 * An xmemcached {@link MemcachedSessionLocator} over the client layer's {@link RoutingSnapshot}:
 * router, configured servers, each server's pooled sessions and health, all by node index.
 *
 * <ul>
 *   <li>The ring is built from the <em>configured servers</em> (identity {@code host:port} as
 *       written, or a name; weight from the configuration), not from the connected sessions:
 *       a server gets the same points whatever its connection pool size (xmemcached's own ketama
 *       locator gives every pooled connection its own 160 x weight points), and a server that is
 *       down, even at {@code build()}, keeps its place on the ring.</li>
 *   <li>Pooled sessions are grouped per server; a key picks one of its server's open sessions
 *       by the key's {@code String} hash (cached in the string), so the routing hash is computed
 *       once, by the router.</li>
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
 * success. Whether a server had an open session is remembered by server id, not read from the old
 * snapshot's sessions (xmemcached has closed those by the time it reports the change).
 *
 * <p>Warm migration: every change of the ring hands the snapshot it replaced to the
 * {@link #warm() warm-up window}. A server removed while warm migration is on leaves the ring at
 * once but stays bound (its sessions open, grouped by {@link #liveSessions}) until the window no
 * longer needs it; xmemcached's reports of its sessions do not add it back.
 *
 * <p>Thread-safe: {@link #getSessionByKey} reads an immutable snapshot (no lock; no allocation
 * while the key's server is usable); changes are serialised and published with one volatile write.
 */
public final class HashringSessionLocator implements MemcachedSessionLocator {

    private static final Session[] NONE = new Session[0];

    private volatile boolean failureMode;
    private volatile RoutingSnapshot<Session[]> snapshot;
    // guarded by this
    private final Map<String, InetSocketAddress> addresses = new HashMap<>();
    private final Set<String> open = new HashSet<>();
    private Collection<Session> sessions = List.of();
    /** Removed servers still warming: id to address; their sessions stay open. Guarded by this. */
    private final Map<String, InetSocketAddress> retiring = new HashMap<>();
    /** Open sessions by server id, current and retiring servers (replaced whole on each publish). */
    private volatile Map<String, Session[]> live = Map.of();
    /** Servers of a {@code replace} being connected before the swap: id to address. Guarded by this. */
    private final Map<String, InetSocketAddress> staged = new HashMap<>();
    private final WarmWindow<Session[]> warm;

    private final FailoverLedger ledger;

    /** A locator over the configured servers, placed by {@code placement}, health under {@code policy}. */
    public HashringSessionLocator(List<Server> configured, Placement placement, EjectionPolicy policy) {
        this(configured, placement, policy, WarmMigration.off());
    }

    /** As {@link #HashringSessionLocator(List, Placement, EjectionPolicy)}, with warm migration. */
    public HashringSessionLocator(List<Server> configured, Placement placement, EjectionPolicy policy,
                                  WarmMigration warmMigration) {
        this(configured, placement, new ServerHealth(policy), new FailoverLedger(FailoverPolicy.defaults()), warmMigration);
    }

    /** A locator keeping health in {@code health} and failed-over writes in {@code ledger}. */
    public HashringSessionLocator(List<Server> configured, Placement placement, ServerHealth health, FailoverLedger ledger) {
        this(configured, placement, health, ledger, WarmMigration.off());
    }

    /** The full constructor: health in {@code health}, failed-over writes in {@code ledger}, warm migration as given. */
    public HashringSessionLocator(List<Server> configured, Placement placement, ServerHealth health, FailoverLedger ledger,
                                  WarmMigration warmMigration) {
        this.snapshot = RoutingSnapshot.of(placement, configured, s -> NONE, health);
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.warm = new WarmWindow<>(warmMigration, () -> this.snapshot);
    }

    /** The warm-up window (off unless the builder turned warm migration on). */
    public WarmWindow<Session[]> warm() {
        return warm;
    }

    /** Server {@code id}'s open sessions now (also of a removed server still warming); empty if none. */
    public Session[] liveSessions(String id) {
        return live.getOrDefault(id, NONE);
    }

    /** One of server {@code id}'s open sessions, chosen by {@code key}'s hash, or null. */
    Session liveSession(String id, String key) {
        return openSession(liveSessions(id), key.hashCode());
    }

    /** The address of a removed server still warming, or null. */
    synchronized InetSocketAddress retiringAddress(String id) {
        return retiring.get(id);
    }

    /** Whether a removed server still warming has this address. */
    synchronized boolean isRetiring(InetSocketAddress address) {
        return retiring.containsValue(address);
    }

    /** A removed server's sessions were closed at the end of its window. */
    synchronized void retired(String id) {
        retiring.remove(id);
        publish(snapshot);
    }

    /** The failed-over writes of this client. */
    public FailoverLedger ledger() {
        return ledger;
    }

    // ------------------------------------------------------------------ failure signals

    /** Reports a failed connection attempt to the server at this (main node) address; others are ignored. */
    void recordConnectFailure(InetSocketAddress address) {
        String id;
        synchronized (this) {
            id = idAt(address);
        }
        RoutingSnapshot<Session[]> s = snapshot;
        if (id != null && s.contains(id)) {
            s.health(s.indexOfId(id)).recordFailure(FailureKind.CONNECT_FAILED);
        }
    }

    /** Reports an operation timeout on this session's server. */
    void recordTimeout(Session session) {
        Server server = serverOf(session);
        RoutingSnapshot<Session[]> s = snapshot;
        if (server != null && s.contains(server.id())) {
            s.health(s.indexOfId(server.id())).recordFailure(FailureKind.TIMEOUT);
        }
    }

    /**
     * Notes a write of {@code key} that was sent on {@code session}: if that session's server is not
     * the key's primary, the write failed over: it is remembered in the {@link #ledger()} and the
     * primary is ejected until a probe has cleaned it up.
     *
     * @return whether the write failed over
     */
    boolean noteWrite(String key, Session session) {
        RoutingSnapshot<Session[]> s = snapshot;
        // Not while a warm-up window is open: its reads, copies and old-owner deletes go to servers
        // other than the key's primary on purpose (client/FAULTS.md, open points).
        if (key == null || s.size() == 0 || failureMode || warm.inScope() || warm.isOpen()) {
            return false;
        }
        int primary = s.indexOf(key);
        Server landed = serverOf(session);
        if (landed == null || landed.id().equals(s.server(primary).id()) || !s.health(primary).hasConnected()) {
            return false; // its own server, or one that never had a session (nothing old on it from us)
        }
        ledger.record(s.server(primary).id(), key, landed.id());
        s.health(primary).ejectNow(FailureKind.CONNECTION_LOST);
        return true;
    }

    // ------------------------------------------------------------------ MemcachedSessionLocator

    @Override
    public Session getSessionByKey(String key) {
        RoutingSnapshot<Session[]> s = snapshot;
        if (s.size() == 0) {
            return null;
        }
        int h = key.hashCode();
        if (failureMode) {
            Session[] own = s.connection(s.indexOf(key));
            if (own.length == 0) {
                return null;
            }
            Session o = openSession(own, h);
            return o != null ? o : own[Integer.remainderUnsigned(h, own.length)];
        }
        NodeCursor c = s.candidates(key);
        for (int j = c.next(); j >= 0; j = c.next()) {
            if (!s.isEjected(j)) {
                Session o = openSession(s.connection(j), h);
                if (o != null) {
                    return o;
                }
            }
        }
        // Every server with an open session is ejected: ignore ejection rather than fail.
        c = s.candidates(key);
        for (int j = c.next(); j >= 0; j = c.next()) {
            Session o = openSession(s.connection(j), h);
            if (o != null) {
                return o;
            }
        }
        return null;
    }

    /**
     * Called by xmemcached with the current sessions (main nodes only). Groups them by configured
     * server, picks up weight changes ({@code setServerWeight}) and servers added behind the
     * adapter's back, and reports health transitions. A weight or server the placement rejects
     * is not applied: the previous routing stays in place (xmemcached has no way to hear an error
     * here).
     */
    @Override
    public synchronized void updateSessions(Collection<Session> list) {
        this.sessions = List.copyOf(list);
        RoutingSnapshot<Session[]> next = snapshot;
        for (Session session : list) {
            InetSocketAddressWrapper w = wrapperOf(session);
            if (w == null || w.getMainNodeAddress() != null) {
                continue;
            }
            InetSocketAddress address = w.getResolvedSocketAddress();
            if (retiring.containsValue(address) || staged.containsValue(address)) {
                continue; // removed and still warming, or connecting for a replace: not added behind our back
            }
            String id = idAt(address);
            try {
                if (id == null) {
                    Server added = new Server(hostOf(address), address.getPort(), Math.max(1, w.getWeight()), null);
                    next = next.adding(added, NONE);
                    addresses.put(added.id(), address);
                } else if (w.getWeight() > 0 && w.getWeight() != next.server(next.indexOfId(id)).weight()) {
                    next = next.reweighting(id, w.getWeight());
                }
            } catch (IllegalArgumentException rejected) {
                // keep routing as before for this server
            }
        }
        publish(next);
    }

    @Override
    public void setFailureMode(boolean failureMode) {
        this.failureMode = failureMode;
    }

    // ------------------------------------------------------------------ topology (used by HashringXMemcachedClient)

    /** Binds a configured server to the socket address xmemcached connects to. Returns the configured weight. */
    synchronized int bind(InetSocketAddress address, int weightIfNew) {
        if (staged.containsValue(address)) {
            return weightIfNew; // connected for a replace; the swap puts it on the ring
        }
        String id = idAt(address);
        RoutingSnapshot<Session[]> s = snapshot;
        if (id != null) {
            return s.server(s.indexOfId(id)).weight();
        }
        for (Server server : s.servers()) {
            // Match by resolved address and port: xmemcached's wrapper calls getHostName() on the
            // address, so its host string may have become a reverse-DNS name.
            if (!addresses.containsKey(server.id()) && server.port() == address.getPort()
                    && new InetSocketAddress(server.host(), server.port()).equals(address)) {
                addresses.put(server.id(), address);
                return server.weight();
            }
        }
        Server added = new Server(hostOf(address), address.getPort(), weightIfNew, null);
        RoutingSnapshot<Session[]> next = s.adding(added, NONE);
        addresses.put(added.id(), address);
        publish(next);
        return weightIfNew;
    }

    /** Removes the server at this address from the ring, if present. */
    synchronized void unbind(InetSocketAddress address) {
        String id = idAt(address);
        if (id == null) {
            return;
        }
        unbindId(id);
    }

    /**
     * Removes the server at this address from the ring.
     *
     * @throws io.hashring.core.UnknownNodeException naming the address and the configured servers if none is bound there
     */
    synchronized void unbindKnown(InetSocketAddress address) {
        String id = idAt(address);
        if (id == null) {
            List<String> known = new ArrayList<>();
            snapshot.servers().forEach(s -> known.add(s.id()));
            throw new io.hashring.core.UnknownNodeException(address.getHostString() + ":" + address.getPort(), known);
        }
        unbindId(id);
    }

    private void unbindId(String id) {
        RoutingSnapshot<Session[]> next = snapshot.removing(id);
        InetSocketAddress a = addresses.remove(id);
        open.remove(id);
        if (warm.enabled()) {
            retiring.put(id, a);
        }
        publish(next);
        next.healthBook().forget(id);
        ledger.forget(id);
    }

    /**
     * Registers a server before xmemcached connects to it, so its id is the configured one.
     *
     * @throws IllegalArgumentException if its id or address is already configured, or the placement rejects it
     */
    synchronized void register(Server server, InetSocketAddress address) {
        RoutingSnapshot<Session[]> next = snapshot.adding(server, NONE); // a duplicate id first, as the spymemcached adapter
        String other = idAt(address);
        if (other != null) {
            throw new IllegalArgumentException("server '" + server.id() + "': address " + address
                    + " is already configured as server '" + other + "'");
        }
        addresses.put(server.id(), address);
        publish(next);
    }

    /**
     * Checks that the client could change to {@code servers}, where {@code fresh} gives the new
     * address of each added or re-addressed server: the placement accepts the list and no two
     * servers share an address. Changes nothing.
     *
     * @throws IllegalArgumentException naming the reason
     */
    synchronized void checkReplace(List<Server> servers, Map<String, InetSocketAddress> fresh) {
        snapshot.replacing(servers, x -> NONE);
        Map<InetSocketAddress, String> seen = new HashMap<>();
        for (Server server : servers) {
            InetSocketAddress a = fresh.containsKey(server.id()) ? fresh.get(server.id()) : addresses.get(server.id());
            if (a == null) {
                throw new IllegalStateException("server '" + server.id() + "' has not been connected yet");
            }
            String other = seen.put(a, server.id());
            if (other != null) {
                throw new IllegalArgumentException("servers '" + other + "' and '" + server.id() + "' share the address " + a);
            }
        }
    }

    /** Marks these (id, address) pairs as connecting for a replace: their sessions are kept off the ring until {@link #replace}. */
    synchronized void stage(Map<String, InetSocketAddress> fresh) {
        staged.putAll(fresh);
    }

    /** Forgets a staged replace that was not applied. */
    synchronized void unstage() {
        staged.clear();
    }

    /** Whether xmemcached has an open session to this (main node) address. */
    synchronized boolean hasOpenSession(InetSocketAddress address) {
        for (Session session : sessions) {
            InetSocketAddressWrapper w = wrapperOf(session);
            if (w != null && w.getMainNodeAddress() == null && address.equals(w.getResolvedSocketAddress()) && !session.isClosed()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Publishes one snapshot over {@code servers}: servers in {@code fresh} (added or re-addressed)
     * are bound to their new address, removed servers leave (retiring while warm migration is on).
     *
     * @return the addresses to disconnect now: removed servers' (warm migration off) and re-addressed servers' old ones
     * @throws IllegalArgumentException if the placement rejects the list
     */
    synchronized List<InetSocketAddress> replace(List<Server> servers, Map<String, InetSocketAddress> fresh) {
        RoutingSnapshot<Session[]> before = snapshot;
        RoutingSnapshot<Session[]> next = before.replacing(servers, x -> NONE);
        List<InetSocketAddress> close = new ArrayList<>();
        for (Server s : before.servers()) {
            if (!next.contains(s.id())) {
                InetSocketAddress a = addresses.remove(s.id());
                open.remove(s.id());
                if (a != null) {
                    if (warm.enabled()) {
                        retiring.put(s.id(), a);
                    } else {
                        close.add(a);
                    }
                }
            }
        }
        fresh.forEach((id, a) -> {
            InetSocketAddress old = addresses.put(id, a);
            if (old != null && !old.equals(a)) {
                close.add(old);
            }
        });
        staged.clear();
        publish(next);
        for (Server s : before.servers()) {
            if (!next.contains(s.id())) {
                next.healthBook().forget(s.id());
                ledger.forget(s.id());
            }
        }
        return close;
    }

    /** Checks that server {@code id} may take {@code weight}, changing nothing. */
    void checkReweight(String id, int weight) {
        snapshot.reweighting(id, weight);
    }

    /** The socket address server {@code id} is bound to, or null before xmemcached connected it. */
    synchronized InetSocketAddress addressOf(String id) {
        snapshot.indexOfId(id);
        return addresses.get(id);
    }

    /** The configured servers, in configuration order. */
    public List<Server> servers() {
        return snapshot.servers();
    }

    /** The current routing snapshot (which server owns a key, without health). */
    public Router<Server> router() {
        return snapshot.router();
    }

    /** The current routing snapshot (router, sessions and health by node index). */
    public RoutingSnapshot<Session[]> snapshot() {
        return snapshot;
    }

    /** Server {@code id}'s health. */
    public EjectionState health(String id) {
        RoutingSnapshot<Session[]> s = snapshot;
        return s.health(s.indexOfId(id));
    }

    /** The server a session belongs to (the main node for a standby session), or null. */
    public synchronized Server serverOf(Session session) {
        InetSocketAddressWrapper w = wrapperOf(session);
        if (w == null) {
            return null;
        }
        InetSocketAddress a = w.getMainNodeAddress() != null ? w.getMainNodeAddress() : w.getResolvedSocketAddress();
        String id = idAt(a);
        RoutingSnapshot<Session[]> s = snapshot;
        return id == null || !s.contains(id) ? null : s.server(s.indexOfId(id));
    }

    /** Whether keys stay on their server when it fails (xmemcached's {@code failureMode}). */
    public boolean isFailureMode() {
        return failureMode;
    }

    @Override
    public String toString() {
        RoutingSnapshot<Session[]> s = snapshot;
        return "HashringSessionLocator{" + s.placement() + ", " + s.servers() + (failureMode ? ", failureMode" : "") + "}";
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

    private String idAt(InetSocketAddress address) {
        for (Map.Entry<String, InetSocketAddress> e : addresses.entrySet()) {
            if (e.getValue().equals(address)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** One of a server's open sessions, chosen by the key's hash; null if none is open. */
    private static Session openSession(Session[] own, int hash) {
        int n = own.length;
        int start = n == 0 ? 0 : Integer.remainderUnsigned(hash, n);
        for (int k = 0; k < n; k++) {
            Session s = own[(start + k) % n];
            if (!s.isClosed()) {
                return s;
            }
        }
        return null;
    }

    /** Regroups the current sessions into {@code next}, records health transitions, publishes. */
    private void publish(RoutingSnapshot<Session[]> next) {
        RoutingSnapshot<Session[]> before = snapshot;
        Map<String, List<Session>> grouped = new HashMap<>();
        Map<String, Session[]> liveNow = new HashMap<>();
        for (Session session : sessions) {
            InetSocketAddressWrapper w = wrapperOf(session);
            if (w == null || w.getMainNodeAddress() != null) {
                continue;
            }
            String id = idAt(w.getResolvedSocketAddress());
            if (id != null) {
                grouped.computeIfAbsent(id, k -> new ArrayList<>()).add(session);
            } else {
                for (Map.Entry<String, InetSocketAddress> r : retiring.entrySet()) {
                    if (r.getValue().equals(w.getResolvedSocketAddress())) {
                        grouped.computeIfAbsent(r.getKey(), k -> new ArrayList<>()).add(session);
                    }
                }
            }
        }
        grouped.forEach((id, list) -> liveNow.put(id, list.toArray(NONE)));
        live = Map.copyOf(liveNow);
        RoutingSnapshot<Session[]> after = next.withConnections(s -> grouped.getOrDefault(s.id(), List.of()).toArray(NONE));
        // Health transitions: a server that had an open session and has none now failed; the reverse is a success.
        for (int i = 0; i < after.size(); i++) {
            String id = after.server(i).id();
            boolean openNow = openSession(after.connection(i), 0) != null;
            boolean openBefore = open.contains(id);
            if (openBefore && !openNow) {
                after.health(i).recordFailure(FailureKind.CONNECTION_LOST);
                open.remove(id);
            } else if (!openBefore && openNow) {
                after.health(i).recordSuccess();
                open.add(id);
            }
        }
        snapshot = Objects.requireNonNull(after);
        if (before != null && after.router() != before.router()) {
            warm.changed(before); // a change of the ring, not a regrouping of sessions
        }
    }
}
