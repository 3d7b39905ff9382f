package io.hashring.spymemcached;

import io.hashring.client.EjectionPolicy;
import io.hashring.client.FailoverLedger;
import io.hashring.client.FailoverPolicy;
import io.hashring.client.Placement;
import io.hashring.client.WarmMigration;
import io.hashring.client.Resolved;
import io.hashring.client.ServerHealth;
import io.hashring.hash.interop.Server;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import net.spy.memcached.ConnectionFactory;
import net.spy.memcached.ConnectionObserver;
import net.spy.memcached.FailureMode;
import net.spy.memcached.HashAlgorithm;
import net.spy.memcached.MemcachedConnection;
import net.spy.memcached.MemcachedNode;
import net.spy.memcached.NodeLocator;
import net.spy.memcached.OperationFactory;
import net.spy.memcached.auth.AuthDescriptor;
import net.spy.memcached.metrics.MetricCollector;
import net.spy.memcached.metrics.MetricType;
import net.spy.memcached.ops.Operation;
import net.spy.memcached.transcoders.Transcoder;

/**
 * A {@link ConnectionFactory} that delegates every setting to the user's factory (typically
 * {@code new ConnectionFactoryBuilder()...build()}: protocol, timeouts, transcoder, failure mode,
 * queues, observers, auth, metrics, executor) and replaces two things: the locator (a
 * {@link HashringNodeLocator}) and the connection (a {@link HashringConnection}, which adds runtime
 * topology changes). The delegate's own locator and hash algorithm are not used.
 *
 * <p>One factory serves one client: the servers are the ones the client is created with, in the
 * same order.
 */
public class HashringConnectionFactory implements ConnectionFactory {

    private final ConnectionFactory delegate;
    private final List<Server> servers;
    private final Placement placement;
    private final ServerHealth health;
    private final FailoverLedger ledger;
    private final WarmMigration warmMigration;

    public HashringConnectionFactory(ConnectionFactory delegate, List<Server> servers, Placement placement,
                                     EjectionPolicy ejection) {
        this(delegate, servers, placement, ejection, WarmMigration.off());
    }

    /** With warm migration ({@link WarmMigration#off()} for none). */
    public HashringConnectionFactory(ConnectionFactory delegate, List<Server> servers, Placement placement,
                                     EjectionPolicy ejection, WarmMigration warmMigration) {
        this(delegate, servers, placement, new ServerHealth(ejection), new FailoverLedger(FailoverPolicy.defaults()),
                warmMigration);
    }

    /**
     * A factory whose client keeps health in {@code health}, remembers failed-over writes in
     * {@code ledger}, and migrates warm as {@code warmMigration} says.
     */
    public HashringConnectionFactory(ConnectionFactory delegate, List<Server> servers, Placement placement,
                                     ServerHealth health, FailoverLedger ledger, WarmMigration warmMigration) {
        this.warmMigration = Objects.requireNonNull(warmMigration, "warmMigration");
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.servers = List.copyOf(servers);
        this.placement = Objects.requireNonNull(placement, "placement");
        this.health = Objects.requireNonNull(health, "health");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /**
     * The socket addresses to give {@code MemcachedClient}, in configuration order, resolved once,
     * here, before the client opens anything: an unresolvable host or two servers at one address
     * fail here, so a rejected configuration leaves no selector, socket or thread behind.
     *
     * @throws IllegalArgumentException naming the unresolvable host, or the two servers sharing an address
     */
    public List<InetSocketAddress> addresses() {
        Map<InetSocketAddress, String> seen = new HashMap<>();
        for (Server s : servers) {
            String other = seen.put(Resolved.address(s), s.id());
            if (other != null) {
                throw new IllegalArgumentException("servers '" + other + "' and '" + s.id() + "' share the address "
                        + Resolved.address(s));
            }
        }
        return servers.stream().map(Resolved::address).toList();
    }

    /** The health book of the client built with this factory. */
    public ServerHealth health() {
        return health;
    }

    /** The failed-over writes of the client built with this factory. */
    public FailoverLedger ledger() {
        return ledger;
    }

    @Override
    public MemcachedConnection createConnection(List<InetSocketAddress> addrs) throws IOException {
        return new HashringConnection(getReadBufSize(), this, addrs, getInitialObservers(), getFailureMode(),
                getOperationFactory());
    }

    @Override
    public NodeLocator createLocator(List<MemcachedNode> nodes) {
        return new HashringNodeLocator(servers, nodes, placement, health, getFailureMode() == FailureMode.Redistribute,
                warmMigration);
    }

    /** The user's factory. */
    public ConnectionFactory delegate() {
        return delegate;
    }

    /** The connection this factory's client uses, once it exists (for timeout reports). */
    private volatile HashringConnection connection;

    void bind(HashringConnection c) {
        this.connection = c;
    }

    /**
     * The delegate's node, wrapped so that it reports each operation timeout at once
     * ({@link TimeoutReportingNode}) to this factory's client's health.
     */
    @Override
    public MemcachedNode createMemcachedNode(SocketAddress sa, SocketChannel c, int bufSize) {
        return new TimeoutReportingNode(delegate.createMemcachedNode(sa, c, bufSize), node -> {
            HashringConnection conn = connection;
            if (conn != null) {
                conn.hashringLocator().recordFailure(node.getSocketAddress(), io.hashring.client.FailureKind.TIMEOUT);
            }
        });
    }

    @Override
    public BlockingQueue<Operation> createOperationQueue() {
        return delegate.createOperationQueue();
    }

    @Override
    public BlockingQueue<Operation> createReadOperationQueue() {
        return delegate.createReadOperationQueue();
    }

    @Override
    public BlockingQueue<Operation> createWriteOperationQueue() {
        return delegate.createWriteOperationQueue();
    }

    @Override
    public long getOpQueueMaxBlockTime() {
        return delegate.getOpQueueMaxBlockTime();
    }

    @Override
    public ExecutorService getListenerExecutorService() {
        return delegate.getListenerExecutorService();
    }

    @Override
    public boolean isDefaultExecutorService() {
        return delegate.isDefaultExecutorService();
    }

    @Override
    public OperationFactory getOperationFactory() {
        return delegate.getOperationFactory();
    }

    @Override
    public long getOperationTimeout() {
        return delegate.getOperationTimeout();
    }

    @Override
    public boolean isDaemon() {
        return delegate.isDaemon();
    }

    @Override
    public boolean useNagleAlgorithm() {
        return delegate.useNagleAlgorithm();
    }

    @Override
    public Collection<ConnectionObserver> getInitialObservers() {
        return delegate.getInitialObservers();
    }

    @Override
    public FailureMode getFailureMode() {
        return delegate.getFailureMode();
    }

    @Override
    public Transcoder<Object> getDefaultTranscoder() {
        return delegate.getDefaultTranscoder();
    }

    @Override
    public boolean shouldOptimize() {
        return delegate.shouldOptimize();
    }

    @Override
    public int getReadBufSize() {
        return delegate.getReadBufSize();
    }

    /** The delegate's setting; hashring's placement decides routing, not this algorithm. */
    @Override
    public HashAlgorithm getHashAlg() {
        return delegate.getHashAlg();
    }

    /**
     * The delegate's setting, capped at the ejection policy's {@code ejectFor} (whole seconds, at
     * least 1): a server that comes back is reconnected on the policy's schedule, not after
     * spymemcached's doubling backoff (up to 30 s by default).
     */
    @Override
    public long getMaxReconnectDelay() {
        EjectionPolicy p = health.policy();
        if (!p.isEnabled()) {
            return delegate.getMaxReconnectDelay();
        }
        long cap = Math.max(1, (p.ejectFor().toMillis() + 999) / 1000);
        return Math.min(delegate.getMaxReconnectDelay(), cap);
    }

    @Override
    public AuthDescriptor getAuthDescriptor() {
        return delegate.getAuthDescriptor();
    }

    @Override
    public int getTimeoutExceptionThreshold() {
        return delegate.getTimeoutExceptionThreshold();
    }

    @Override
    public MetricType enableMetrics() {
        return delegate.enableMetrics();
    }

    @Override
    public MetricCollector getMetricCollector() {
        return delegate.getMetricCollector();
    }

    @Override
    public long getAuthWaitTime() {
        return delegate.getAuthWaitTime();
    }

    @Override
    public String toString() {
        return "HashringConnectionFactory{" + placement + ", " + servers + ", delegate=" + delegate + "}";
    }
}
