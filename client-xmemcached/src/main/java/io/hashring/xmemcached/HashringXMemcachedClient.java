package io.hashring.xmemcached;

import io.hashring.client.ClientTopology;
import io.hashring.client.EjectionState;
import io.hashring.client.HashringClient;
import io.hashring.client.HealthMonitor;
import io.hashring.client.MemcachedKeys;
import io.hashring.client.Resolved;
import io.hashring.client.RoutingSnapshot;
import io.hashring.client.WarmStats;
import io.hashring.client.TopologyChange;
import io.hashring.core.Router;
import io.hashring.hash.interop.Server;
import com.google.code.yanf4j.config.Configuration;
import com.google.code.yanf4j.core.Session;
import com.google.code.yanf4j.core.SocketOption;
import net.rubyeye.xmemcached.CommandFactory;
import net.rubyeye.xmemcached.KeyProvider;
import net.rubyeye.xmemcached.MemcachedClientStateListener;
import net.rubyeye.xmemcached.MemcachedSessionComparator;
import net.rubyeye.xmemcached.MemcachedSessionLocator;
import net.rubyeye.xmemcached.XMemcachedClient;
import net.rubyeye.xmemcached.auth.AuthInfo;
import net.rubyeye.xmemcached.buffer.BufferAllocator;
import net.rubyeye.xmemcached.command.Command;
import net.rubyeye.xmemcached.command.CommandType;
import net.rubyeye.xmemcached.command.text.TextStoreCommand;
import net.rubyeye.xmemcached.exception.MemcachedException;
import net.rubyeye.xmemcached.impl.DefaultKeyProvider;
import net.rubyeye.xmemcached.impl.MemcachedConnector;
import net.rubyeye.xmemcached.impl.ReconnectRequest;
import net.rubyeye.xmemcached.transcoders.Transcoder;
import net.rubyeye.xmemcached.utils.InetSocketAddressWrapper;
import net.rubyeye.xmemcached.utils.Protocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * xmemcached's own {@link XMemcachedClient}, routed by a {@link HashringSessionLocator}. Its
 * {@code addServer}, {@code removeServer} and {@code setServerWeight} keep working and keep the
 * ring in step: an added server joins the ring (weight as given), a removed one leaves it, a new
 * weight re-places keys. Build one with {@link HashringXmemcached#builder()}.
 *
 * <p>Keys are checked as memcached's text protocol requires ({@link MemcachedKeys#check(String)})
 * before anything is sent, in every operation (single and multi-key): a key with a space or a
 * control character (tab, 0x01..0x1f, 0x7f), an empty key or one over 250 bytes fails the call with
 * an {@code IllegalArgumentException} naming the bad byte. xmemcached's own check only refuses
 * space, CR, LF and NUL. The check runs on the key your {@link KeyProvider} returns; it is skipped
 * with {@code sanitizeKeys} (keys are then URL-encoded) and with the binary protocol.
 *
 * <p>Warm migration (builder {@code warmMigration(...)}): after a topology change, gets, gets-with-CAS
 * and bulk gets (text protocol) of moved keys that miss are answered from their old servers and
 * copied, and writes delete the old servers' copies first; see {@link HashringConnector}. A
 * removed server stays connected until the window ends. Counters: {@link #warmStats()}.
 */
public class HashringXMemcachedClient extends XMemcachedClient implements HashringClient {

    /** Called by {@link HashringXmemcached.Builder}; the arguments are those of xmemcached's own builder. */
    @SuppressWarnings({"rawtypes", "deprecation"}) // xmemcached's own constructor takes the deprecated BufferAllocator
    protected HashringXMemcachedClient(HashringSessionLocator locator, MemcachedSessionComparator comparator,
                                       BufferAllocator allocator, Configuration conf, Map<SocketOption, Object> socketOptions,
                                       CommandFactory commandFactory, Transcoder transcoder,
                                       Map<InetSocketAddress, InetSocketAddress> addressMap,
                                       List<MemcachedClientStateListener> stateListeners, Map<InetSocketAddress, AuthInfo> authInfo,
                                       int poolSize, long connectTimeout, String name, boolean failureMode,
                                       boolean resolveInetAddresses) throws IOException {
        super(locator, comparator, allocator, conf, socketOptions, commandFactory, transcoder, addressMap, stateListeners,
                authInfo, poolSize, connectTimeout, name, failureMode, resolveInetAddresses);
        setKeyProvider(DefaultKeyProvider.INSTANCE); // the builder sets its own provider next, also wrapped
        ((HashringConnector) connector).bind(this::getOpTimeout, getTranscoder());
        locator.warm().onRelease((server, sessions) -> {
            InetSocketAddress a = locator.retiringAddress(server.id());
            if (a != null) {
                super.removeServer(a);
                locator.retired(server.id());
            }
        });
    }

    /**
     * xmemcached's connector, with the warm-migration hook ({@link HashringConnector}) and reporting
     * failed connection attempts to the locator's health ({@link HealthReportingConnector}).
     */
    @Override
    @SuppressWarnings("deprecation") // xmemcached's hook takes its deprecated BufferAllocator
    protected MemcachedConnector newConnector(BufferAllocator bufferAllocator, Configuration configuration,
                                              MemcachedSessionLocator memcachedSessionLocator,
                                              MemcachedSessionComparator memcachedSessionComparator,
                                              CommandFactory commandFactory, int poolSize, int maxQueuedNoReplyOperations) {
        configuration.setDispatchMessageThreadCount(0); // as xmemcached's own
        return new HealthReportingConnector(configuration, (HashringSessionLocator) memcachedSessionLocator,
                memcachedSessionComparator, bufferAllocator, commandFactory, poolSize, maxQueuedNoReplyOperations);
    }

    /** What warm migration has done so far. */
    @Override
    public WarmStats warmStats() {
        return hashringLocator().warm().stats();
    }

    /** Ends the warm-up window now; removed servers are then disconnected. */
    @Override
    public void endWarmup() {
        hashringLocator().warm().endWarmup();
    }

    private volatile HealthMonitor monitor;
    /**
     * Readmitted servers whose reconnect request the heal thread held when they were readmitted
     * (it re-queues it after its own failed try, with a delay of its interval times the tries so
     * far: 5 s and more after a few seconds down), by server id, with the time (nanos) after which
     * the health thread stops trying to move that request forward.
     */
    private final Map<String, Long> pendingReconnects = new java.util.concurrent.ConcurrentHashMap<>();
    /** How long the health thread keeps looking for a readmitted server's reconnect request. */
    private static final long PENDING_RECONNECT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

    /**
     * xmemcached's wait for one command's answer (every single-key operation with a reply waits
     * here), plus the failure signals: a timeout is reported to the session's server's health
     * ({@link io.hashring.client.FailureKind#TIMEOUT}); a write answered by a server other than its
     * key's primary failed over: it is remembered for the primary's cleanup and, for a text-protocol
     * store whose expiration exceeds the failover TTL cap, followed by a {@code touch} to the cap.
     */
    @Override
    protected void latchWait(Command cmd, long timeout, Session session) throws InterruptedException, TimeoutException {
        if (session == null && cmd.getLatch().getCount() == 0) {
            return; // answered by the connector without sending (missWhileEjected)
        }
        try {
            super.latchWait(cmd, timeout, session);
        } catch (TimeoutException e) {
            hashringLocator().recordTimeout(session);
            noteWrite(cmd, session);
            throw e;
        }
        noteWrite(cmd, session);
    }

    private void noteWrite(Command cmd, Session session) throws InterruptedException, TimeoutException {
        CommandType type = cmd.getCommandType();
        if (!isWrite(type) || !hashringLocator().noteWrite(cmd.getKey(), session)) {
            return;
        }
        if (cmd instanceof TextStoreCommand store) {
            int capped = hashringLocator().ledger().policy().cappedExpiration(store.getExpTime(),
                    System.currentTimeMillis() / 1000);
            if (capped > 0) {
                try {
                    touch(cmd.getKey(), capped);
                } catch (MemcachedException e) {
                    // the copy keeps its expiration; the cleanup on return still deletes it
                }
            }
        }
    }

    private static boolean isWrite(CommandType type) {
        return switch (type) {
            case SET, ADD, REPLACE, APPEND, PREPEND, CAS, DELETE, INCR, DECR, TOUCH -> true;
            default -> false;
        };
    }

    /** Starts the health thread (probes, readmission); called once the builder has configured the client. */
    void startHealth() {
        if (hashringLocator().snapshot().healthBook().policy().isEnabled() && monitor == null) {
            monitor = HealthMonitor.start(new HealthMonitor.Binding() {
                @Override
                public RoutingSnapshot<?> snapshot() {
                    return hashringLocator().snapshot();
                }

                @Override
                public void readmitted(Server server) {
                    if (!reconnectSoon(server)) {
                        pendingReconnects.put(server.id(), System.nanoTime() + PENDING_RECONNECT_NANOS);
                    }
                }

                @Override
                public void poll() {
                    retryPendingReconnects();
                }
            }, hashringLocator().ledger(), Duration.ofMillis(Math.max(1, getOpTimeout())));
        }
    }

    /**
     * A readmitted server without an open session is reconnected at xmemcached's earliest (1 s,
     * its minimum reconnect interval) with its try count reset, instead of after the heal thread's
     * interval times the failed tries so far: its pending reconnect request is taken out of the
     * heal thread's queue, rescheduled and put back.
     *
     * @return false if the server still has no open session and its request was not in the queue
     *     (the heal thread is trying it right now and will put it back with its long delay): the
     *     health thread then tries again on its next ticks ({@link #retryPendingReconnects()})
     */
    private boolean reconnectSoon(Server server) {
        InetSocketAddress address = hashringLocator().addressOf(server.id());
        RoutingSnapshot<Session[]> s = hashringLocator().snapshot();
        if (address == null || !s.contains(server.id())) {
            return true;
        }
        for (Session session : s.connection(s.indexOfId(server.id()))) {
            if (!session.isClosed()) {
                return true;
            }
        }
        java.util.Queue<ReconnectRequest> queue = connector.getReconnectRequestQueue();
        boolean moved = false;
        for (ReconnectRequest r : List.copyOf(queue)) {
            InetSocketAddressWrapper w = r.getInetSocketAddressWrapper();
            if (w != null && w.getMainNodeAddress() == null && address.equals(w.getResolvedSocketAddress()) && queue.remove(r)) {
                r.setTries(0);
                r.updateNextReconnectTimeStamp(0);
                queue.offer(r);
                moved = true;
            }
        }
        return moved;
    }

    /** Health thread, every tick: moves forward the requests {@link #reconnectSoon} could not find, for a bounded time. */
    private void retryPendingReconnects() {
        if (pendingReconnects.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        RoutingSnapshot<Session[]> s = hashringLocator().snapshot();
        pendingReconnects.entrySet().removeIf(e -> now - e.getValue() > 0 || !s.contains(e.getKey())
                || reconnectSoon(s.server(s.indexOfId(e.getKey()))));
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

    /** The membership's (it stops applying first), xmemcached's shutdown (what {@code shutdown()} runs), then the health thread's. */
    @Override
    protected void shutdown0() {
        io.hashring.client.membership.Membership ms = membership;
        if (ms != null) {
            ms.close();
        }
        try {
            super.shutdown0();
        } finally {
            HealthMonitor m = monitor;
            if (m != null) {
                m.close();
            }
        }
    }

    /**
     * Installs {@code provider} behind the key check: every key xmemcached sends passes
     * {@code provider.process} and then {@link MemcachedKeys#check(String)} (text protocol, no
     * {@code sanitizeKeys}).
     */
    @Override
    public void setKeyProvider(KeyProvider provider) {
        if (provider == null) {
            throw new IllegalArgumentException("key provider is null");
        }
        super.setKeyProvider(provider instanceof CheckedKeys c ? c : new CheckedKeys(provider));
    }

    /** The key provider given to {@link #setKeyProvider} (without the check around it). */
    @Override
    public KeyProvider getKeyProvider() {
        KeyProvider p = super.getKeyProvider();
        return p instanceof CheckedKeys c ? c.inner : p;
    }

    /** The user's key provider, then memcached's key rules. */
    private final class CheckedKeys implements KeyProvider {
        final KeyProvider inner;

        CheckedKeys(KeyProvider inner) {
            this.inner = inner;
        }

        @Override
        public String process(String key) {
            String k = inner.process(key);
            return getProtocol() == Protocol.Text && !isSanitizeKeys() ? MemcachedKeys.check(k) : k;
        }
    }

    /** The locator (runs during the super constructor too, so it reads the inherited field). */
    public HashringSessionLocator hashringLocator() {
        return (HashringSessionLocator) sessionLocator;
    }

    /** Every main server connection goes through here (initial servers and {@code addServer}): bind it to the ring first. */
    @Override
    protected void connect(InetSocketAddressWrapper wrapper) throws IOException {
        if (wrapper.getMainNodeAddress() == null && sessionLocator != null
                && hashringLocator().warm().enabled() && hashringLocator().isRetiring(wrapper.getResolvedSocketAddress())) {
            hashringLocator().warm().endWarmup(); // removed and still warming: close it before connecting anew
        }
        if (wrapper.getMainNodeAddress() == null) {
            int weight = hashringLocator().bind(wrapper.getResolvedSocketAddress(), Math.max(1, wrapper.getWeight()));
            wrapper.setWeight(weight);
        }
        super.connect(wrapper);
    }

    /**
     * Leaves the ring first (its keys move to their next server), then xmemcached closes the
     * sessions. xmemcached's {@code removeServer(String)} ends here too.
     *
     * @throws io.hashring.core.UnknownNodeException if no configured server is at this address (as the
     *                                               spymemcached adapter): nothing is changed
     */
    @Override
    public void removeServer(InetSocketAddress address) {
        hashringLocator().unbindKnown(address);
        if (!hashringLocator().warm().enabled()) {
            super.removeServer(address);
        } // else: closed when the warm-up window no longer needs it
    }

    /**
     * Adds a server with its configured identity ({@code host:port} as written, or its name) and
     * weight. Prefer it to xmemcached's {@code addServer(host, port, weight)}, whose servers are
     * named by numeric IP.
     */
    public void addServer(Server server) throws IOException {
        InetSocketAddress address = Resolved.address(server);
        if (hashringLocator().isRetiring(address)) {
            hashringLocator().warm().endWarmup(); // removed and still warming: close it before connecting anew
        }
        hashringLocator().register(server, address);
        try {
            addServer(address, server.weight());
        } catch (IOException | RuntimeException e) {
            hashringLocator().unbind(address); // all or nothing: the ring forgets it again
            throw e;
        }
    }

    /** Serialises {@link #replaceServers} (xmemcached's own changes take their own locks). */
    private final Object replacing = new Object();

    /**
     * Changes to a whole new server list as one routing change; see {@link ClientTopology#replace}.
     * Added and re-addressed servers are connected first, each on its own short-lived thread
     * (xmemcached's connect blocks up to its connect timeout), and waited for at most
     * {@link TopologyChange#CONNECT_WAIT}; their sessions stay off the ring until the swap.
     * Removed servers are disconnected as {@code removeServer} does, re-addressed servers' old
     * sessions right after the swap.
     *
     * @throws IllegalArgumentException if the list is empty or invalid: nothing is opened or changed
     */
    public TopologyChange replaceServers(List<Server> servers) {
        synchronized (replacing) {
            if (servers.isEmpty()) {
                throw new IllegalArgumentException("a server list must not be empty");
            }
            if (isShutdown()) {
                throw new IllegalStateException("the client is shut down");
            }
            HashringSessionLocator l = hashringLocator();
            RoutingSnapshot<Session[]> before = l.snapshot();
            TopologyChange change = TopologyChange.between(before.servers(), servers);
            List<Server> connect = change.toConnect();
            Map<String, InetSocketAddress> fresh = new java.util.LinkedHashMap<>();
            for (Server s : connect) {
                fresh.put(s.id(), Resolved.address(s));
            }
            l.checkReplace(servers, fresh);
            for (InetSocketAddress a : fresh.values()) {
                if (l.isRetiring(a)) {
                    l.warm().endWarmup(); // removed and still warming: close it before connecting anew
                    break;
                }
            }
            l.stage(fresh);
            for (Server s : connect) {
                InetSocketAddress a = fresh.get(s.id());
                Thread t = new Thread(() -> {
                    try {
                        addServer(a, s.weight());
                    } catch (IOException | RuntimeException e) {
                        System.getLogger("io.hashring.client").log(System.Logger.Level.WARNING,
                                "xmemcached client: connecting to server '" + s.id() + "' failed: " + e);
                    }
                }, "hashring-replace-connect-" + s.id());
                t.setDaemon(true);
                t.start();
            }
            List<String> late = TopologyChange.awaitConnected(connect, s -> l.hasOpenSession(fresh.get(s.id())),
                    TopologyChange.CONNECT_WAIT);
            List<InetSocketAddress> close;
            try {
                close = l.replace(servers, fresh);
            } catch (RuntimeException e) {
                l.unstage();
                fresh.values().forEach(super::removeServer); // all or nothing: close what was opened
                throw e;
            }
            close.forEach(super::removeServer);
            return change.withNotConnected(late).withMoved(before.router(), l.router()).warnIfLate("xmemcached client");
        }
    }

    /**
     * The servers and runtime changes as {@link ClientTopology}: {@code add} is
     * {@link #addServer(Server)}; {@code remove} removes the server bound to id's address through
     * xmemcached's {@code removeServer}; {@code reweight} validates the weight against the
     * placement first, then calls xmemcached's {@code setServerWeight}, so a rejected weight changes
     * nothing.
     */
    @Override
    public ClientTopology topology() {
        return topology;
    }

    private final ClientTopology topology = new ClientTopology() {
        @Override
        public List<Server> servers() {
            return hashringLocator().servers();
        }

        @Override
        public Router<Server> router() {
            return hashringLocator().router();
        }

        @Override
        public EjectionState health(String id) {
            return hashringLocator().health(id);
        }

        @Override
        public void add(Server server) throws IOException {
            addServer(server);
        }

        @Override
        public void remove(String id) {
            InetSocketAddress a = boundAddress(id);
            removeServer(a);
        }

        @Override
        public TopologyChange replace(List<Server> servers) {
            return replaceServers(servers);
        }

        @Override
        public void reweight(String id, int weight) {
            hashringLocator().checkReweight(id, weight);
            InetSocketAddress a = boundAddress(id);
            setServerWeight(a.getHostString() + ":" + a.getPort(), weight);
        }
    };

    private InetSocketAddress boundAddress(String id) {
        InetSocketAddress a = hashringLocator().addressOf(id);
        if (a == null) {
            throw new IllegalStateException("server '" + id + "' has not been connected yet");
        }
        return a;
    }

    /** The configured servers, in configuration order. */
    public List<Server> servers() {
        return hashringLocator().servers();
    }

    /** The current routing snapshot (which server owns a key, without health). */
    public Router<Server> router() {
        return hashringLocator().router();
    }

    /** Server {@code id}'s health under the ejection policy. */
    public EjectionState health(String id) {
        return hashringLocator().health(id);
    }
}
