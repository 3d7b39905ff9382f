package io.hashring.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

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
import net.spy.memcached.AddrUtil;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;

/**
 * Plain spymemcached 2.12.3 with its own ketama: {@code Locator.CONSISTENT}, {@code KETAMA_HASH},
 * {@code FailureMode.Redistribute}. The builder offers no weights and the client no runtime
 * topology changes, so those rules are skipped.
 */
final class SpymemcachedFactory implements ClientFactory {

    /**
     * spymemcached's ketama as {@code docs/interop.md#spymemcached} specifies it: node key {@code "127.0.0.1:port-i"}
     * (leading slash stripped), 160 points per node (40 MD5 digests x 4), ceil search, and a later
     * {@code TreeMap.put} wins a duplicate point.
     */
    static final RingConfig SPY_KETAMA = RingConfig.builder()
            .name("spymemcached-ketama")
            .hash(HashFunction.md5())
            .weights(WeightPolicy.uniform(160))
            .layout(PointLayout.md5x4(PointKeyFormat.idDashIndex()))
            .search(SearchRule.CEIL)
            .ties(TieRule.LAST)
            .build();

    @Override
    public String name() {
        return "spymemcached-2.12.3";
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.none();
    }

    @Override
    public ClientUnderTest create(ClientConfig config) {
        Assumptions.assumeTrue(config.routing() == ClientConfig.Routing.KETAMA, "only ketama is wired up here");
        Assumptions.assumeFalse(config.weighted(), "ConnectionFactoryBuilder has no server weights");
        long timeout = config.opTimeout().toMillis();
        ConnectionFactoryBuilder builder = new ConnectionFactoryBuilder()
                .setLocatorType(ConnectionFactoryBuilder.Locator.CONSISTENT)
                .setHashAlg(DefaultHashAlgorithm.KETAMA_HASH)
                .setFailureMode(FailureMode.Redistribute)
                .setOpTimeout(timeout)
                .setMaxReconnectDelay(1)
                .setDaemon(true);
        MemcachedClient client;
        try {
            client = new MemcachedClient(builder.build(), AddrUtil.getAddresses(String.join(" ", config.addresses())));
        } catch (IOException e) {
            throw new IllegalStateException("spymemcached could not start: " + e.getMessage(), e);
        }
        return new ClientUnderTest() {
            @Override
            public boolean set(String key, String value) {
                try {
                    return client.set(key, 0, value).get(timeout, TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    throw wrap("set", key, e);
                }
            }

            @Override
            public String get(String key) {
                return (String) client.get(key);
            }

            @Override
            public boolean delete(String key) {
                try {
                    return client.delete(key).get(timeout, TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    throw wrap("delete", key, e);
                }
            }

            @Override
            public Map<String, String> getMulti(Collection<String> keys) {
                Map<String, String> out = new java.util.LinkedHashMap<>();
                client.getBulk(keys).forEach((k, v) -> out.put(k, (String) v));
                return out;
            }

            /** spymemcached connects after construction; a node is active once its channel is connected. */
            @Override
            public boolean connected() {
                return hostPorts(client.getAvailableServers()).containsAll(config.addresses());
            }

            @Override
            public void close() {
                client.shutdown(2, TimeUnit.SECONDS);
            }
        };
    }

    /** {@code ip:port} of each socket address, to compare with the configured {@code 127.0.0.1:port}. */
    static Set<String> hostPorts(Collection<? extends SocketAddress> addresses) {
        Set<String> out = new HashSet<>();
        for (SocketAddress a : addresses) {
            if (a instanceof InetSocketAddress i && i.getAddress() != null) {
                out.add(i.getAddress().getHostAddress() + ":" + i.getPort());
            }
        }
        return out;
    }

    @Override
    public Optional<Router<String>> routingModel(ClientConfig config) {
        List<Node<String>> nodes = new ArrayList<>();
        config.addresses().forEach(a -> nodes.add(Node.of(a)));
        return Optional.of(Ring.of(SPY_KETAMA, nodes));
    }

    static RuntimeException wrap(String op, String key, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        if (e instanceof RuntimeException r) {
            return r;
        }
        return new IllegalStateException(op + " " + key + " failed: " + e, e);
    }
}
