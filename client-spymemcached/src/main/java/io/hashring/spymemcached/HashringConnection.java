package io.hashring.spymemcached;

import io.hashring.client.EjectionState;
import io.hashring.client.FailoverLedger;
import io.hashring.client.FailoverPolicy;
import io.hashring.client.FailureKind;
import io.hashring.client.Resolved;
import io.hashring.client.RoutingSnapshot;
import io.hashring.client.Placement;
import io.hashring.client.MemcachedKeys;
import io.hashring.client.MissWhileEjected;
import io.hashring.client.RoutingSnapshot;
import io.hashring.client.WarmWindow;
import io.hashring.hash.interop.Server;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.StampedLock;
import net.spy.memcached.CachedData;
import net.spy.memcached.ConnectionFactory;
import net.spy.memcached.ConnectionObserver;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedConnection;
import net.spy.memcached.MemcachedNode;
import net.spy.memcached.OperationFactory;
import net.spy.memcached.protocol.binary.BinaryOperationFactory;
import io.hashring.client.TopologyChange;
import java.util.LinkedHashMap;
import java.util.HashMap;
import net.spy.memcached.ops.CASOperation;
import net.spy.memcached.ops.ConcatenationOperation;
import net.spy.memcached.ops.DeleteOperation;
import net.spy.memcached.ops.GetOperation;
import net.spy.memcached.ops.KeyedOperation;
import net.spy.memcached.ops.MutatorOperation;
import net.spy.memcached.ops.Operation;
import net.spy.memcached.ops.OperationCallback;
import net.spy.memcached.ops.OperationState;
import net.spy.memcached.ops.OperationStatus;
import net.spy.memcached.ops.StatusCode;
import net.spy.memcached.ops.StoreOperation;
import net.spy.memcached.ops.StoreType;
import net.spy.memcached.ops.TouchOperation;

/**
 * spymemcached's {@link MemcachedConnection} with what it lacks: servers added and removed at
 * runtime, and health reporting to the {@link HashringNodeLocator}'s ejection policy.
 *
 * <h2>Removing a server without failing other operations</h2>
 * {@link #removeServer} first publishes a ring without the server, so new operations go to the
 * keys' new nodes. Then it seals the server: an operation routed to it by a snapshot read before
 * the change, and handed to the connection after the seal, goes to its key's new node instead
 * ({@link #addOperation(MemcachedNode, Operation)}). The I/O thread then waits (bounded by the
 * operation timeout) until every operation handed to the server before the seal has been written
 * and answered, including those still in its input queue, and only then closes the connection; the
 * check runs on the I/O thread, between its own passes over the queues, so no operation can be
 * written between the check and the close. Operations still queued but never written when the
 * connection closes are re-routed by key to their new node (spymemcached itself would put them back
 * on the removed node). Only operations already written to the removed server and unanswered when
 * the wait ends can fail.
 *
 * <h2>Warm migration</h2>
 * With warm migration on ({@link io.hashring.client.WarmMigration}), {@link #removeServer} only
 * publishes the ring without the server: the server stays connected, unsealed, so warm reads and
 * invalidations routed to it reach it; it is sealed, drained and closed as above when the
 * warm-up window no longer needs it ({@link #retire}). Every single-key write queued while a
 * window is open ({@link #enqueueOperation}: set, add, replace, cas, append, prepend, incr, decr,
 * touch, delete, sync or async) first queues a delete of the key on each of its old servers; an
 * {@code add}, {@code replace}, {@code append}, {@code prepend}, {@code incr}, {@code decr} or
 * {@code touch} of a key the new server lacks first copies the old server's value there (up to
 * three round trips on the calling thread, bounded by the operation timeout each), so they act on
 * the value the key has. The warm machinery's own operations are never re-routed: if their server
 * fails they are cancelled (a miss, or an invalidation that failed), not sent to the key's new
 * server.
 *
 * <h2>Keys</h2>
 * With the text protocol every key is checked with {@link MemcachedKeys#check(String)} before its
 * operation is queued: keys with spaces or control characters (tab, 0x01..0x1f, 0x7f), empty keys
 * and keys over 250 bytes are rejected with an {@code IllegalArgumentException} naming the bad byte
 * and are never sent. spymemcached's own check lets tab, most control characters and 0x7f through,
 * which memcached then stores or misparses.
 *
 * <h2>Health</h2>
 * Every lost connection ({@link FailureKind#CONNECTION_LOST}) and every failed connection attempt
 * ({@link FailureKind#CONNECT_FAILED}), both seen in spymemcached's {@code queueReconnect}, is a
 * failure; every established connection is a success. Operation timeouts
 * ({@link FailureKind#TIMEOUT}) are reported by the nodes themselves, on the caller's thread as its
 * future times out ({@link TimeoutReportingNode}); nodes not created by a
 * {@link HashringConnectionFactory} are read from spymemcached's per-node continuous-timeout
 * counter by the client's health thread ({@link #pollTimeouts()}, every 50 ms).
 *
 * <h2>Writes that fail over</h2>
 * A write (store, cas, append/prepend, delete, incr/decr, touch) handed to a node other than its
 * key's primary (because the primary is ejected or not connected) is remembered in the client's
 * {@link FailoverLedger}, its primary is ejected until a probe has cleaned it up, and a store, cas
 * or incr is followed on the same connection by a {@code touch} to the {@link FailoverPolicy#ttlCap()}
 * (spymemcached's operations cannot change their expiration once built).
 *
 * <p>Topology changes are serialised; routing never waits for them.
 */
public class HashringConnection extends MemcachedConnection {

    private final OperationFactory operations;
    private final boolean textProtocol;
    private final long operationTimeoutMillis;
    // spymemcached's constructor starts the I/O thread, which can call handleIO, addOperation and
    // redistributeOperation before these fields are assigned: they are volatile and read null-safe.

    /** Removed servers' connections (identity set, copied on write; removals are rare). */
    private volatile Set<MemcachedNode> removed = Collections.emptySet();
    /**
     * Orders handing an operation to a node against sealing that node: {@link #addOperation(MemcachedNode, Operation)}
     * holds the read lock from its check of {@link #removed} until the operation is in the node's
     * input queue; {@link #removeServer} takes the write lock to add the node to {@link #removed}.
     */
    private volatile StampedLock admission = new StampedLock();
    /** Removed nodes whose queued operations the I/O thread is waiting for before it closes them. */
    private volatile ConcurrentLinkedQueue<Drain> draining = new ConcurrentLinkedQueue<>();

    /** Operations of the warm machinery (old-server reads, invalidations): never re-routed. Guarded by itself. */
    private volatile Map<Operation, Boolean> pinned = new WeakHashMap<>();
    /** The client's failed-over writes (null only while spymemcached's constructor runs). */
    private volatile FailoverLedger ledger;
    /** Each node's continuous-timeout count when {@link #pollTimeouts()} last read it; health thread only. */
    private final Map<MemcachedNode, Integer> timeoutsSeen = new IdentityHashMap<>();

    /** A removed node, the time by which it is closed whatever it still has queued, and who waits for it. */
    private record Drain(MemcachedNode node, long deadlineNanos, CountDownLatch closing) {
    }

    public HashringConnection(int bufSize, ConnectionFactory f, List<InetSocketAddress> a,
                              Collection<ConnectionObserver> obs, FailureMode fm, OperationFactory opfactory)
            throws IOException {
        super(bufSize, f, a, obs, fm, opfactory);
        this.operations = opfactory;
        this.textProtocol = !(opfactory instanceof BinaryOperationFactory);
        this.operationTimeoutMillis = f.getOperationTimeout();
        this.ledger = f instanceof HashringConnectionFactory h ? h.ledger() : new FailoverLedger(FailoverPolicy.defaults());
        if (f instanceof HashringConnectionFactory h) {
            h.bind(this);
        }
        addObserver(new ConnectionObserver() {
            @Override
            public void connectionEstablished(SocketAddress sa, int reconnectCount) {
                hashringLocator().recordSuccess(sa);
            }

            @Override
            public void connectionLost(SocketAddress sa) {
                // counted in queueReconnect, which also sees failed connection attempts
            }
        });
        // spymemcached's constructor has started the I/O thread, which may have connected some
        // nodes before the observer above was added: count those too (twice is harmless). Without
        // this a server looked never connected, and writes that failed over from it were not
        // remembered for its cleanup (R5.2 saw stale reads in about one run in five).
        for (MemcachedNode node : getLocator().getAll()) {
            if (node.isActive()) {
                hashringLocator().recordSuccess(node.getSocketAddress());
            }
        }
        hashringLocator().warm().onRelease((server, node) -> retire(node));
    }

    private WarmWindow<MemcachedNode> warm() {
        return hashringLocator().warm();
    }

    /** The locator this connection routes with. */
    public HashringNodeLocator hashringLocator() {
        return (HashringNodeLocator) getLocator();
    }

    /**
     * Connects to a new server and adds it to the ring. Keys that now belong to it move to it;
     * no other key moves (with a monotone placement such as the default).
     *
     * @throws IllegalArgumentException if a server with the same id is configured
     */
    public synchronized void addServer(Server server) throws IOException {
        checkState();
        if (warm().references(server.id())) {
            // It was removed and is still warming, connected: end the window (closing that
            // connection) rather than hold two connections for one server.
            warm().endWarmup();
        }
        // Validate before a socket is opened: a rejected server leaves no connection behind.
        InetSocketAddress address = Resolved.address(server);
        hashringLocator().checkAddable(server, address);
        List<MemcachedNode> created = createConnections(List.of(address));
        try {
            hashringLocator().add(server, created.get(0));
        } catch (RuntimeException e) {
            nodesToShutdown.addAll(created); // all or nothing: the I/O thread closes the new connection
            selector.wakeup();
            throw e;
        }
        // createConnections wakes the selector before it registers the channel: wake it again so
        // the I/O thread's next select includes the new connection.
        selector.wakeup();
    }

    /**
     * Changes to a whole new server list as one snapshot; see
     * {@link io.hashring.client.ClientTopology#replace}. Connections to added and re-addressed
     * servers are opened first and waited for (bounded); removed servers are retired as
     * {@link #removeServer} does, re-addressed servers' old connections right away.
     *
     * @throws IllegalArgumentException if the list is empty or invalid: nothing is opened or changed
     */
    public synchronized TopologyChange replaceServers(List<Server> servers) throws IOException {
        checkState();
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("a server list must not be empty");
        }
        HashringNodeLocator l = hashringLocator();
        TopologyChange change = TopologyChange.between(l.servers(), servers);
        List<Server> connect = change.toConnect();
        Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();
        for (Server s : connect) {
            addresses.put(s.id(), Resolved.address(s));
        }
        l.checkReplace(servers, addresses);
        for (Server s : change.added()) {
            if (warm().references(s.id())) {
                warm().endWarmup(); // removed and still warming, connected: close it rather than hold two
                break;
            }
        }
        List<MemcachedNode> created = addresses.isEmpty() ? List.of() : createConnections(List.copyOf(addresses.values()));
        Map<String, MemcachedNode> fresh = new HashMap<>();
        for (int i = 0; i < connect.size(); i++) {
            fresh.put(connect.get(i).id(), created.get(i));
        }
        l.stage(created);
        selector.wakeup();
        List<String> late = TopologyChange.awaitConnected(connect, s -> fresh.get(s.id()).isActive(), TopologyChange.CONNECT_WAIT);
        HashringNodeLocator.Replaced r;
        try {
            r = l.replace(servers, fresh);
        } catch (RuntimeException e) {
            l.unstage();
            nodesToShutdown.addAll(created); // all or nothing: the I/O thread closes the new connections
            selector.wakeup();
            throw e;
        }
        if (!warm().enabled()) {
            r.removed().forEach(this::retire); // else: retire(node) runs when the window no longer needs it
        }
        r.stale().forEach(this::retire); // same id, same keys: the old address is not needed for warming
        return change.withNotConnected(late).withMoved(r.before().router(), l.router()).warnIfLate("spymemcached client");
    }

    /**
     * Removes a server from the ring, lets its in-flight operations finish (at most the operation
     * timeout), then closes its connection. Returns once the I/O thread has queued the close, or
     * after the operation timeout (the close then follows on the I/O thread's next pass).
     *
     * @throws io.hashring.core.UnknownNodeException if no server has this id
     */
    public synchronized void removeServer(String id) {
        checkState();
        MemcachedNode node = hashringLocator().remove(id);
        if (warm().enabled()) {
            return; // still warming: retire(node) runs when the window no longer needs it
        }
        retire(node);
    }

    /**
     * Seals a node no snapshot routes to, lets its queued operations finish (at most the operation
     * timeout), then closes it. See {@link #removeServer}.
     */
    synchronized void retire(MemcachedNode node) {
        if (removed.contains(node)) {
            return;
        }
        long stamp = admission.writeLock();
        try {
            Set<MemcachedNode> next = Collections.newSetFromMap(new IdentityHashMap<>());
            next.addAll(removed);
            next.add(node);
            removed = Collections.unmodifiableSet(next);
        } finally {
            admission.unlockWrite(stamp);
        }
        // From here on no operation reaches the node's input queue: what it holds now is all it gets.
        Drain drain = new Drain(node, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(operationTimeoutMillis),
                new CountDownLatch(1));
        draining.add(drain);
        selector.wakeup();
        try {
            if (!drain.closing().await(operationTimeoutMillis, TimeUnit.MILLISECONDS)) {
                selector.wakeup(); // the deadline has passed: let the I/O thread see it now
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * spymemcached's I/O loop, plus closing removed nodes once drained. Runs on the I/O thread only.
     */
    @Override
    public void handleIO() throws IOException {
        super.handleIO();
        ConcurrentLinkedQueue<Drain> pending = draining;
        if (pending != null && !pending.isEmpty()) {
            closeDrainedNodes(pending);
        }
    }

    /**
     * Queues the close of every removed node that has nothing left to write or read (or whose
     * deadline has passed). Called on the I/O thread after a full pass, so an operation still in a
     * node's input queue keeps the node in {@code addedQueue} (spymemcached offers the node after
     * queueing the operation, and the seal makes both happen before the drain starts).
     */
    private void closeDrainedNodes(ConcurrentLinkedQueue<Drain> pending) {
        long now = System.nanoTime();
        for (Drain d : pending) {
            MemcachedNode n = d.node();
            boolean idle = !addedQueue.contains(n) && !n.hasReadOp() && !n.hasWriteOp();
            if (idle || now - d.deadlineNanos() >= 0) {
                pending.remove(d);
                nodesToShutdown.add(n);
                d.closing().countDown();
                selector.wakeup(); // close it on the next pass, without waiting for the select timeout
            }
        }
    }

    /**
     * spymemcached's enqueue on a node, except that an operation for a removed node (routed by a
     * ring snapshot read before the removal) goes to its key's current node instead.
     */
    @Override
    protected void addOperation(MemcachedNode node, Operation o) {
        StampedLock lock = admission;
        Set<MemcachedNode> gone = removed;
        if (lock == null || gone == null) { // still in spymemcached's constructor: nothing is removed yet
            super.addOperation(node, o);
            return;
        }
        WarmWindow<MemcachedNode> w = locator instanceof HashringNodeLocator l ? l.warm() : null;
        boolean own = w != null && w.inScope();
        if (own) {
            pin(o);
        }
        boolean sealed;
        long stamp = lock.readLock();
        try {
            sealed = removed.contains(node);
            if (!sealed) {
                super.addOperation(node, o);
            }
        } finally {
            lock.unlockRead(stamp);
        }
        if (sealed && (own || isPinned(o))) {
            o.cancel(); // the warm machinery's own operation: its server is gone, never send it elsewhere
        } else if (sealed) {
            reroute(node, o);
        } else {
            noteFailover(node, o);
        }
    }

    private void pin(Operation o) {
        Map<Operation, Boolean> p = pinned;
        synchronized (p) {
            p.put(o, Boolean.TRUE);
        }
    }

    private boolean isPinned(Operation o) {
        Map<Operation, Boolean> p = pinned;
        if (p == null) {
            return false;
        }
        synchronized (p) {
            return p.containsKey(o);
        }
    }

    /**
     * If {@code o} is a write handed to a node other than its key's primary: remembers it, ejects
     * the primary until a probe cleans it up, and caps the copy's TTL with a {@code touch} queued
     * right behind it on the same node.
     */
    private void noteFailover(MemcachedNode node, Operation o) {
        FailoverLedger l = ledger;
        if (l == null || !(o instanceof KeyedOperation keyed) || !isWrite(o) || keyed.getKeys().size() != 1 || isPinned(o)
                || !(locator instanceof HashringNodeLocator hl)) {
            return;
        }
        WarmWindow<MemcachedNode> warmWindow = hl.warm();
        if (warmWindow != null && warmWindow.isOpen()) {
            return; // a warm-up window sends reads, copies and old-owner deletes elsewhere on purpose
        }
        String key = keyed.getKeys().iterator().next();
        RoutingSnapshot<MemcachedNode> s = hl.snapshot();
        if (s.size() == 0) {
            return;
        }
        int primary = s.indexOf(key);
        if (s.connection(primary) == node || !s.health(primary).hasConnected()) {
            return; // its own server, or one that never had a connection (nothing old on it from us)
        }
        int landed = s.indexOfConnection(node);
        l.record(s.server(primary).id(), key, landed < 0 ? null : s.server(landed).id());
        EjectionState owner = s.health(primary);
        owner.ejectNow(FailureKind.CONNECTION_LOST);
        int exp = o instanceof StoreOperation so ? so.getExpiration()
                : o instanceof CASOperation co ? co.getExpiration()
                : o instanceof MutatorOperation mo ? mo.getExpiration() : -1;
        if (exp < 0 || o instanceof TouchOperation) {
            return;
        }
        int capped = l.policy().cappedExpiration(exp, System.currentTimeMillis() / 1000);
        if (capped > 0) {
            super.addOperation(node, operations.touch(key, capped, IGNORE));
        }
    }

    /** The TTL-capping touch's callback: its outcome changes nothing (a miss means the write was not stored). */
    private static final OperationCallback IGNORE = new OperationCallback() {
        @Override
        public void receivedStatus(OperationStatus status) {
        }

        @Override
        public void complete() {
        }
    };

    /**
     * Reports operation timeouts: each node's spymemcached continuous-timeout counter (raised by
     * every timed-out operation future, reset by a successful one) is compared with its value at
     * the last call; each increase is reported as that many {@link FailureKind#TIMEOUT}s. Called by
     * the client's health thread only.
     */
    public void pollTimeouts() {
        if (!(locator instanceof HashringNodeLocator hl)) {
            return;
        }
        RoutingSnapshot<MemcachedNode> s = hl.snapshot();
        Map<MemcachedNode, Integer> live = new IdentityHashMap<>();
        for (int i = 0; i < s.size(); i++) {
            MemcachedNode n = s.connection(i);
            if (n instanceof TimeoutReportingNode) {
                continue; // reports its timeouts as they happen
            }
            int now = n.getContinuousTimeout();
            Integer before = timeoutsSeen.get(n);
            int seen = before == null ? 0 : before;
            int k = Math.max(1, s.health(i).policy().failureThreshold());
            for (int t = Math.min(now - seen, k); t > 0; t--) {
                s.health(i).recordFailure(FailureKind.TIMEOUT);
            }
            live.put(n, now);
        }
        timeoutsSeen.clear();
        timeoutsSeen.putAll(live);
    }

    /** Sends an operation addressed to removed node {@code from} to its key's current node, or cancels it. */
    private void reroute(MemcachedNode from, Operation o) {
        if (o instanceof KeyedOperation keyed && keyed.getKeys().size() == 1 && !o.isCancelled()) {
            addOperation(keyed.getKeys().iterator().next(), o);
        } else if (o instanceof KeyedOperation && !o.isCancelled()) {
            o.setHandlingNode(from);
            redistributeOperation(o); // one clone per key, each routed by key
        } else {
            getLogger().warn("Cancelling %s: addressed to removed server %s and has no key to route by", o, from);
            o.cancel();
        }
    }

    /**
     * Checks a key as memcached's text protocol requires before any operation for it is queued
     * (spymemcached's own check follows); the binary protocol keeps spymemcached's check only.
     *
     * @throws MemcachedKeys.InvalidKeyException naming the forbidden byte or the length
     */
    public String checkKey(String key) {
        return textProtocol ? MemcachedKeys.check(key) : key;
    }

    /**
     * Every single-key operation passes here: the key is checked before it can be sent, and while
     * a warm-up window is open a write also invalidates the key's old servers (see the class
     * javadoc).
     */
    @Override
    public void enqueueOperation(String key, Operation o) {
        checkKey(key);
        WarmWindow<MemcachedNode> w = locator instanceof HashringNodeLocator l ? l.warm() : null;
        if ((w == null || !w.inScope()) && answerIfDropped(key, o)) {
            return;
        }
        if (w == null || !w.enabled() || w.inScope() || !isWrite(o)) {
            super.enqueueOperation(key, o);
            return;
        }
        RoutingSnapshot<MemcachedNode> now = hashringLocator().snapshot();
        List<WarmWindow.OldOwner<MemcachedNode>> olds = w.oldOwners(now, key, false);
        if (olds.isEmpty()) {
            super.enqueueOperation(key, o);
            return;
        }
        boolean delete = o instanceof DeleteOperation;
        if (delete) {
            w.beginDelete(key, operationTimeoutMillis);
        } else if (actsOnExistingValue(o)) {
            warmFirst(w, now, key);
        }
        invalidate(w, key, olds, delete);
        super.enqueueOperation(key, o);
    }

    /** What an operation not sent under {@link FailoverPolicy#missWhileEjected()} reports. */
    static final OperationStatus DROPPED = new OperationStatus(false,
            "NOT_FOUND (not sent: the key's server is ejected, missWhileEjected)", StatusCode.ERR_NOT_FOUND);

    /**
     * Under {@link FailoverPolicy#missWhileEjected()}, answers an operation on a key whose server is
     * ejected (or not connected: spymemcached would redistribute it) at once, without sending it: its callback gets {@link #DROPPED} and completes, so a get
     * returns null, a store, delete, touch or cas reports false / {@code NOT_FOUND}, an incr/decr -1.
     *
     * @return whether the operation was answered here
     */
    private boolean answerIfDropped(String key, Operation o) {
        FailoverLedger l = ledger;
        if (l == null || !l.policy().missesWhileEjected() || !(locator instanceof HashringNodeLocator hl)) {
            return false;
        }
        RoutingSnapshot<MemcachedNode> s = hl.snapshot();
        int owner = MissWhileEjected.droppedOwner(s, l, key, i -> s.connection(i).isActive());
        if (owner < 0) {
            return false;
        }
        MissWhileEjected.dropped(s, l, owner, key, isWrite(o));
        OperationCallback cb = o.getCallback();
        cb.receivedStatus(DROPPED);
        cb.complete();
        return true;
    }

    private static boolean isWrite(Operation o) {
        return o instanceof StoreOperation || o instanceof CASOperation || o instanceof ConcatenationOperation
                || o instanceof MutatorOperation || o instanceof TouchOperation || o instanceof DeleteOperation;
    }

    /** Writes whose result depends on the key's existing value (a plain set and a cas do not need the copy). */
    private static boolean actsOnExistingValue(Operation o) {
        return (o instanceof StoreOperation st && st.getStoreType() != StoreType.set)
                || o instanceof ConcatenationOperation || o instanceof MutatorOperation || o instanceof TouchOperation;
    }

    /** Whether an old server can be asked: connected and not ejected. */
    static boolean usable(WarmWindow.OldOwner<MemcachedNode> o) {
        return o.connection().isActive() && !o.snapshot().isEjected(o.index());
    }

    /**
     * Queues a delete of {@code key} on each old server; each answer is counted (a failure makes
     * the server untrusted for reads); when all are answered (or the operation timeout passed)
     * and {@code delete}, ends the delete in the window's guard.
     */
    @SuppressWarnings("try") // a WarmWindow scope is a thread-local marker: the body never names it
    private void invalidate(WarmWindow<MemcachedNode> w, String key, List<WarmWindow.OldOwner<MemcachedNode>> olds,
                            boolean delete) {
        AtomicInteger left = new AtomicInteger(olds.size());
        Runnable oneDone = () -> {
            if (left.decrementAndGet() == 0 && delete) {
                w.endDelete(key);
            }
        };
        for (WarmWindow.OldOwner<MemcachedNode> old : olds) {
            Server server = old.server();
            MemcachedNode node = old.connection();
            if (!node.isActive()) {
                w.recordInvalidation(server, false);
                oneDone.run();
                continue;
            }
            AtomicBoolean answered = new AtomicBoolean();
            AtomicReference<OperationStatus> status = new AtomicReference<>();
            DeleteOperation op = operations.delete(key, new DeleteOperation.Callback() {
                @Override
                public void receivedStatus(OperationStatus s) {
                    status.set(s);
                }

                @Override
                public void gotData(long cas) {
                }

                @Override
                public void complete() {
                    if (answered.compareAndSet(false, true)) {
                        OperationStatus s = status.get();
                        w.recordInvalidation(server, s != null
                                && (s.isSuccess() || s.getStatusCode() == StatusCode.ERR_NOT_FOUND));
                        oneDone.run();
                    }
                }
            });
            try (WarmWindow<MemcachedNode>.Scope own = w.internal()) {
                addOperation(node, op);
            } catch (RuntimeException e) {
                if (answered.compareAndSet(false, true)) {
                    w.recordInvalidation(server, false);
                    oneDone.run();
                }
                continue;
            }
            w.afterMillis(operationTimeoutMillis, () -> {
                if (!answered.get()) {
                    op.timeOut(); // calls complete(): counted as a failed invalidation
                }
            });
        }
    }

    /**
     * Before a write that acts on the existing value: if the key's current server lacks it, copy
     * it there from an old server (raw bytes and flags, with the copy TTL cap).
     */
    @SuppressWarnings("try") // a WarmWindow scope is a thread-local marker: the body never names it
    private void warmFirst(WarmWindow<MemcachedNode> w, RoutingSnapshot<MemcachedNode> now, String key) {
        try (WarmWindow<MemcachedNode>.Scope own = w.internal()) {
            if (rawGet(null, key) != null) {
                return;
            }
        } catch (RuntimeException e) {
            return; // the write itself will report the server's failure
        }
        w.readThrough(now, key, HashringConnection::usable, (old, k) -> {
            try (WarmWindow<MemcachedNode>.Scope own = w.internal()) {
                return rawGet(old.connection(), k);
            }
        }, (values, exp) -> {
            List<String> stored = new java.util.ArrayList<>();
            try (WarmWindow<MemcachedNode>.Scope own = w.internal()) {
                for (Map.Entry<String, CachedData> e : values.entrySet()) {
                    int owner = now.indexOf(e.getKey());
                    MemcachedNode node = now.connection(owner);
                    if (node.isActive() && !now.isEjected(owner) && rawAdd(node, e.getKey(), e.getValue(), exp)) {
                        stored.add(e.getKey());
                    }
                }
            }
            return stored;
        });
    }

    /** A raw get of {@code key} from {@code node} (null: its current server); null on a miss. Blocks up to the operation timeout. */
    private CachedData rawGet(MemcachedNode node, String key) {
        AtomicReference<CachedData> value = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Operation op = operations.get(key, new GetOperation.Callback() {
            @Override
            public void receivedStatus(OperationStatus s) {
            }

            @Override
            public void gotData(String k, int flags, byte[] data) {
                value.set(new CachedData(flags, data, CachedData.MAX_SIZE));
            }

            @Override
            public void complete() {
                done.countDown();
            }
        });
        if (node == null) {
            super.enqueueOperation(key, op);
        } else {
            addOperation(node, op);
        }
        await(done, op, "get " + key);
        return value.get();
    }

    /** A raw {@code add} to {@code node} (the key's own server); whether it stored. Blocks up to the operation timeout. */
    private boolean rawAdd(MemcachedNode node, String key, CachedData value, int exp) {
        AtomicBoolean stored = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Operation op = operations.store(StoreType.add, key, value.getFlags(), exp, value.getData(),
                new StoreOperation.Callback() {
                    @Override
                    public void receivedStatus(OperationStatus s) {
                        stored.set(s.isSuccess());
                    }

                    @Override
                    public void gotData(String k, long cas) {
                    }

                    @Override
                    public void complete() {
                        done.countDown();
                    }
                });
        addOperation(node, op);
        await(done, op, "add " + key);
        return stored.get();
    }

    private void await(CountDownLatch done, Operation op, String what) {
        try {
            if (!done.await(operationTimeoutMillis, TimeUnit.MILLISECONDS)) {
                op.timeOut();
                throw new IllegalStateException(what + " timed out after " + operationTimeoutMillis + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            op.cancel();
            throw new IllegalStateException("interrupted during " + what, e);
        }
        if (op.isCancelled() || op.hasErrored()) {
            throw new IllegalStateException(what + " failed: " + (op.hasErrored() ? op.getException() : "cancelled"));
        }
    }

    @Override
    protected void queueReconnect(MemcachedNode node) {
        boolean wasConnected = node.isActive(); // a lost connection, not a failed attempt
        super.queueReconnect(node);
        Set<MemcachedNode> gone = removed;
        if (locator instanceof HashringNodeLocator l && (gone == null || !gone.contains(node))) {
            l.recordFailure(node.getSocketAddress(), wasConnected ? FailureKind.CONNECTION_LOST : FailureKind.CONNECT_FAILED);
        }
    }

    /** Operations queued for a removed server but never written go to their key's current node. */
    @Override
    public void redistributeOperation(Operation op) {
        if (isPinned(op)) {
            op.cancel(); // a warm read or invalidation of an old server: never re-routed to the key's new server
            return;
        }
        MemcachedNode handler = op.getHandlingNode();
        Set<MemcachedNode> gone = removed;
        if (handler != null && gone != null && gone.contains(handler) && !op.isCancelled() && !op.isTimedOut()
                && op.getState() == OperationState.WRITE_QUEUED && op instanceof KeyedOperation keyed) {
            for (Operation clone : operations.clone(keyed)) {
                if (clone instanceof KeyedOperation k) {
                    for (String key : k.getKeys()) {
                        addOperation(key, clone);
                    }
                    op.addClone(clone);
                    clone.setCloneCount(op.getCloneCount() + 1);
                } else {
                    clone.cancel();
                }
            }
            return;
        }
        super.redistributeOperation(op);
    }
}
