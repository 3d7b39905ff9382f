package io.hashring.spymemcached;

import io.hashring.client.EjectionPolicy;
import io.hashring.client.Placement;
import io.hashring.client.WarmMigration;
import io.hashring.hash.interop.Server;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Collection;
import java.util.List;
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
    private final EjectionPolicy ejection;
    private final WarmMigration warmMigration;

    public HashringConnectionFactory(ConnectionFactory delegate, List<Server> servers, Placement placement,
                                     EjectionPolicy ejection) {
        this(delegate, servers, placement, ejection, WarmMigration.off());
    }

    /** With warm migration ({@link WarmMigration#off()} for none). */
    public HashringConnectionFactory(ConnectionFactory delegate, List<Server> servers, Placement placement,
                                     EjectionPolicy ejection, WarmMigration warmMigration) {
        this.warmMigration = Objects.requireNonNull(warmMigration, "warmMigration");
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.servers = List.copyOf(servers);
        this.placement = Objects.requireNonNull(placement, "placement");
        this.ejection = Objects.requireNonNull(ejection, "ejection");
    }

    /** The socket addresses to give {@code MemcachedClient}, in configuration order (resolved once, here). */
    public List<InetSocketAddress> addresses() {
        return servers.stream().map(s -> new InetSocketAddress(s.host(), s.port())).toList();
    }

    @Override
    public MemcachedConnection createConnection(List<InetSocketAddress> addrs) throws IOException {
        return new HashringConnection(getReadBufSize(), this, addrs, getInitialObservers(), getFailureMode(),
                getOperationFactory());
    }

    @Override
    public NodeLocator createLocator(List<MemcachedNode> nodes) {
        return new HashringNodeLocator(servers, nodes, placement, ejection, getFailureMode() == FailureMode.Redistribute,
                warmMigration);
    }

    /** The user's factory. */
    public ConnectionFactory delegate() {
        return delegate;
    }

    @Override
    public MemcachedNode createMemcachedNode(SocketAddress sa, SocketChannel c, int bufSize) {
        return delegate.createMemcachedNode(sa, c, bufSize);
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

    @Override
    public long getMaxReconnectDelay() {
        return delegate.getMaxReconnectDelay();
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
