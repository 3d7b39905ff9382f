package io.hashring.spymemcached;

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
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.ConnectionFactoryBuilder;
import org.junit.jupiter.api.Assumptions;

/**
 * The spymemcached adapter as the testkit drives it: built with {@link HashringSpymemcached#builder()}
 * (default placement and ejection policy), the kit's operation timeout, reconnect delay capped at 1 s
 * (as the native self-test), and spymemcached's default {@code FailureMode.Redistribute}.
 */
final class HashringSpymemcachedFactory implements ClientFactory {

    @Override
    public String name() {
        return "hashring-spymemcached";
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
        HashringMemcachedClient client;
        try {
            client = HashringSpymemcached.builder()
                    .servers(servers)
                    .connectionFactory(new ConnectionFactoryBuilder().setOpTimeout(timeout).setMaxReconnectDelay(1).setDaemon(true))
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException("the spymemcached adapter could not start: " + e.getMessage(), e);
        }
        return new ClientUnderTest() {
            @Override
            public boolean set(String key, String value) {
                return await(() -> client.set(key, 0, value).get(timeout, TimeUnit.MILLISECONDS), "set", key);
            }

            @Override
            public String get(String key) {
                return (String) client.get(key);
            }

            @Override
            public boolean delete(String key) {
                return await(() -> client.delete(key).get(timeout, TimeUnit.MILLISECONDS), "delete", key);
            }

            @Override
            public Map<String, String> getMulti(Collection<String> keys) {
                Map<String, String> out = new LinkedHashMap<>();
                client.getBulk(keys).forEach((k, v) -> out.put(k, (String) v));
                return out;
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

    static <T> T await(Call<T> call, String op, String key) {
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
