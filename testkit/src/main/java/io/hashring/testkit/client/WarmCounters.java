package io.hashring.testkit.client;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.hashring.client.HashringClient;
import io.hashring.client.WarmStats;
import io.hashring.core.Router;
import io.hashring.testkit.Capabilities;
import io.hashring.testkit.ClientConfig;
import io.hashring.testkit.ClientFactory;
import io.hashring.testkit.ClientUnderTest;
import io.hashring.testkit.Rules;
import io.hashring.testkit.ServerSpec;
import io.hashring.testkit.WarmMigrationProbe;

/**
 * Puts a hashring client's warm-migration counters ({@link HashringClient#warmStats()}) into the
 * {@link io.hashring.testkit.WarmMigrationKit} report: wrap the factory, and pass each client the
 * factory's opener builds through {@link #opened} (on the thread that calls {@code create}).
 *
 * <pre>{@code
 * ClientFactory f = WarmCounters.factory(HashringClients.bind(SpymemcachedClients.factory(
 *         c -> WarmCounters.opened(openWithWarmMigration(c))), "my-client+warm", Placement.defaults()));
 * }</pre>
 *
 * Thread-safe: the hand-over is per thread.
 */
public final class WarmCounters {

    private static final ThreadLocal<HashringClient> OPENED = new ThreadLocal<>();

    private WarmCounters() {
    }

    /** Hands {@code client} to the {@link #factory} wrapper creating it on this thread; returns it. */
    public static <C extends HashringClient> C opened(C client) {
        OPENED.set(Objects.requireNonNull(client, "client"));
        return client;
    }

    /** {@code inner}, whose clients also report the counters of the client {@link #opened} while creating them. */
    public static ClientFactory factory(ClientFactory inner) {
        return new ClientFactory() {
            @Override
            public String name() {
                return inner.name();
            }

            @Override
            public Capabilities capabilities() {
                return inner.capabilities();
            }

            @Override
            public Optional<Router<?>> routingModel(ClientConfig config) {
                return inner.routingModel(config);
            }

            @Override
            public Map<Rules, String> expectedFailures() {
                return inner.expectedFailures();
            }

            @Override
            public ClientUnderTest create(ClientConfig config) {
                OPENED.remove();
                ClientUnderTest c = inner.create(config);
                HashringClient opened = OPENED.get();
                OPENED.remove();
                return opened == null ? c : new Counted(c, opened);
            }
        };
    }

    /** The counters as the report shows them. */
    public static Map<String, Object> counters(WarmStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("open", s.open());
        m.put("warmingSnapshots", s.warmingSnapshots());
        m.put("windowsOpened", s.windowsOpened());
        m.put("warmReads", s.warmReads());
        m.put("warmHits", s.warmHits());
        m.put("warmMisses", s.warmMisses());
        m.put("warmErrors", s.warmErrors());
        m.put("skipped", s.skipped());
        m.put("copies", s.copies());
        m.put("copyConflicts", s.copyConflicts());
        m.put("invalidations", s.invalidations());
        m.put("invalidationFailures", s.invalidationFailures());
        return m;
    }

    private record Counted(ClientUnderTest inner, HashringClient client) implements ClientUnderTest, WarmMigrationProbe {
        @Override
        public Map<String, Object> warmCounters() {
            return counters(client.warmStats());
        }

        @Override
        public boolean set(String key, String value) {
            return inner.set(key, value);
        }

        @Override
        public String get(String key) {
            return inner.get(key);
        }

        @Override
        public boolean delete(String key) {
            return inner.delete(key);
        }

        @Override
        public Map<String, String> getMulti(Collection<String> keys) {
            return inner.getMulti(keys);
        }

        @Override
        public void addServer(ServerSpec server) {
            inner.addServer(server);
        }

        @Override
        public void removeServer(String address) {
            inner.removeServer(address);
        }

        @Override
        public boolean connected() {
            return inner.connected();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
