package io.hashring.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.impl.KetamaMemcachedSessionLocator;
import net.rubyeye.xmemcached.utils.AddrUtil;

/**
 * Plain xmemcached 2.4.8 with {@link KetamaMemcachedSessionLocator}, one connection per server,
 * {@code failureMode=false} (a dead server leaves the ring until the heal thread reconnects it).
 */
final class XmemcachedFactory implements ClientFactory {

    /**
     * xmemcached's ketama per {@code docs/interop.md#xmemcached}: point key {@code sockStr + "-" + i}, {@code 160 x weight}
     * points (not normalised), MD5 x 4, ceil search. Measured here with real sockets (R2.3): sockStr is
     * {@code "localhost/127.0.0.1:port"} for a server configured as {@code 127.0.0.1:port}, i.e.
     * {@code InetSocketAddress.toString()} after a reverse lookup of the IP, not the {@code "/127.0.0.1:port"}
     * that mock sessions show. The model therefore renders the address the same way.
     */
    static final RingConfig X_KETAMA = RingConfig.builder()
            .name("xmemcached-ketama")
            .hash(HashFunction.md5())
            .weights(WeightPolicy.perWeight(160))
            .layout(PointLayout.md5x4((id, i) -> socketRendering(id) + "-" + i))
            .search(SearchRule.CEIL)
            .ties(TieRule.FIRST)
            .build();

    /** {@code host/ip:port} after a reverse lookup, as xmemcached's sessions render their remote address. */
    static String socketRendering(String address) {
        ServerSpec spec = ServerSpec.of(address);
        try {
            InetAddress ip = InetAddress.getByName(spec.host());
            ip.getHostName(); // caches the reverse name, which toString() then shows
            return new InetSocketAddress(ip, spec.port()).toString();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve " + address, e);
        }
    }

    @Override
    public String name() {
        return "xmemcached-2.4.8";
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.of(Capability.RUNTIME_ADD_SERVER, Capability.RUNTIME_REMOVE_SERVER, Capability.WEIGHTS);
    }

    @Override
    public ClientUnderTest create(ClientConfig config) {
        Assumptions.assumeTrue(config.routing() == ClientConfig.Routing.KETAMA, "only ketama is wired up here");
        int[] weights = config.servers().stream().mapToInt(ServerSpec::weight).toArray();
        XMemcachedClientBuilder builder = new XMemcachedClientBuilder(
                AddrUtil.getAddresses(String.join(" ", config.addresses())), weights);
        builder.setSessionLocator(new KetamaMemcachedSessionLocator());
        builder.setFailureMode(false);
        builder.setConnectionPoolSize(1);
        builder.setOpTimeout(config.opTimeout().toMillis());
        builder.setConnectTimeout(config.opTimeout().toMillis());
        builder.setHealSessionInterval(500);
        MemcachedClient client;
        try {
            client = builder.build();
        } catch (IOException e) {
            throw new IllegalStateException("xmemcached could not start: " + e.getMessage(), e);
        }
        return new ClientUnderTest() {
            @Override
            public boolean set(String key, String value) {
                try {
                    return client.set(key, 0, value);
                } catch (Exception e) {
                    throw SpymemcachedFactory.wrap("set", key, e);
                }
            }

            @Override
            public String get(String key) {
                try {
                    return client.get(key);
                } catch (Exception e) {
                    throw SpymemcachedFactory.wrap("get", key, e);
                }
            }

            @Override
            public boolean delete(String key) {
                try {
                    return client.delete(key);
                } catch (Exception e) {
                    throw SpymemcachedFactory.wrap("delete", key, e);
                }
            }

            @Override
            public Map<String, String> getMulti(Collection<String> keys) {
                try {
                    Map<String, String> got = client.get(keys);
                    return got == null ? Map.of() : got;
                } catch (Exception e) {
                    throw SpymemcachedFactory.wrap("getMulti", keys.size() + " keys", e);
                }
            }

            @Override
            public void addServer(ServerSpec server) {
                try {
                    client.addServer(server.host(), server.port(), server.weight());
                } catch (IOException e) {
                    throw new IllegalStateException("addServer " + server + ": " + e.getMessage(), e);
                }
            }

            @Override
            public void removeServer(String address) {
                client.removeServer(address);
            }

            /** A session per server; one that failed to connect during build() is retried by the heal thread. */
            @Override
            public boolean connected() {
                return SpymemcachedFactory.hostPorts(client.getAvailableServers()).containsAll(config.addresses());
            }

            @Override
            public void close() {
                try {
                    client.shutdown();
                } catch (IOException ignored) {
                    // closing is best effort
                }
            }
        };
    }

    @Override
    public Optional<Router<String>> routingModel(ClientConfig config) {
        List<Node<String>> nodes = new ArrayList<>();
        config.servers().forEach(s -> nodes.add(Node.of(s.address(), s.weight())));
        return Optional.of(Ring.of(X_KETAMA, nodes));
    }
}
