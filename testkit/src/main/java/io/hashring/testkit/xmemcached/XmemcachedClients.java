package io.hashring.testkit.xmemcached;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

import com.google.code.yanf4j.core.Session;
import io.hashring.core.HashFunction;
import io.hashring.core.Node;
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
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.MemcachedSessionLocator;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.impl.KetamaMemcachedSessionLocator;
import net.rubyeye.xmemcached.networking.MemcachedSession;
import net.rubyeye.xmemcached.utils.InetSocketAddressWrapper;

/**
 * The testkit bound to xmemcached ({@code net.rubyeye.xmemcached}, an optional dependency of the
 * testkit: add xmemcached to your test classpath). Live and load kits, from one function:
 *
 * <pre>{@code
 * class MyLiveTest extends LiveKit {
 *     protected ClientFactory clientFactory() {
 *         return XmemcachedClients.nativeClient(c -> myBuilder(c.socketAddresses()).build());
 *     }
 * }
 * }</pre>
 *
 * and the routing kit over the client's real {@link MemcachedSessionLocator}
 * ({@link #locator(List, MemcachedSessionLocator)}). xmemcached adds and removes servers at
 * runtime through its own API, so every binding declares both; weights only with
 * {@code withWeights()} (pass {@link ClientConfig#weights()} to the builder).
 *
 * <p>Static and stateless; the bindings are immutable and thread-safe. A {@link #locator} view is for
 * one test thread (its candidate walk closes and reopens the stand-in sessions).
 */
public final class XmemcachedClients {

    /** The xmemcached version on the classpath, from its jar's Maven properties ({@code unknown} if absent). */
    public static final String VERSION = version();

    /** The kit's calls in xmemcached's API (every call is synchronous and bounded by the client's op timeout). */
    public static final ClientBinding.Operations<MemcachedClient> OPERATIONS = new ClientBinding.Operations<>() {
        @Override
        public boolean set(MemcachedClient c, String key, String value, Duration timeout) throws Exception {
            return c.set(key, 0, value);
        }

        @Override
        public String get(MemcachedClient c, String key) throws Exception {
            return c.get(key);
        }

        @Override
        public boolean delete(MemcachedClient c, String key, Duration timeout) throws Exception {
            return c.delete(key);
        }

        @Override
        public Map<String, String> getMulti(MemcachedClient c, Collection<String> keys) throws Exception {
            return c.get(keys);
        }

        /** A session per server; one that failed to connect during build() is retried by the heal thread. */
        @Override
        public Collection<? extends SocketAddress> availableServers(MemcachedClient c) {
            return c.getAvailableServers();
        }

        @Override
        public void close(MemcachedClient c) throws IOException {
            c.shutdown();
        }
    };

    /**
     * xmemcached's {@code KetamaMemcachedSessionLocator} as a ring-core config, per
     * {@code docs/interop.md#xmemcached}: point key
     * {@code sockStr + "-" + i}, {@code 160 x weight} points, MD5 x 4, ceil search. sockStr is the
     * connected session's {@code InetSocketAddress.toString()} after a reverse lookup
     * ({@code "localhost/127.0.0.1:port"} for a server configured as {@code 127.0.0.1:port}), so the
     * model renders the address the same way ({@link #socketRendering}).
     */
    public static final RingConfig KETAMA = RingConfig.builder()
            .name("xmemcached-ketama")
            .hash(HashFunction.md5())
            .weights(WeightPolicy.perWeight(160))
            .layout(PointLayout.md5x4((id, i) -> socketRendering(id) + "-" + i))
            .search(SearchRule.CEIL)
            .ties(TieRule.FIRST)
            .build();

    /**
     * What xmemcached 2.4.8's {@code KetamaMemcachedSessionLocator} is measured to fail in the routing
     * kit, for a routing kit's {@code expectedFailures()}: while a key's session is closed but still
     * listed (between the connection closing and xmemcached removing the session),
     * {@code getSessionByKey} rehashes ({@code nextHash}) at most once per session instead of walking
     * the ring, so the key lands on an unrelated server or on the closed one.
     */
    public static final Map<Rules, String> KETAMA_LOCATOR_FAILURES = Map.of(Rules.R1_4,
            "with a closed session still listed, getSessionByKey rehashes the key (nextHash, at most once per session) "
                    + "instead of taking the next distinct session on the ring");

    private XmemcachedClients() {
    }

    /**
     * Any xmemcached client, an {@code XMemcachedClient} or a subclass with its own behaviour: the
     * plain operations, runtime add ({@code addServer(host, port, weight)}) and remove
     * ({@code removeServer("host:port")}), no expected failure.
     */
    public static <C extends MemcachedClient> ClientBinding<C> factory(ClientBinding.Opener<C> opener) {
        return ClientBinding.<C>of("xmemcached-" + VERSION, OPERATIONS, opener)
                .withAddServer((c, s) -> c.addServer(s.host(), s.port(), s.weight()))
                .withRemoveServer(MemcachedClient::removeServer);
    }

    /**
     * A plain {@code net.rubyeye.xmemcached.XMemcachedClient} (not a subclass: checked), with
     * xmemcached 2.4.8's measured failure declared, so it must keep failing: R2.8 (key checks reject
     * spaces and line breaks but send tab, 0x01 and 0x7f keys, which memcached stores).
     */
    public static ClientBinding<MemcachedClient> nativeClient(ClientBinding.Opener<? extends MemcachedClient> opener) {
        Objects.requireNonNull(opener, "opener");
        ClientBinding.Opener<MemcachedClient> plain = config -> {
            MemcachedClient c = opener.open(config);
            if (c != null && c.getClass() != net.rubyeye.xmemcached.XMemcachedClient.class) {
                OPERATIONS.close(c);
                throw new IllegalArgumentException("nativeClient(...) is for a plain XMemcachedClient, got "
                        + c.getClass().getName() + ": bind it with XmemcachedClients.factory(...)");
            }
            return c;
        };
        return factory(plain).withExpectedFailure(Rules.R2_8,
                "key checks reject spaces and line breaks but send tab, 0x01 and 0x7f keys, which memcached stores");
    }

    /**
     * An {@code XMemcachedClientBuilder} for the kit's config: its servers and weights, the kit's
     * operation timeout as op and connect timeout, and the heal (reconnect) interval at 500 ms, so
     * failures are reported and restarted servers seen within the kits' bounds (xmemcached's defaults,
     * 5 s, 60 s and 2 s, outlast the load kit's workload). Add your own settings (session locator,
     * pool size, ...) before {@code build()}.
     */
    public static XMemcachedClientBuilder builder(ClientConfig config) {
        XMemcachedClientBuilder builder = new XMemcachedClientBuilder(config.socketAddresses(), config.weights());
        builder.setOpTimeout(config.opTimeout().toMillis());
        builder.setConnectTimeout(config.opTimeout().toMillis());
        builder.setHealSessionInterval(500);
        return builder;
    }

    /** The routing model of a client with xmemcached's ketama ({@link #KETAMA}) over the config's servers and weights. */
    public static Router<String> ketamaModel(ClientConfig config) {
        List<Node<String>> nodes = new ArrayList<>();
        config.servers().forEach(s -> nodes.add(Node.of(s.address(), s.weight())));
        return Ring.of(KETAMA, nodes);
    }

    /** {@code host/ip:port} after a reverse lookup, as xmemcached's sessions render their remote address. */
    public static String socketRendering(String address) {
        ServerSpec spec = ServerSpec.of(address);
        try {
            InetAddress ip = InetAddress.getByName(spec.host());
            ip.getHostName(); // caches the reverse name, which toString() then shows
            return new InetSocketAddress(ip, spec.port()).toString();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve " + address, e);
        }
    }

    /**
     * {@code locator} over stand-in sessions for {@code servers} (in order; each a
     * {@link MemcachedSession} answering its remote address, an {@link InetSocketAddressWrapper}
     * with the server's order and weight, and its weight; nothing connects), handed over with
     * {@link MemcachedSessionLocator#updateSessions}, as the routing kit checks it: {@code route} is
     * {@link MemcachedSessionLocator#getSessionByKey}; {@code candidates} are its answers as the
     * key's sessions close one after another (what it does between a connection closing and
     * xmemcached removing the session), each session once; a walk that returns a closed session or
     * none ends the list. xmemcached's own {@code KetamaMemcachedSessionLocator} comes with its
     * measured failures ({@link #KETAMA_LOCATOR_FAILURES}) as {@link RoutingUnderTest#expectedFailures()}.
     */
    public static RoutingUnderTest<Session> locator(List<ServerSpec> servers, MemcachedSessionLocator locator) {
        Objects.requireNonNull(locator, "locator");
        Map<Session, String> addresses = new IdentityHashMap<>();
        Map<Session, boolean[]> closed = new IdentityHashMap<>();
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            ServerSpec s = servers.get(i);
            InetSocketAddress a = StandIns.address(s);
            boolean[] isClosed = {false};
            Map<String, Object> answers = new HashMap<>();
            answers.put("getRemoteSocketAddress", a);
            answers.put("getInetSocketAddressWrapper", new InetSocketAddressWrapper(a, i, s.weight(), null));
            answers.put("getWeight", s.weight());
            answers.put("getOrder", i);
            answers.put("isClosed", (java.util.function.Supplier<Boolean>) () -> isClosed[0]);
            answers.put("isAllowReconnect", true);
            Session session = StandIns.proxy(MemcachedSession.class, "stand-in session " + s.address(), answers);
            sessions.add(session);
            addresses.put(session, s.address());
            closed.put(session, isClosed);
        }
        locator.updateSessions(List.copyOf(sessions));
        return RoutingUnderTest.of(locator::getSessionByKey, key -> {
            List<Session> out = new ArrayList<>();
            try {
                for (int i = 0; i < sessions.size(); i++) {
                    Session s = locator.getSessionByKey(key);
                    if (s == null || s.isClosed()) {
                        break;
                    }
                    boolean[] flag = closed.get(s);
                    if (flag == null) {
                        throw new IllegalStateException("the locator answered a session it was not given: " + s);
                    }
                    out.add(s);
                    flag[0] = true;
                }
            } finally {
                closed.values().forEach(c -> c[0] = false);
            }
            return out;
        }, session -> {
            String a = addresses.get(session);
            if (a == null) {
                throw new IllegalStateException("the locator answered a session it was not given: " + session);
            }
            return a;
        }, locator.getClass() == KetamaMemcachedSessionLocator.class ? KETAMA_LOCATOR_FAILURES : Map.of());
    }

    private static String version() {
        try (InputStream in = MemcachedClient.class.getResourceAsStream(
                "/META-INF/maven/com.googlecode.xmemcached/xmemcached/pom.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read xmemcached's version", e);
        }
    }
}
