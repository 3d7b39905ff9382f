package io.hashring.xmemcached;

import io.hashring.core.Node;
import io.hashring.core.Ring;
import io.hashring.core.RingConfig;
import io.hashring.core.Router;
import io.hashring.hash.interop.Server;
import io.hashring.testkit.Capabilities;
import io.hashring.testkit.Capability;
import io.hashring.testkit.ClientConfig;
import io.hashring.testkit.ClientFactory;
import io.hashring.testkit.ClientUnderTest;
import io.hashring.testkit.ServerSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/**
 * The xmemcached adapter as the testkit drives it: built with {@link HashringXmemcached#builder()}
 * (default placement and ejection policy, xmemcached's default {@code failureMode=false}, one
 * connection per server), the kit's operation timeout as op and connect timeout, and the heal
 * (reconnect) interval at 500 ms as in the native self-test.
 */
final class HashringXmemcachedFactory implements ClientFactory {

    @Override
    public String name() {
        return "hashring-xmemcached";
    }

    /** Runtime add/remove and weights; a restarted server's keys route back once its ejection ends. */
    @Override
    public Capabilities capabilities() {
        return Capabilities.of(Capability.RUNTIME_ADD_SERVER, Capability.RUNTIME_REMOVE_SERVER, Capability.WEIGHTS);
    }

    @Override
    public ClientUnderTest create(ClientConfig config) {
        Assumptions.assumeTrue(config.routing() == ClientConfig.Routing.KETAMA, "the adapter is wired up with ketama here");
        long timeout = config.opTimeout().toMillis();
        List<Server> servers = config.servers().stream().map(s -> Server.parse(s.address() + ":" + s.weight())).toList();
        HashringXMemcachedClient client;
        try {
            client = HashringXmemcached.builder()
                    .servers(servers)
                    .configure(b -> {
                        b.setOpTimeout(timeout);
                        b.setConnectTimeout(timeout);
                        b.setHealSessionInterval(500);
                    })
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException("the xmemcached adapter could not start: " + e.getMessage(), e);
        }
        return new ClientUnderTest() {
            @Override
            public boolean set(String key, String value) {
                return call(() -> client.set(key, 0, value), "set", key);
            }

            @Override
            public String get(String key) {
                return call(() -> client.get(key), "get", key);
            }

            @Override
            public boolean delete(String key) {
                return call(() -> client.delete(key), "delete", key);
            }

            @Override
            public Map<String, String> getMulti(Collection<String> keys) {
                Map<String, String> got = call(() -> client.get(keys), "getMulti", keys.size() + " keys");
                return got == null ? Map.of() : got;
            }

            @Override
            public void addServer(ServerSpec server) {
                try {
                    client.addServer(Server.parse(server.address() + ":" + server.weight()));
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
                Set<String> up = new HashSet<>();
                for (InetSocketAddress a : client.getAvailableServers()) {
                    if (a.getAddress() != null) {
                        up.add(a.getAddress().getHostAddress() + ":" + a.getPort());
                    }
                }
                return up.containsAll(config.addresses());
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

    /** The adapter's own ring: ketamaFixedPoints over ids {@code host:port} as configured (Placement.defaults()). */
    @Override
    public Optional<Router<String>> routingModel(ClientConfig config) {
        List<Node<String>> nodes = new ArrayList<>();
        config.servers().forEach(s -> nodes.add(Node.of(s.address(), s.weight())));
        return Optional.of(Ring.of(RingConfig.ketamaFixedPoints(), nodes));
    }

    interface Call<T> {
        T run() throws Exception;
    }

    static <T> T call(Call<T> call, String op, String key) {
        try {
            return call.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException(op + " " + key + " failed: " + e, e);
        }
    }
}
