package io.hashring.spymemcached;

import io.hashring.client.Resolved;
import io.hashring.client.Placement;
import io.hashring.client.MemcachedKeys;
import io.hashring.hash.interop.Server;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.StampedLock;
import net.spy.memcached.ConnectionFactory;
import net.spy.memcached.ConnectionObserver;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedConnection;
import net.spy.memcached.MemcachedNode;
import net.spy.memcached.OperationFactory;
import net.spy.memcached.protocol.binary.BinaryOperationFactory;
import net.spy.memcached.ops.KeyedOperation;
import net.spy.memcached.ops.Operation;
import net.spy.memcached.ops.OperationState;

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
 * <h2>Keys</h2>
 * With the text protocol every key is checked with {@link MemcachedKeys#check(String)} before its
 * operation is queued: keys with spaces or control characters (tab, 0x01..0x1f, 0x7f), empty keys
 * and keys over 250 bytes are rejected with an {@code IllegalArgumentException} naming the bad byte
 * and are never sent. spymemcached's own check lets tab, most control characters and 0x7f through,
 * which memcached then stores or misparses.
 *
 * <h2>Health</h2>
 * Every lost connection and every failed connection attempt (spymemcached's {@code queueReconnect})
 * is a failure; every established connection is a success.
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
        // Validate before a socket is opened: a rejected server leaves no connection behind.
        hashringLocator().checkAddable(server);
        List<MemcachedNode> created = createConnections(List.of(Resolved.address(server)));
        hashringLocator().add(server, created.get(0));
        // createConnections wakes the selector before it registers the channel: wake it again so
        // the I/O thread's next select includes the new connection.
        selector.wakeup();
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
        if (sealed) {
            reroute(node, o);
        }
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

    /** Every single-key operation passes here: the key is checked before it can be sent. */
    @Override
    public void enqueueOperation(String key, Operation o) {
        checkKey(key);
        super.enqueueOperation(key, o);
    }

    @Override
    protected void queueReconnect(MemcachedNode node) {
        super.queueReconnect(node);
        Set<MemcachedNode> gone = removed;
        if (locator instanceof HashringNodeLocator l && (gone == null || !gone.contains(node))) {
            l.recordFailure(node.getSocketAddress());
        }
    }

    /** Operations queued for a removed server but never written go to their key's current node. */
    @Override
    public void redistributeOperation(Operation op) {
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
