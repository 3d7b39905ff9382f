package io.hashring.testkit;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.junit.jupiter.api.Assumptions;

import io.hashring.core.Router;

/**
 * A ready-made {@link ClientFactory} for one client library: the library's {@link Operations}
 * (supplied by the testkit for spymemcached and xmemcached) plus your function from the kit's
 * {@link ClientConfig} to a client, and whatever your client does beyond the plain library
 * (runtime changes, weights, a routing model, known failures), each declared by one call:
 *
 * <pre>{@code
 * class MyLiveTest extends LiveKit {
 *     protected ClientFactory clientFactory() {
 *         return SpymemcachedClients.nativeClient(c -> new MemcachedClient(myConnectionFactory(), c.socketAddresses()));
 *     }
 * }
 * }</pre>
 *
 * A capability that is not declared makes its rules skip with the reason; a weighted config (R2.11
 * only) is skipped unless {@link #withWeights()} says the function honours {@link ClientConfig#weights()}.
 * Immutable: every {@code with...} returns a new binding; thread-safe.
 *
 * @param <C> the client type the function returns
 */
public final class ClientBinding<C> implements ClientFactory {

    /** Opens a connected (or connecting) client for the kit's config. */
    @FunctionalInterface
    public interface Opener<C> {
        C open(ClientConfig config) throws Exception;
    }

    /** A change applied to a live client (add a server, remove one). */
    @FunctionalInterface
    public interface Change<C, T> {
        void apply(C client, T argument) throws Exception;
    }

    /**
     * The kit's operations on one library's client type: what {@link ClientUnderTest} asks, in the
     * library's own calls. Failures may throw anything; the binding wraps checked exceptions.
     */
    public interface Operations<C> {
        boolean set(C client, String key, String value, Duration timeout) throws Exception;

        String get(C client, String key) throws Exception;

        boolean delete(C client, String key, Duration timeout) throws Exception;

        Map<String, String> getMulti(C client, Collection<String> keys) throws Exception;

        /** The servers the client currently has a live connection to. Cheap, non-blocking. */
        Collection<? extends SocketAddress> availableServers(C client);

        void close(C client) throws Exception;
    }

    private final String name;
    private final Operations<? super C> operations;
    private final Opener<? extends C> opener;
    private final Change<? super C, ServerSpec> addServer;
    private final Change<? super C, String> removeServer;
    private final boolean weights;
    private final Capabilities.AfterRestart afterRestart;
    private final Function<ClientConfig, Router<?>> model;
    private final Map<Rules, String> expected;

    private ClientBinding(String name, Operations<? super C> operations, Opener<? extends C> opener,
                          Change<? super C, ServerSpec> addServer, Change<? super C, String> removeServer, boolean weights,
                          Capabilities.AfterRestart afterRestart, Function<ClientConfig, Router<?>> model,
                          Map<Rules, String> expected) {
        this.name = Objects.requireNonNull(name, "name");
        this.operations = Objects.requireNonNull(operations, "operations");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.addServer = addServer;
        this.removeServer = removeServer;
        this.weights = weights;
        this.afterRestart = afterRestart;
        this.model = model;
        this.expected = Collections.unmodifiableMap(expected.isEmpty() ? new EnumMap<>(Rules.class) : new EnumMap<>(expected));
    }

    /** A binding named {@code name} with no optional capability, no model and no expected failure. */
    public static <C> ClientBinding<C> of(String name, Operations<? super C> operations, Opener<? extends C> opener) {
        return new ClientBinding<>(name, operations, opener, null, null, false, Capabilities.AfterRestart.ROUTES_BACK, null,
                Map.of());
    }

    /** The same binding under another name (the report's column). */
    public ClientBinding<C> named(String newName) {
        return new ClientBinding<>(newName, operations, opener, addServer, removeServer, weights, afterRestart, model, expected);
    }

    /** Declares {@link Capability#RUNTIME_ADD_SERVER}: the client adds a server this way. */
    public ClientBinding<C> withAddServer(Change<? super C, ServerSpec> change) {
        Objects.requireNonNull(change, "change");
        return new ClientBinding<>(name, operations, opener, change, removeServer, weights, afterRestart, model, expected);
    }

    /** Declares {@link Capability#RUNTIME_REMOVE_SERVER}: the client removes a server (by address) this way. */
    public ClientBinding<C> withRemoveServer(Change<? super C, String> change) {
        Objects.requireNonNull(change, "change");
        return new ClientBinding<>(name, operations, opener, addServer, change, weights, afterRestart, model, expected);
    }

    /** Declares {@link Capability#WEIGHTS}: the opener honours {@link ClientConfig#weights()}. */
    public ClientBinding<C> withWeights() {
        return new ClientBinding<>(name, operations, opener, addServer, removeServer, true, afterRestart, model, expected);
    }

    /** Declares what the client does with a server that failed and came back (R2.6). */
    public ClientBinding<C> withAfterRestart(Capabilities.AfterRestart behaviour) {
        Objects.requireNonNull(behaviour, "behaviour");
        return new ClientBinding<>(name, operations, opener, addServer, removeServer, weights, behaviour, model, expected);
    }

    /** Declares a routing model (enables R2.3 and R2.5); see {@link ClientFactory#routingModel}. */
    public ClientBinding<C> withRoutingModel(Function<ClientConfig, Router<?>> routingModel) {
        Objects.requireNonNull(routingModel, "routingModel");
        return new ClientBinding<>(name, operations, opener, addServer, removeServer, weights, afterRestart, routingModel,
                expected);
    }

    /** Declares a known failure; the rule must keep failing (see {@link ClientFactory#expectedFailures()}). */
    public ClientBinding<C> withExpectedFailure(Rules rule, String reason) {
        Objects.requireNonNull(rule, "rule");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an expected failure of " + rule.id() + " needs a reason, was '" + reason + "'");
        }
        Map<Rules, String> more = new EnumMap<>(Rules.class);
        more.putAll(expected);
        more.put(rule, reason);
        return new ClientBinding<>(name, operations, opener, addServer, removeServer, weights, afterRestart, model, more);
    }

    /** Withdraws a declared failure (for a client version that passes the rule). */
    public ClientBinding<C> withoutExpectedFailure(Rules rule) {
        Map<Rules, String> fewer = new EnumMap<>(Rules.class);
        fewer.putAll(expected);
        fewer.remove(rule);
        return new ClientBinding<>(name, operations, opener, addServer, removeServer, weights, afterRestart, model, fewer);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Capabilities capabilities() {
        Set<Capability> set = EnumSet.noneOf(Capability.class);
        if (addServer != null) {
            set.add(Capability.RUNTIME_ADD_SERVER);
        }
        if (removeServer != null) {
            set.add(Capability.RUNTIME_REMOVE_SERVER);
        }
        if (weights) {
            set.add(Capability.WEIGHTS);
        }
        return new Capabilities(set, afterRestart);
    }

    @Override
    public Optional<Router<?>> routingModel(ClientConfig config) {
        return model == null ? Optional.empty() : Optional.of(model.apply(config));
    }

    @Override
    public Map<Rules, String> expectedFailures() {
        return expected;
    }

    @Override
    public ClientUnderTest create(ClientConfig config) {
        Assumptions.assumeTrue(config.routing() == ClientConfig.Routing.KETAMA,
                () -> name + " is bound with the client's own consistent routing, not " + config.routing());
        Assumptions.assumeTrue(weights || !config.weighted(),
                () -> name + " does not declare WEIGHTS (ClientBinding.withWeights())");
        C client;
        try {
            client = opener.open(config);
        } catch (Exception e) {
            throw wrap("open a client for " + config.addresses(), e);
        }
        Objects.requireNonNull(client, () -> "the opener of " + name + " returned null for " + config.addresses());
        return new Bound(client, config);
    }

    /** A checked exception as an unchecked one naming what failed (the interrupt flag is restored). */
    static RuntimeException wrap(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        if (e instanceof RuntimeException r) {
            return r;
        }
        return new IllegalStateException(what + " failed: " + e, e);
    }

    /** {@code ip:port} of each socket address, to compare with the configured {@code 127.0.0.1:port}. */
    static Set<String> hostPorts(Collection<? extends SocketAddress> addresses) {
        Set<String> out = new LinkedHashSet<>();
        for (SocketAddress a : addresses) {
            if (a instanceof InetSocketAddress i && i.getAddress() != null) {
                out.add(i.getAddress().getHostAddress() + ":" + i.getPort());
            }
        }
        return out;
    }

    private final class Bound implements ClientUnderTest {
        private final C client;
        private final Duration timeout;
        private final Set<String> servers;

        Bound(C client, ClientConfig config) {
            this.client = client;
            this.timeout = config.opTimeout();
            this.servers = Collections.synchronizedSet(new LinkedHashSet<>(config.addresses()));
        }

        @Override
        public boolean set(String key, String value) {
            try {
                return operations.set(client, key, value, timeout);
            } catch (Exception e) {
                throw wrap("set " + key, e);
            }
        }

        @Override
        public String get(String key) {
            try {
                return operations.get(client, key);
            } catch (Exception e) {
                throw wrap("get " + key, e);
            }
        }

        @Override
        public boolean delete(String key) {
            try {
                return operations.delete(client, key, timeout);
            } catch (Exception e) {
                throw wrap("delete " + key, e);
            }
        }

        @Override
        public Map<String, String> getMulti(Collection<String> keys) {
            try {
                Map<String, String> got = operations.getMulti(client, keys);
                return got == null ? Map.of() : got;
            } catch (Exception e) {
                throw wrap("getMulti of " + keys.size() + " keys", e);
            }
        }

        @Override
        public void addServer(ServerSpec server) {
            if (addServer == null) {
                ClientUnderTest.super.addServer(server);
            }
            try {
                addServer.apply(client, server);
            } catch (Exception e) {
                throw wrap("addServer " + server, e);
            }
            servers.add(server.address());
        }

        @Override
        public void removeServer(String address) {
            if (removeServer == null) {
                ClientUnderTest.super.removeServer(address);
            }
            try {
                removeServer.apply(client, address);
            } catch (Exception e) {
                throw wrap("removeServer " + address, e);
            }
            servers.remove(address);
        }

        @Override
        public boolean connected() {
            Set<String> up = hostPorts(operations.availableServers(client));
            synchronized (servers) {
                return up.containsAll(servers);
            }
        }

        @Override
        public void close() {
            try {
                operations.close(client);
            } catch (Exception ignored) {
                // closing is best effort (ClientUnderTest.close must not throw)
            }
        }

        @Override
        public String toString() {
            return name + " " + servers;
        }
    }
}
