package io.hashring.spymemcached;

import io.hashring.hash.interop.Placement;
import io.hashring.core.MemcachedKeys;
import io.hashring.hash.interop.Server;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
 * keys' new nodes; then it waits (bounded by the operation timeout) until the operations already
 * queued on the server have been answered; then it closes the connection. Operations that were
 * still queued but never written are re-routed by key to their new node (spymemcached itself
 * would put them back on the removed node). Only operations already written to the removed server
 * and unanswered when the wait ends can fail.
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
    private final Set<MemcachedNode> removed = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

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
        String id = Placement.idOf(server);
        for (Server s : hashringLocator().servers()) {
            if (Placement.idOf(s).equals(id)) {
                throw new IllegalArgumentException("server '" + id + "' is already configured");
            }
        }
        List<MemcachedNode> created = createConnections(List.of(new InetSocketAddress(server.host(), server.port())));
        hashringLocator().add(server, created.get(0));
    }

    /**
     * Removes a server from the ring, lets its in-flight operations finish (at most the operation
     * timeout), then closes its connection.
     *
     * @throws io.hashring.core.UnknownNodeException if no server has this id
     */
    public synchronized void removeServer(String id) {
        checkState();
        MemcachedNode node = hashringLocator().remove(id);
        removed.add(node);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(operationTimeoutMillis);
        // Bounded in time (the operation timeout) and in count (one check per millisecond at most).
        for (long i = 0; i < operationTimeoutMillis + 1 && System.nanoTime() - deadline < 0; i++) {
            if (!node.hasReadOp() && !node.hasWriteOp()) {
                break;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        nodesToShutdown.add(node);
        selector.wakeup();
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
        if (locator instanceof HashringNodeLocator l && !removed.contains(node)) {
            l.recordFailure(node.getSocketAddress());
        }
    }

    /** Operations queued for a removed server but never written go to their key's current node. */
    @Override
    public void redistributeOperation(Operation op) {
        MemcachedNode handler = op.getHandlingNode();
        if (handler != null && removed.contains(handler) && !op.isCancelled() && !op.isTimedOut()
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
