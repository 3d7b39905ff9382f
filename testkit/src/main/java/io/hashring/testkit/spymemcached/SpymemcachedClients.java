package io.hashring.testkit.spymemcached;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import io.hashring.core.HashFunction;
import io.hashring.core.Node;
import io.hashring.core.PointKeyFormat;
import io.hashring.core.PointLayout;
import io.hashring.core.Ring;
import io.hashring.core.RingConfig;
import io.hashring.core.Router;
import io.hashring.core.SearchRule;
import io.hashring.core.TieRule;
import io.hashring.core.WeightPolicy;
import io.hashring.testkit.ClientBinding;
import io.hashring.testkit.ClientConfig;
import io.hashring.testkit.Rules;
import io.hashring.testkit.RoutingUnderTest;
import io.hashring.testkit.ServerSpec;
import io.hashring.testkit.StandIns;
import net.spy.memcached.ConnectionFactory;
import net.spy.memcached.KetamaNodeLocator;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.MemcachedNode;
import net.spy.memcached.NodeLocator;

/**
 * The testkit bound to spymemcached ({@code net.spy.memcached}, an optional dependency of the
 * testkit: add spymemcached to your test classpath). Live and load kits, from one function:
 *
 * <pre>{@code
 * class MyLiveTest extends LiveKit {
 *     protected ClientFactory clientFactory() {
 *         return SpymemcachedClients.nativeClient(c -> new MemcachedClient(myFactory(), c.socketAddresses()));
 *     }
 * }
 * }</pre>
 *
 * and the routing kit over the client's real {@link NodeLocator} ({@link #locator(List, ConnectionFactory)}).
 * spymemcached has no runtime add/remove and its {@code ConnectionFactoryBuilder} no weights, so
 * R2.9-R2.11 skip with that reason unless a subclass's binding declares them.
 *
 * <p>Static and stateless; the bindings are immutable and thread-safe. A {@link #locator} view is for
 * one test thread.
 */
public final class SpymemcachedClients {

    /** The spymemcached version on the classpath, from its jar manifest ({@code unknown} if absent). */
    public static final String VERSION = Objects.requireNonNullElse(MemcachedClient.class.getPackage().getImplementationVersion(),
            "unknown");

    /** The kit's calls in spymemcached's API: synchronous get/getBulk, futures bounded by the op timeout. */
    public static final ClientBinding.Operations<MemcachedClient> OPERATIONS = new ClientBinding.Operations<>() {
        @Override
        public boolean set(MemcachedClient c, String key, String value, Duration timeout) throws Exception {
            return c.set(key, 0, value).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public String get(MemcachedClient c, String key) {
            return (String) c.get(key);
        }

        @Override
        public boolean delete(MemcachedClient c, String key, Duration timeout) throws Exception {
            return c.delete(key).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public Map<String, String> getMulti(MemcachedClient c, Collection<String> keys) {
            Map<String, String> out = new LinkedHashMap<>();
            c.getBulk(keys).forEach((k, v) -> out.put(k, (String) v));
            return out;
        }

        /** spymemcached connects after construction; a node is available once its channel is connected. */
        @Override
        public Collection<? extends SocketAddress> availableServers(MemcachedClient c) {
            return c.getAvailableServers();
        }

        @Override
        public void close(MemcachedClient c) {
            c.shutdown(2, TimeUnit.SECONDS);
        }
    };

    /**
     * spymemcached's ketama ({@code Locator.CONSISTENT}, {@code KETAMA_HASH}, the SPY key format)
     * as a ring-core config, as {@code docs/interop.md#spymemcached} specifies it: node key {@code "127.0.0.1:port-i"} (the socket address rendering, leading
     * slash stripped), 160 points per node (40 MD5 digests x 4), ceil search, and a later
     * {@code TreeMap.put} wins a duplicate point.
     */
    public static final RingConfig KETAMA = RingConfig.builder()
            .name("spymemcached-ketama")
            .hash(HashFunction.md5())
            .weights(WeightPolicy.uniform(160))
            .layout(PointLayout.md5x4(PointKeyFormat.idDashIndex()))
            .search(SearchRule.CEIL)
            .ties(TieRule.LAST)
            .build();

    /**
     * What spymemcached 2.12.3's {@code KetamaNodeLocator} is measured to fail in the routing kit,
     * for a routing kit's {@code expectedFailures()}: its {@code getSequence} ({@code KetamaIterator})
     * rehashes the key ({@code hash((n++) + key)}) n times instead of walking the ring, so the failover
     * sequence repeats nodes, misses others, and its second node is not the next distinct one.
     */
    public static final Map<Rules, String> KETAMA_LOCATOR_FAILURES = Map.of(Rules.R1_4,
            "KetamaIterator rehashes the key ('0'+key, '1'+key, ...) instead of walking the ring: the failover sequence "
                    + "repeats and misses nodes, and its second node is not the next distinct one");

    private SpymemcachedClients() {
    }

    /**
     * Any spymemcached client, a {@code MemcachedClient} or a subclass with its own behaviour: the
     * plain operations, no optional capability, no expected failure. Declare what your client adds
     * with the binding's {@code with...} methods.
     */
    public static <C extends MemcachedClient> ClientBinding<C> factory(ClientBinding.Opener<C> opener) {
        return ClientBinding.of("spymemcached-" + VERSION, OPERATIONS, opener);
    }

    /**
     * A plain {@code net.spy.memcached.MemcachedClient} (not a subclass: the opener's client is
     * checked), with spymemcached 2.12.3's measured failures declared, so they must keep failing:
     * R2.5 (with {@code FailureMode.Redistribute} a dead server's keys are rehashed, not given to the
     * next distinct server; checked only with a routing model such as {@link #ketamaModel}) and R2.8
     * (tab, 0x01 and 0x7f keys are sent and stored).
     */
    public static ClientBinding<MemcachedClient> nativeClient(ClientBinding.Opener<? extends MemcachedClient> opener) {
        Objects.requireNonNull(opener, "opener");
        ClientBinding.Opener<MemcachedClient> plain = config -> {
            MemcachedClient c = opener.open(config);
            if (c != null && c.getClass() != MemcachedClient.class) {
                OPERATIONS.close(c);
                throw new IllegalArgumentException("nativeClient(...) is for a plain net.spy.memcached.MemcachedClient, got "
                        + c.getClass().getName() + ": bind it with SpymemcachedClients.factory(...)");
            }
            return c;
        };
        return factory(plain)
                .withExpectedFailure(Rules.R2_5, "FailureMode.Redistribute walks KetamaIterator, which rehashes the key "
                        + "('0'+key, '1'+key, ...) instead of taking the next distinct server on the ring")
                .withExpectedFailure(Rules.R2_8, "StringUtils.validateKey rejects only space, \\n, \\r and NUL in text keys: "
                        + "tab, 0x01 and 0x7f keys are sent and stored");
    }

    /**
     * {@link #nativeClient(ClientBinding.Opener)} for {@code new MemcachedClient(connections.get(), servers)}:
     * a new connection factory per client (spymemcached's default factory shares one listener
     * executor, which a client's shutdown ends).
     */
    public static ClientBinding<MemcachedClient> nativeClient(Supplier<? extends ConnectionFactory> connections) {
        Objects.requireNonNull(connections, "connections");
        return nativeClient(config -> new MemcachedClient(connections.get(), config.socketAddresses()));
    }

    /** The routing model of a client with spymemcached's ketama ({@link #KETAMA}) over the config's servers. */
    public static Router<String> ketamaModel(ClientConfig config) {
        List<Node<String>> nodes = new ArrayList<>();
        config.addresses().forEach(a -> nodes.add(Node.of(a)));
        return Ring.of(KETAMA, nodes);
    }

    /**
     * The locator {@code factory} builds ({@link ConnectionFactory#createLocator}) over stand-in
     * nodes for {@code servers}, as the routing kit checks it: see {@link #locator(List, Function)}.
     * spymemcached's factories take no weights.
     */
    public static RoutingUnderTest<MemcachedNode> locator(List<ServerSpec> servers, ConnectionFactory factory) {
        Objects.requireNonNull(factory, "factory");
        return locator(servers, factory::createLocator);
    }

    /**
     * A {@link NodeLocator} over stand-in {@link MemcachedNode}s for {@code servers} (in order; each
     * answers {@code getSocketAddress()} and is active; nothing connects), as the routing kit checks
     * it: {@code route} is {@link NodeLocator#getPrimary}, {@code candidates} the primary followed by
     * {@link NodeLocator#getSequence}, each node once (what {@code FailureMode.Redistribute} tries).
     * spymemcached's own {@code KetamaNodeLocator} comes with its measured failures
     * ({@link #KETAMA_LOCATOR_FAILURES}) as {@link RoutingUnderTest#expectedFailures()}.
     */
    public static RoutingUnderTest<MemcachedNode> locator(List<ServerSpec> servers,
                                                          Function<List<MemcachedNode>, NodeLocator> build) {
        Objects.requireNonNull(build, "build");
        Map<MemcachedNode, String> addresses = new IdentityHashMap<>();
        List<MemcachedNode> nodes = new ArrayList<>();
        for (ServerSpec s : servers) {
            InetSocketAddress a = StandIns.address(s);
            MemcachedNode n = StandIns.proxy(MemcachedNode.class, "stand-in node " + s.address(),
                    Map.of("getSocketAddress", a, "isActive", true, "isAuthenticated", true));
            nodes.add(n);
            addresses.put(n, s.address());
        }
        NodeLocator locator = Objects.requireNonNull(build.apply(List.copyOf(nodes)), "the locator built for " + servers);
        int bound = 4 * nodes.size() + 4; // a sequence may repeat nodes; read a bounded prefix
        return RoutingUnderTest.of(locator::getPrimary, key -> {
            Set<MemcachedNode> out = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            List<MemcachedNode> ordered = new ArrayList<>();
            MemcachedNode primary = locator.getPrimary(key);
            out.add(primary);
            ordered.add(primary);
            Iterator<MemcachedNode> seq = locator.getSequence(key);
            for (int i = 0; i < bound && seq.hasNext(); i++) {
                MemcachedNode n = seq.next();
                if (out.add(n)) {
                    ordered.add(n);
                }
            }
            return ordered;
        }, node -> {
            String a = addresses.get(node);
            if (a == null) {
                throw new IllegalStateException("the locator answered a node it was not given: " + node);
            }
            return a;
        }, locator.getClass() == KetamaNodeLocator.class ? KETAMA_LOCATOR_FAILURES : Map.of());
    }
}
