package io.hashring.spymemcached;

import io.hashring.client.EjectionPolicy;
import io.hashring.client.FailoverLedger;
import io.hashring.client.HashringClientBuilder;
import io.hashring.client.Placement;
import java.io.IOException;
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

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link HashringMemcachedClient}. Servers, weights, placement and ejection are the
     * client layer's ({@link HashringClientBuilder}); this adds spymemcached's own settings.
     * Validates each value as it is set. Not thread-safe.
     */
    public static final class Builder extends HashringClientBuilder<Builder> {
        private ConnectionFactory factory;

        private Builder() {
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

        /** The connection factory the client will use (for users who create the client themselves). */
        public HashringConnectionFactory buildConnectionFactory() {
            ConnectionFactory base = factory != null ? factory : new ConnectionFactoryBuilder().build();
            return new HashringConnectionFactory(base, resolvedServers(), placement(), newHealth(),
                    new FailoverLedger(failover()), warmMigration());
        }

        /**
         * Connects and returns spymemcached's client (as a {@link HashringMemcachedClient}); with a
         * membership source, on its first version, applying later ones until shutdown.
         *
         * @throws IllegalStateException if no servers are configured, or weights do not match
         */
        public HashringMemcachedClient build() throws IOException {
            try {
                HashringMemcachedClient client = new HashringMemcachedClient(buildConnectionFactory());
                client.closeAtShutdown(bindMembership(client.topology()));
                return client;
            } catch (IOException | RuntimeException e) {
                abandonMembership();
                throw e;
            }
        }
    }
}
