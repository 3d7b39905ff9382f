package io.hashring.hash.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashring.hash.RandomKeys;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.rubyeye.xmemcached.HashAlgorithm;
import net.rubyeye.xmemcached.impl.KetamaMemcachedSessionLocator;
import net.rubyeye.xmemcached.impl.LibmemcachedMemcachedSessionLocator;
import net.rubyeye.xmemcached.impl.ArrayMemcachedSessionLocator;
import net.rubyeye.xmemcached.networking.MemcachedSession;
import net.rubyeye.xmemcached.utils.InetSocketAddressWrapper;
import net.spy.memcached.ArrayModNodeLocator;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.KetamaNodeKeyFormatter;
import net.spy.memcached.KetamaNodeLocator;
import net.spy.memcached.MemcachedNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * spymemcached 2.12.3's and xmemcached 2.4.8's own locators, driven in-process with minimal
 * node/session proxies ({@code docs/interop.md#spymemcached}, {@code #xmemcached}), against our modes on 100,000 random keys per
 * topology (printable, about one in five with non-ASCII characters): primary and failover. The
 * proxies are not {@code MemcachedTCPSession}s, so xmemcached's Array and Election locators take
 * their unweighted branch here; {@link XmemcachedRealSessionsTest} covers the weighted paths with
 * real sessions.
 */
class JavaPeersInProcessTest {

    static {
        // spymemcached asserts "160 points per node", which weighted and colliding rings violate (docs/interop.md#spymemcached):
        // run its code as production does, without -ea.
        JavaPeersInProcessTest.class.getClassLoader().setPackageAssertionStatus("net.spy.memcached", false);
    }

    static final int KEYS = 100_000;

    /** A topology: specs, and for each the address the peer is given. */
    record Topology(String name, List<Server> servers) {
    }

    static final Topology EQUAL = new Topology("5 equal (port 11211, localhost)", List.of(
            Server.parse("10.0.1.1:11211"), Server.parse("10.0.1.2:11212"), Server.parse("localhost:11213"),
            Server.parse("10.0.1.4:11211"), Server.parse("192.168.7.5:22122")));
    static final Topology WEIGHTED = new Topology("5 weighted 1..5", List.of(
            Server.parse("10.0.1.1:11211:1"), Server.parse("10.0.1.2:11212:2"), Server.parse("localhost:11213:3"),
            Server.parse("10.0.1.4:11211:4"), Server.parse("192.168.7.5:22122:5")));
    static final Topology TWENTY_FIVE = new Topology("25 equal", twentyFive());

    static List<Server> twentyFive() {
        List<Server> s = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            s.add(Server.of("10.0.2." + i, 11211 + (i % 3)));
        }
        return s;
    }

    /** An address as the Java client holds it: IP literals without a hostname (toString "/ip:port"), names resolved. */
    static InetSocketAddress spyAddress(Server s) throws Exception {
        return new InetSocketAddress(s.host(), s.port());
    }

    /** An address whose getHostName() is the configured text without any reverse lookup. */
    static InetSocketAddress namedAddress(Server s) throws Exception {
        return new InetSocketAddress(InetAddress.getByAddress(s.host(), InetAddress.getByName(s.host()).getAddress()), s.port());
    }

    // ------------------------------------------------------------------ spymemcached

    static MemcachedNode spyNode(InetSocketAddress addr) {
        return (MemcachedNode) Proxy.newProxyInstance(MemcachedNode.class.getClassLoader(), new Class<?>[] {MemcachedNode.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getSocketAddress" -> addr;
                    case "isActive" -> true;
                    case "toString" -> "node " + addr;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    void compareSpyKetama(String mode, Topology t, DefaultHashAlgorithm alg, KetamaNodeKeyFormatter.Format format) throws Exception {
        List<MemcachedNode> nodes = new ArrayList<>();
        Map<MemcachedNode, Server> serverOf = new HashMap<>();
        Map<InetSocketAddress, Integer> weights = new HashMap<>();
        boolean weighted = t.servers().stream().anyMatch(s -> s.weight() != 1);
        for (Server s : t.servers()) {
            InetSocketAddress a = spyAddress(s); // as spymemcached's AddrUtil makes it: new InetSocketAddress(host, port)
            MemcachedNode n = spyNode(a);
            nodes.add(n);
            serverOf.put(n, s);
            if (weighted) {
                weights.put(a, s.weight());
            }
        }
        KetamaNodeLocator spy = new KetamaNodeLocator(nodes, alg, format, weights);
        PeerRouter ours = InteropModes.byName(mode).peerRouter(t.servers(), alg.name());
        SplittableRandom r = new SplittableRandom(mode.hashCode() ^ alg.ordinal() ^ t.name().hashCode());
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < KEYS && mismatches.size() < 5; i++) {
            String k = RandomKeys.key(r, 60);
            List<Server> expected = new ArrayList<>();
            for (Iterator<MemcachedNode> it = spy.getSequence(k); it.hasNext(); ) {
                expected.add(serverOf.get(it.next()));
            }
            Server primary = serverOf.get(spy.getPrimary(k));
            if (!primary.equals(ours.route(k)) || !expected.equals(ours.failoverSequence(k))) {
                mismatches.add(k + ": spymemcached " + primary + " " + expected + ", ours " + ours.route(k) + " " + ours.failoverSequence(k));
            }
        }
        assertThat(mismatches).as("%s %s %s on %s", mode, alg, format, t.name()).isEmpty();
    }

    @Test
    @DisplayName("spymemcached-ketama = KetamaNodeLocator (SPYMEMCACHED format), primary and 7-step getSequence")
    void spymemcachedKetama() throws Exception {
        for (Topology t : List.of(EQUAL, WEIGHTED, TWENTY_FIVE)) {
            compareSpyKetama("spymemcached-ketama", t, DefaultHashAlgorithm.KETAMA_HASH, KetamaNodeKeyFormatter.Format.SPYMEMCACHED);
        }
        for (DefaultHashAlgorithm alg : List.of(DefaultHashAlgorithm.NATIVE_HASH, DefaultHashAlgorithm.FNV1A_32_HASH,
                DefaultHashAlgorithm.FNV1_64_HASH, DefaultHashAlgorithm.CRC_HASH)) {
            compareSpyKetama("spymemcached-ketama", EQUAL, alg, KetamaNodeKeyFormatter.Format.SPYMEMCACHED);
            compareSpyKetama("spymemcached-ketama", WEIGHTED, alg, KetamaNodeKeyFormatter.Format.SPYMEMCACHED);
        }
    }

    /** Loopback IP literals (reverse-resolved by /etc/hosts alone: no DNS traffic) and one hostname. */
    static final Topology LOOPBACK_EQUAL = new Topology("5 equal loopback (IP literals, port 11211, localhost)", List.of(
            Server.parse("127.0.0.1:11211"), Server.parse("127.0.0.1:11212"), Server.parse("localhost:11213"),
            Server.parse("127.0.0.1:22122"), Server.parse("127.0.0.1:22123")));
    static final Topology LOOPBACK_WEIGHTED = new Topology("5 weighted loopback 1..5", List.of(
            Server.parse("127.0.0.1:11211:1"), Server.parse("127.0.0.1:11212:2"), Server.parse("localhost:11213:3"),
            Server.parse("127.0.0.1:22122:4"), Server.parse("127.0.0.1:22123:5")));
    static final Topology LOOPBACK_25 = new Topology("25 equal 127.0.0.1", loopback25());

    static List<Server> loopback25() {
        List<Server> s = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            s.add(Server.of("127.0.0.1", 31201 + i));
        }
        return s;
    }

    @Test
    @DisplayName("spymemcached-ketama-libmemcached = KetamaNodeLocator (LIBMEMCACHED format) over IP-literal addresses, "
            + "whose getHostName() the peer reverse-resolves (127.0.0.1 -> localhost)")
    void spymemcachedKetamaLibmemcachedFormat() throws Exception {
        // The peer's own rendering: spymemcached's AddrUtil builds new InetSocketAddress(ip, port), and the
        // LIBMEMCACHED formatter calls getHostName() on it.
        assertThat(new InetSocketAddress("127.0.0.1", 11211).getHostName()).as("reverse name of 127.0.0.1 here")
                .isEqualTo("localhost");
        for (Topology t : List.of(LOOPBACK_EQUAL, LOOPBACK_WEIGHTED, LOOPBACK_25)) {
            compareSpyKetama("spymemcached-ketama-libmemcached", t, DefaultHashAlgorithm.KETAMA_HASH,
                    KetamaNodeKeyFormatter.Format.LIBMEMCACHED);
        }
        compareSpyKetama("spymemcached-ketama-libmemcached", LOOPBACK_EQUAL, DefaultHashAlgorithm.FNV1A_64_HASH,
                KetamaNodeKeyFormatter.Format.LIBMEMCACHED);
    }

    @Test
    @DisplayName("spymemcached-arraymod = ArrayModNodeLocator, primary and getSequence")
    void spymemcachedArrayMod() throws Exception {
        for (DefaultHashAlgorithm alg : List.of(DefaultHashAlgorithm.NATIVE_HASH, DefaultHashAlgorithm.CRC_HASH, DefaultHashAlgorithm.KETAMA_HASH)) {
            for (Topology t : List.of(EQUAL, TWENTY_FIVE)) {
                List<MemcachedNode> nodes = new ArrayList<>();
                Map<MemcachedNode, Server> serverOf = new HashMap<>();
                for (Server s : t.servers()) {
                    MemcachedNode n = spyNode(spyAddress(s));
                    nodes.add(n);
                    serverOf.put(n, s);
                }
                ArrayModNodeLocator spy = new ArrayModNodeLocator(nodes, alg);
                PeerRouter ours = InteropModes.byName("spymemcached-arraymod").peerRouter(t.servers(), alg.name());
                SplittableRandom r = new SplittableRandom(alg.ordinal());
                for (int i = 0; i < KEYS; i++) {
                    String k = RandomKeys.key(r, 60);
                    List<Server> expected = new ArrayList<>();
                    expected.add(serverOf.get(spy.getPrimary(k)));
                    for (Iterator<MemcachedNode> it = spy.getSequence(k); it.hasNext(); ) {
                        expected.add(serverOf.get(it.next()));
                    }
                    assertThat(ours.failoverSequence(k)).as("%s %s key %s", alg, t.name(), k).isEqualTo(expected);
                    assertThat(ours.route(k)).isEqualTo(expected.get(0));
                }
            }
        }
    }

    // ------------------------------------------------------------------ xmemcached

    /**
     * As MemcachedConnector does: the wrapper holds the configured address (its constructor calls
     * getHostName()), the session's remote address is the fresh one it connected to, and
     * remoteAddressStr is that address's toString.
     */
    static MemcachedSession xmSession(InetSocketAddress addr, int weight, Set<InetSocketAddress> closed) throws Exception {
        String remote = String.valueOf(addr);
        InetSocketAddress configured = new InetSocketAddress(
                InetAddress.getByAddress(addr.getHostString(), addr.getAddress().getAddress()), addr.getPort());
        InetSocketAddressWrapper w = new InetSocketAddressWrapper(configured, 0, weight, null);
        w.setRemoteAddressStr(remote);
        return (MemcachedSession) Proxy.newProxyInstance(MemcachedSession.class.getClassLoader(), new Class<?>[] {MemcachedSession.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getRemoteSocketAddress" -> addr;
                    case "getInetSocketAddressWrapper" -> w;
                    case "getWeight" -> weight;
                    case "isClosed" -> closed.contains(addr);
                    case "toString" -> String.valueOf(addr);
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    interface XmLocator {
        void update(List<com.google.code.yanf4j.core.Session> sessions);

        com.google.code.yanf4j.core.Session get(String key);
    }

    void compareXm(String mode, String hash, Topology t, boolean named, XmLocator locator, boolean withDead) throws Exception {
        List<com.google.code.yanf4j.core.Session> sessions = new ArrayList<>();
        Map<Object, Server> serverOf = new HashMap<>();
        Set<InetSocketAddress> closed = new java.util.HashSet<>();
        Set<Server> dead = new java.util.HashSet<>();
        int i = 0;
        for (Server s : t.servers()) {
            InetSocketAddress a = named ? namedAddress(s) : spyAddress(s);
            MemcachedSession session = xmSession(a, s.weight(), closed);
            sessions.add(session);
            serverOf.put(session, s);
            if (withDead && i++ % 2 == 1) {
                closed.add(a);
                dead.add(s);
            }
        }
        locator.update(sessions);
        PeerRouter ours = InteropModes.byName(mode).peerRouter(t.servers(), hash);
        SplittableRandom r = new SplittableRandom(mode.hashCode() ^ t.name().hashCode());
        for (int k = 0; k < KEYS; k++) {
            String key = RandomKeys.key(r, 60);
            Server expected = serverOf.get(locator.get(key));
            Server actual = withDead ? ours.route(key, s -> !dead.contains(s)) : ours.route(key);
            if (withDead && expected != null && dead.contains(expected)) {
                // every rehash landed on a closed session: the peer returns the last one it found
                actual = ours.failoverSequence(key).get(ours.failoverSequence(key).size() - 1);
            }
            assertThat(actual).as("%s %s on %s%s, key %s", mode, hash, t.name(), withDead ? " with closed sessions" : "", key)
                    .isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("xmemcached-ketama = KetamaMemcachedSessionLocator, with and without closed sessions (rehash)")
    void xmemcachedKetama() throws Exception {
        for (Topology t : List.of(EQUAL, WEIGHTED, TWENTY_FIVE)) {
            for (boolean dead : new boolean[] {false, true}) {
                KetamaMemcachedSessionLocator l = new KetamaMemcachedSessionLocator();
                compareXm("xmemcached-ketama", null, t, false, xm(l), dead);
            }
        }
        for (HashAlgorithm alg : List.of(HashAlgorithm.NATIVE_HASH, HashAlgorithm.FNV1A_32_HASH, HashAlgorithm.ONE_AT_A_TIME)) {
            compareXm("xmemcached-ketama", alg.name(), WEIGHTED, false, xm(new KetamaMemcachedSessionLocator(alg)), true);
        }
    }

    @Test
    @DisplayName("xmemcached-ketama-nginx and -gwhalin = KetamaMemcachedSessionLocator's compatibility modes")
    void xmemcachedKetamaCompat() throws Exception {
        for (Topology t : List.of(EQUAL, WEIGHTED)) {
            compareXm("xmemcached-ketama-nginx", null, t, false, xm(new KetamaMemcachedSessionLocator(true)), false);
            compareXm("xmemcached-ketama-nginx", "FNV1A_32_HASH", t, false,
                    xm(new KetamaMemcachedSessionLocator(HashAlgorithm.FNV1A_32_HASH, true)), true);
            compareXm("xmemcached-ketama-gwhalin", null, t, true,
                    xm(new KetamaMemcachedSessionLocator(HashAlgorithm.NATIVE_HASH, false, true)), false);
        }
    }

    @Test
    @DisplayName("xmemcached-libmemcached = LibmemcachedMemcachedSessionLocator, with and without closed sessions")
    void xmemcachedLibmemcached() throws Exception {
        for (Topology t : List.of(EQUAL, WEIGHTED, TWENTY_FIVE)) {
            compareXm("xmemcached-libmemcached", null, t, true, xm(new LibmemcachedMemcachedSessionLocator()), false);
            compareXm("xmemcached-libmemcached", null, t, true, xm(new LibmemcachedMemcachedSessionLocator()), true);
        }
        compareXm("xmemcached-libmemcached", "FNV1A_64_HASH", EQUAL, true,
                xm(new LibmemcachedMemcachedSessionLocator(100, HashAlgorithm.FNV1A_64_HASH)), false);
    }

    @Test
    @DisplayName("xmemcached-array = ArrayMemcachedSessionLocator (weight 1: proxies are not TCP sessions), with closed sessions")
    void xmemcachedArray() throws Exception {
        for (Topology t : List.of(EQUAL, TWENTY_FIVE)) {
            compareXm("xmemcached-array", null, t, false, xm(new ArrayMemcachedSessionLocator()), false);
            compareXm("xmemcached-array", null, t, false, xm(new ArrayMemcachedSessionLocator()), true);
            compareXm("xmemcached-array", "CRC32_HASH", t, false, xm(new ArrayMemcachedSessionLocator(HashAlgorithm.CRC32_HASH)), true);
        }
    }

    static XmLocator xm(net.rubyeye.xmemcached.MemcachedSessionLocator l) {
        return new XmLocator() {
            @Override
            public void update(List<com.google.code.yanf4j.core.Session> sessions) {
                l.updateSessions(sessions);
            }

            @Override
            public com.google.code.yanf4j.core.Session get(String key) {
                return l.getSessionByKey(key);
            }
        };
    }
}
