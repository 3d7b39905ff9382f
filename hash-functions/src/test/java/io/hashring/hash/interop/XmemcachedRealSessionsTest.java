package io.hashring.hash.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.code.yanf4j.core.Session;
import io.hashring.hash.RandomKeys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import net.rubyeye.xmemcached.HashAlgorithm;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.MemcachedSessionLocator;
import net.rubyeye.xmemcached.XMemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.impl.ArrayMemcachedSessionLocator;
import net.rubyeye.xmemcached.impl.ElectionMemcachedSessionLocator;
import net.rubyeye.xmemcached.impl.KetamaMemcachedSessionLocator;
import net.rubyeye.xmemcached.impl.LibmemcachedMemcachedSessionLocator;
import net.rubyeye.xmemcached.impl.MemcachedTCPSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * xmemcached 2.4.8's weighted locator paths, which only apply to real {@code MemcachedTCPSession}s
 * ({@code ArrayMemcachedSessionLocator} and {@code ElectionMemcachedSessionLocator} test
 * {@code instanceof MemcachedTCPSession}; proxies take their unweighted branch): real
 * {@code memcached} processes on 127.0.0.1, a real {@link XMemcachedClientBuilder} client with weights
 * per locator, and the client's own locator asked for 100,000 random keys (about one in five
 * non-ASCII) against our mode's router. Then one memcached is killed: the client's rebuilt locator
 * and the locator's own rehash over the real, now closed, session are compared too.
 */
class XmemcachedRealSessionsTest {

    static final int KEYS = 100_000;

    /** Unequal weights, in configuration order. */
    static final int[] WEIGHTS = {1, 3, 2, 4};

    static final List<LocalMemcached> MEMCACHED = new ArrayList<>();
    static final List<MemcachedClient> CLIENTS = new ArrayList<>();
    static List<Server> servers;

    @BeforeAll
    static void startMemcached() throws Exception {
        servers = start(MEMCACHED, WEIGHTS);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        stop(CLIENTS, MEMCACHED);
    }

    static List<Server> start(List<LocalMemcached> into, int[] weights) throws IOException, InterruptedException {
        List<Server> out = new ArrayList<>();
        for (int w : weights) {
            LocalMemcached m = LocalMemcached.start();
            into.add(m);
            out.add(new Server("127.0.0.1", m.port(), w, null));
        }
        return List.copyOf(out);
    }

    static void stop(List<MemcachedClient> clients, List<LocalMemcached> memcached) throws Exception {
        try {
            for (MemcachedClient c : clients) {
                c.shutdown();
            }
        } finally {
            clients.clear();
            for (LocalMemcached m : memcached) {
                m.close();
            }
            for (LocalMemcached m : memcached) {
                assertThat(m.isAlive()).as("%s still running", m).isFalse();
            }
            memcached.clear();
        }
    }

    /** A real client with these weights and this locator; waits (bounded) until every server has its session. */
    static XMemcachedClient client(List<Server> servers, MemcachedSessionLocator locator, List<MemcachedClient> track) throws Exception {
        XMemcachedClientBuilder b = new XMemcachedClientBuilder(
                servers.stream().map(s -> new java.net.InetSocketAddress(s.host(), s.port())).toList(),
                servers.stream().mapToInt(Server::weight).toArray());
        b.setSessionLocator(locator);
        b.setConnectTimeout(5_000);
        MemcachedClient c = b.build();
        track.add(c);
        XMemcachedClient x = (XMemcachedClient) c;
        await(() -> x.getConnector().getSessionSet().size() == servers.size(), "all " + servers.size() + " sessions of " + locator);
        assertThat(x.getSessionLocator()).isSameAs(locator);
        assertThat(x.getConnector().getSessionSet()).allMatch(s -> s instanceof MemcachedTCPSession);
        return x;
    }

    /** The client's sessions in its connector's order (MemcachedConnector.updateSessions sorts by the session comparator). */
    static List<Session> sessions(XMemcachedClient c) {
        List<Session> list = new ArrayList<>(c.getConnector().getSessionSet());
        list.sort(c.getSessionComparator());
        return list;
    }

    static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 15 s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    static Server serverOf(List<Server> servers, Session session) {
        int port = session.getRemoteSocketAddress().getPort();
        assertThat(session.getRemoteSocketAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        return servers.stream().filter(s -> s.port() == port).findFirst()
                .orElseThrow(() -> new AssertionError("session " + session.getRemoteSocketAddress() + " is no configured server"));
    }

    /** The locator's session for 100,000 random keys = our mode's {@code route(key)} over {@code ourServers}. */
    static void comparePrimary(String mode, String hash, List<Server> all, List<Server> ourServers, MemcachedSessionLocator locator,
                               String what) {
        PeerRouter ours = InteropModes.byName(mode).peerRouter(ourServers, hash);
        SplittableRandom r = new SplittableRandom(mode.hashCode() ^ what.hashCode());
        List<String> mismatches = new ArrayList<>();
        Map<Server, Integer> counts = new HashMap<>();
        for (int i = 0; i < KEYS && mismatches.size() < 5; i++) {
            String key = RandomKeys.key(r, 60);
            Session s = locator.getSessionByKey(key);
            Server expected = s == null ? null : serverOf(all, s);
            Server actual = ours.route(key);
            counts.merge(expected, 1, Integer::sum);
            if (!actual.equals(expected)) {
                mismatches.add("key '" + key + "': xmemcached " + expected + ", ours " + actual);
            }
        }
        assertThat(mismatches).as("%s (hash %s) on %s: %s", mode, hash, ourServers, what).isEmpty();
        assertThat(counts.keySet()).as("%s %s: every server is used", mode, what).containsExactlyInAnyOrderElementsOf(ourServers);
    }

    // ------------------------------------------------------------------ primaries, weights 1,3,2,4

    @Test
    @DisplayName("xmemcached-election = ElectionMemcachedSessionLocator on real weighted TCP sessions (ELECTION_HASH, FNV1A_32, CRC32)")
    void election() throws Exception {
        XMemcachedClient c = client(servers, new ElectionMemcachedSessionLocator(), CLIENTS);
        comparePrimary("xmemcached-election", null, servers, servers, c.getSessionLocator(), "client locator");
        for (HashAlgorithm alg : List.of(HashAlgorithm.FNV1A_32_HASH, HashAlgorithm.CRC32_HASH)) {
            ElectionMemcachedSessionLocator l = new ElectionMemcachedSessionLocator(alg);
            l.updateSessions(sessions(c));
            comparePrimary("xmemcached-election", alg.name(), servers, servers, l, "real sessions, " + alg);
        }
    }

    @Test
    @DisplayName("xmemcached-array = ArrayMemcachedSessionLocator on real weighted TCP sessions (NATIVE, CRC32, FNV1_64)")
    void array() throws Exception {
        XMemcachedClient c = client(servers, new ArrayMemcachedSessionLocator(), CLIENTS);
        comparePrimary("xmemcached-array", null, servers, servers, c.getSessionLocator(), "client locator");
        for (HashAlgorithm alg : List.of(HashAlgorithm.CRC32_HASH, HashAlgorithm.FNV1_64_HASH)) {
            ArrayMemcachedSessionLocator l = new ArrayMemcachedSessionLocator(alg);
            l.updateSessions(sessions(c));
            comparePrimary("xmemcached-array", alg.name(), servers, servers, l, "real sessions, " + alg);
        }
    }

    @Test
    @DisplayName("xmemcached-ketama = KetamaMemcachedSessionLocator on real weighted TCP sessions (KETAMA, NATIVE, FNV1A_32)")
    void ketama() throws Exception {
        XMemcachedClient c = client(servers, new KetamaMemcachedSessionLocator(), CLIENTS);
        comparePrimary("xmemcached-ketama", null, servers, servers, c.getSessionLocator(), "client locator");
        for (HashAlgorithm alg : List.of(HashAlgorithm.NATIVE_HASH, HashAlgorithm.FNV1A_32_HASH)) {
            KetamaMemcachedSessionLocator l = new KetamaMemcachedSessionLocator(alg);
            l.updateSessions(sessions(c));
            comparePrimary("xmemcached-ketama", alg.name(), servers, servers, l, "real sessions, " + alg);
        }
    }

    @Test
    @DisplayName("xmemcached-libmemcached, -ketama-gwhalin and -ketama-nginx on the real sessions (getHostName of a real session)")
    void otherLocatorsOnRealSessions() throws Exception {
        XMemcachedClient c = client(servers, new KetamaMemcachedSessionLocator(), CLIENTS);
        List<Session> real = sessions(c);
        LibmemcachedMemcachedSessionLocator lib = new LibmemcachedMemcachedSessionLocator();
        lib.updateSessions(real);
        comparePrimary("xmemcached-libmemcached", null, servers, servers, lib, "real sessions");
        KetamaMemcachedSessionLocator gwhalin = new KetamaMemcachedSessionLocator(HashAlgorithm.NATIVE_HASH, false, true);
        gwhalin.updateSessions(real);
        comparePrimary("xmemcached-ketama-gwhalin", null, servers, servers, gwhalin, "real sessions");
        KetamaMemcachedSessionLocator nginx = new KetamaMemcachedSessionLocator(true);
        nginx.updateSessions(real);
        comparePrimary("xmemcached-ketama-nginx", null, servers, servers, nginx, "real sessions");
    }

    // ------------------------------------------------------------------ one memcached killed

    /**
     * Kills the weight-3 memcached under three live clients (election, array, ketama) and waits,
     * bounded, until each client has closed and dropped that session. Then (1) each client's own
     * locator, rebuilt by MemcachedConnector from the connected sessions (failureMode off), equals our
     * mode over the remaining servers; (2) a fresh locator of the same kind given the real sessions
     * including the closed one (what the client's locator holds between the close and the rebuild)
     * takes its own failover path: rehash (ketama), re-election (election), next bucket (array), and
     * equals our {@code route(key, alive)}.
     */
    @Test
    @DisplayName("after killing one memcached: rebuilt client locators and the closed-session failover paths match")
    void killOneMemcached() throws Exception {
        List<LocalMemcached> memcached = new ArrayList<>();
        List<MemcachedClient> clients = new ArrayList<>();
        try {
            List<Server> all = start(memcached, WEIGHTS);
            Map<String, XMemcachedClient> byMode = new java.util.LinkedHashMap<>();
            byMode.put("xmemcached-election", client(all, new ElectionMemcachedSessionLocator(), clients));
            byMode.put("xmemcached-array", client(all, new ArrayMemcachedSessionLocator(), clients));
            byMode.put("xmemcached-ketama", client(all, new KetamaMemcachedSessionLocator(), clients));
            Map<String, List<Session>> before = new HashMap<>();
            byMode.forEach((mode, c) -> before.put(mode, sessions(c)));

            int victim = 1;
            Server dead = all.get(victim);
            memcached.get(victim).close();
            assertThat(memcached.get(victim).isAlive()).isFalse();
            for (Map.Entry<String, XMemcachedClient> e : byMode.entrySet()) {
                Session closed = before.get(e.getKey()).get(victim);
                assertThat(serverOf(all, closed)).isEqualTo(dead);
                await(() -> closed.isClosed() && e.getValue().getConnector().getSessionSet().size() == all.size() - 1,
                        e.getKey() + "'s client to close and drop the session of " + dead);
            }
            List<Server> alive = new ArrayList<>(all);
            alive.remove(dead);

            // (1) the clients' own locators, rebuilt from the connected sessions
            for (Map.Entry<String, XMemcachedClient> e : byMode.entrySet()) {
                comparePrimary(e.getKey(), null, all, alive, e.getValue().getSessionLocator(), "client locator after the kill");
            }

            // (2) the locators' failover over the real sessions, the closed one included
            Set<Server> deadSet = new HashSet<>(List.of(dead));
            compareFailover("xmemcached-election", all, deadSet, before.get("xmemcached-election"), new ElectionMemcachedSessionLocator());
            compareFailover("xmemcached-array", all, deadSet, before.get("xmemcached-array"), new ArrayMemcachedSessionLocator());
            compareFailover("xmemcached-ketama", all, deadSet, before.get("xmemcached-ketama"), new KetamaMemcachedSessionLocator());
        } finally {
            stop(clients, memcached);
        }
    }

    static void compareFailover(String mode, List<Server> all, Set<Server> dead, List<Session> sessions, MemcachedSessionLocator locator) {
        assertThat(sessions).as("%s sessions", mode).hasSize(all.size()).anyMatch(Session::isClosed);
        locator.updateSessions(sessions);
        PeerRouter ours = InteropModes.byName(mode).peerRouter(all, null);
        SplittableRandom r = new SplittableRandom(mode.hashCode() * 31L);
        List<String> mismatches = new ArrayList<>();
        int failedOver = 0;
        for (int i = 0; i < KEYS && mismatches.size() < 5; i++) {
            String key = RandomKeys.key(r, 60);
            Server expected = serverOf(all, locator.getSessionByKey(key));
            Server actual = ours.route(key, s -> !dead.contains(s));
            List<Server> sequence = ours.failoverSequence(key);
            if (dead.contains(expected) && sequence.stream().allMatch(dead::contains)) {
                // every lookup of the peer's sequence hit the closed session: it returns the last one it found
                actual = sequence.get(sequence.size() - 1);
            }
            if (dead.contains(ours.route(key))) {
                failedOver++;
            }
            if (!actual.equals(expected)) {
                mismatches.add("key '" + key + "': xmemcached " + expected + ", ours " + actual + " (sequence " + sequence + ")");
            }
        }
        assertThat(mismatches).as("%s failover with %s closed", mode, dead).isEmpty();
        assertThat(failedOver).as("%s keys whose primary is the closed server", mode).isGreaterThan(KEYS / 20);
    }
}
