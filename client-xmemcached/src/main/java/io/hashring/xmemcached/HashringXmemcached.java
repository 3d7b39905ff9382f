package io.hashring.xmemcached;

import io.hashring.client.EjectionPolicy;
import io.hashring.client.FailoverLedger;
import io.hashring.client.Resolved;
import io.hashring.client.HashringClientBuilder;
import io.hashring.client.Placement;
import io.hashring.hash.interop.Server;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;

/**
 * Entry point: xmemcached clients routed by hashring.
 *
 * <pre>{@code
 * HashringXMemcachedClient client = HashringXmemcached.builder()
 *         .servers("10.0.0.1:11211,10.0.0.2:11211")
 *         .weights(1, 2)
 *         .mode("libmemcached-ketama-weighted")          // optional: place keys like a named peer
 *         .configure(b -> b.setConnectionPoolSize(4))     // any XMemcachedClientBuilder setting
 *         .build();
 * }</pre>
 *
 * Defaults: placement {@link Placement#defaults()} (the same as the spymemcached adapter's, so
 * both clients put every key on the same server), ejection {@link EjectionPolicy#defaults()},
 * and xmemcached's own builder defaults for everything else ({@code failureMode=false}).
 */
public final class HashringXmemcached {

    private HashringXmemcached() {
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link HashringXMemcachedClient}. Servers, weights, placement and ejection are the
     * client layer's ({@link HashringClientBuilder}); this adds xmemcached's own settings. Validates
     * each value as it is set. Not thread-safe.
     */
    public static final class Builder extends HashringClientBuilder<Builder> {
        private final Map<String, Server> standby = new LinkedHashMap<>();
        private final List<Consumer<XMemcachedClientBuilder>> settings = new ArrayList<>();
        private Boolean failureMode;

        private Builder() {
        }

        /** A standby node ({@code HOST:PORT}) for server {@code mainId}; used with {@link #failureMode(boolean) failureMode}. */
        public Builder standby(String mainId, String standbySpec) {
            standby.put(Objects.requireNonNull(mainId, "mainId"), Server.parse(standbySpec));
            return this;
        }

        /** xmemcached's failureMode: keys never move to another server; a down server's standby serves them. */
        public Builder failureMode(boolean on) {
            this.failureMode = on;
            return this;
        }

        /** Any xmemcached builder setting (pool size, timeouts, protocol, transcoder, ...); the session locator is replaced. */
        public Builder configure(Consumer<XMemcachedClientBuilder> setting) {
            settings.add(Objects.requireNonNull(setting, "setting"));
            return this;
        }

        /**
         * The servers with weights applied, in configuration order; see
         * {@link HashringClientBuilder#resolvedServers()}.
         *
         * @throws IllegalStateException also if a standby names an unknown server
         */
        @Override
        public List<Server> resolvedServers() {
            List<Server> out = super.resolvedServers();
            Set<String> ids = new HashSet<>();
            out.forEach(s -> ids.add(s.id()));
            for (String main : standby.keySet()) {
                if (!ids.contains(main)) {
                    throw new IllegalStateException("standby given for unknown server '" + main + "'; servers: " + ids);
                }
            }
            return out;
        }

        /**
         * Connects (servers that are down are retried by xmemcached) and returns the client; with a
         * membership source, on its first version, applying later ones until shutdown.
         */
        public HashringXMemcachedClient build() throws IOException {
            try {
                HashringXMemcachedClient client = build0();
                client.closeAtShutdown(bindMembership(client.topology()));
                return client;
            } catch (IOException | RuntimeException e) {
                abandonMembership();
                throw e;
            }
        }

        private HashringXMemcachedClient build0() throws IOException {
            List<Server> resolved = resolvedServers();
            // Resolve and check every address before xmemcached opens anything: an unresolvable host
            // or two servers at one address fail here and leave no selector, socket or thread behind.
            Map<InetSocketAddress, InetSocketAddress> addressMap = new LinkedHashMap<>();
            Map<InetSocketAddress, String> seen = new LinkedHashMap<>();
            for (Server s : resolved) {
                InetSocketAddress a = Resolved.address(s);
                String other = seen.put(a, s.id());
                if (other != null) {
                    throw new IllegalArgumentException("servers '" + other + "' and '" + s.id() + "' share the address " + a);
                }
                Server sb = standby.get(s.id());
                addressMap.put(a, sb == null ? null : Resolved.address(sb));
            }
            HashringSessionLocator locator = new HashringSessionLocator(resolved, placement(), newHealth(),
                    new FailoverLedger(failover()), warmMigration());
            ClientBuilder b = new ClientBuilder(addressMap);
            if (ejection().isEnabled()) {
                // reconnect on the ejection policy's schedule (xmemcached's default is 2 s, growing per try)
                b.setHealSessionInterval(Math.min(2000, Math.max(100, ejection().ejectFor().toMillis())));
            }
            settings.forEach(s -> s.accept(b));
            if (failureMode != null) {
                b.setFailureMode(failureMode);
            }
            b.setSessionLocator(locator);
            return b.buildHashring(locator);
        }
    }

    /** xmemcached's builder, building a {@link HashringXMemcachedClient} with every setting it holds. */
    private static final class ClientBuilder extends XMemcachedClientBuilder {
        ClientBuilder(Map<InetSocketAddress, InetSocketAddress> addressMap) {
            super(addressMap);
        }

        HashringXMemcachedClient buildHashring(HashringSessionLocator locator) throws IOException {
            HashringXMemcachedClient client = new HashringXMemcachedClient(locator, sessionComparator, bufferAllocator,
                    configuration, socketOptions, commandFactory, transcoder, addressMap, stateListeners, authInfoMap,
                    connectionPoolSize, connectTimeout, name, failureMode, resolveInetAddresses);
            configureClient(client);
            client.startHealth();
            return client;
        }
    }
}
