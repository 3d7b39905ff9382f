package io.hashring.spymemcached;

import io.hashring.client.EjectionPolicy;
import io.hashring.core.RingConfig;
import io.hashring.client.Placement;
import io.hashring.hash.interop.Server;
import io.hashring.client.ServerList;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.spy.memcached.ConnectionFactory;
import net.spy.memcached.ConnectionFactoryBuilder;

/**
 * Entry point: spymemcached clients routed by hashring.
 *
 * <pre>{@code
 * HashringMemcachedClient client = HashringSpymemcached.builder()
 *         .servers("10.0.0.1:11211,10.0.0.2:11211")
 *         .weights(1, 2)
 *         .mode("libmemcached-ketama-weighted")      // optional: place keys like a named peer
 *         .connectionFactory(new ConnectionFactoryBuilder().setOpTimeout(500))
 *         .build();
 * }</pre>
 *
 * Defaults: placement {@link Placement#defaults()} (ketama, 160 points per unit of weight, ids
 * {@code host:port} as configured), ejection {@link EjectionPolicy#defaults()}, and
 * spymemcached's {@link ConnectionFactoryBuilder} defaults for everything else (failure mode
 * {@code Redistribute}).
 */
public final class HashringSpymemcached {

    private HashringSpymemcached() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link HashringMemcachedClient}; validates each value as it is set. Not thread-safe. */
    public static final class Builder {
        private final ServerList servers = new ServerList();
        private Placement placement = Placement.defaults();
        private EjectionPolicy ejection = EjectionPolicy.defaults();
        private ConnectionFactory factory;

        private Builder() {
        }

        /**
         * Adds servers {@code HOST:PORT[:WEIGHT[:NAME]]}, separated by commas or whitespace, in
         * configuration order.
         *
         * @throws IllegalArgumentException naming a malformed server
         */
        public Builder servers(String list) {
            servers.add(list);
            return this;
        }

        /** Adds servers. */
        public Builder servers(List<Server> list) {
            servers.add(list);
            return this;
        }

        /** Weights for the servers, in configuration order (overrides weights given in the specs). */
        public Builder weights(int... weights) {
            servers.weights(weights);
            return this;
        }

        /** Weights by server id ({@code host:port} as configured, or name); others keep theirs. */
        public Builder weights(Map<String, Integer> byId) {
            servers.weights(byId);
            return this;
        }

        /**
         * Places keys like a named interop mode ({@code io.hashring.hash.interop.InteropModes}),
         * with the peer's default hash.
         *
         * @throws IllegalArgumentException naming the unknown mode and listing the valid ones
         */
        public Builder mode(String name) {
            this.placement = Placement.mode(name, null);
            return this;
        }

        /** Places keys like a named interop mode with one of its hashes. */
        public Builder mode(String name, String hash) {
            this.placement = Placement.mode(name, hash);
            return this;
        }

        /** Places keys with a hashring ring config over ids {@code host:port} as configured. */
        public Builder ringConfig(RingConfig config) {
            this.placement = Placement.ring(config);
            return this;
        }

        /** Any placement. */
        public Builder placement(Placement placement) {
            this.placement = Objects.requireNonNull(placement, "placement");
            return this;
        }

        /** The ejection policy ({@link EjectionPolicy#never()} to rely on spymemcached's own failover only). */
        public Builder ejection(EjectionPolicy policy) {
            this.ejection = Objects.requireNonNull(policy, "ejection");
            return this;
        }

        /** spymemcached settings: every setting of this builder is kept, except the locator and hash. */
        public Builder connectionFactory(ConnectionFactoryBuilder builder) {
            this.factory = Objects.requireNonNull(builder, "connectionFactory").build();
            return this;
        }

        /** spymemcached settings from a factory; its locator and connection are replaced. */
        public Builder connectionFactory(ConnectionFactory factory) {
            this.factory = Objects.requireNonNull(factory, "connectionFactory");
            return this;
        }

        /** The servers with weights applied, in configuration order; see {@link ServerList#resolve()}. */
        public List<Server> resolvedServers() {
            return servers.resolve();
        }

        /** The connection factory the client will use (for users who create the client themselves). */
        public HashringConnectionFactory buildConnectionFactory() {
            ConnectionFactory base = factory != null ? factory : new ConnectionFactoryBuilder().build();
            return new HashringConnectionFactory(base, resolvedServers(), placement, ejection);
        }

        /**
         * Connects and returns spymemcached's client (as a {@link HashringMemcachedClient}).
         *
         * @throws IllegalStateException if no servers are configured, or weights do not match
         */
        public HashringMemcachedClient build() throws IOException {
            return new HashringMemcachedClient(buildConnectionFactory());
        }
    }
}
