package io.hashring.benchmarks;

import com.google.code.yanf4j.core.Session;
import io.hashring.core.HashFunction;
import io.hashring.core.Node;
import io.hashring.core.PointKeyFormat;
import io.hashring.core.PointLayout;
import io.hashring.core.Ring;
import io.hashring.core.RingConfig;
import io.hashring.core.SearchRule;
import io.hashring.core.TieRule;
import io.hashring.core.WeightPolicy;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.rubyeye.xmemcached.impl.KetamaMemcachedSessionLocator;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.KetamaNodeLocator;
import net.spy.memcached.MemcachedNode;

/**
 * What every benchmark shares: the servers, the key pool, and the three rings built over the same
 * servers (hashring, spymemcached, xmemcached), configured so that they place keys identically.
 *
 * <h2>Why the servers have host names</h2>
 * spymemcached 2.12.3 and xmemcached 2.4.8 both derive point keys from
 * {@code String.valueOf(InetSocketAddress)}, but spymemcached drops a leading {@code '/'}
 * ({@code docs/interop.md#point-keys}) and xmemcached keeps it. For an IP literal ({@code "/10.0.0.7:11211"}) the two
 * clients therefore build different rings. With a host name ({@code "cache-7/10.0.0.7:11211"},
 * what a client configured with host names prints) both hash the same strings, so one ring
 * exists in all three libraries. {@link InetAddress#getByAddress(String, byte[])} sets the name
 * without any DNS lookup.
 */
final class Fixtures {

    /** Keys are 32 bytes, the reference size. */
    static final int KEY_LENGTH = 32;
    /** A power of two, so the next key is {@code (i + 1) & (KEY_POOL - 1)}; 4096 x 32 B stays in L2. */
    static final int KEY_POOL = 4096;

    private Fixtures() {
    }

    /** {@code n} servers {@code cache-i/10.a.b.c:11211}, distinct, no DNS. */
    static List<InetSocketAddress> addresses(int n) {
        List<InetSocketAddress> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] ip = {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
            try {
                out.add(new InetSocketAddress(InetAddress.getByAddress("cache-" + i, ip), 11211));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("cannot make address " + i, e);
            }
        }
        return out;
    }

    /** spymemcached 2.12.3's SPYMEMCACHED key format: the address string with one leading '/' removed. */
    static String spymemcachedId(InetSocketAddress address) {
        String s = String.valueOf(address);
        return s.startsWith("/") ? s.substring(1) : s;
    }

    /**
     * spymemcached's unweighted ketama with KETAMA_HASH ({@code docs/interop.md#spymemcached}): MD5 key hash, 160 points
     * per server as 40 digests of {@code "<id>-<i>"} (4 words each), ceil search, and the last
     * {@code TreeMap.put} wins a tie. Node ids are already rendered by {@link #spymemcachedId}.
     */
    static RingConfig spymemcachedKetama() {
        return RingConfig.builder()
                .name("spymemcached-ketama")
                .hash(HashFunction.md5())
                .weights(WeightPolicy.uniform(160))
                .layout(PointLayout.md5x4(PointKeyFormat.idDashIndex()))
                .search(SearchRule.CEIL)
                .ties(TieRule.LAST)
                .build();
    }

    /** The fast-hash ring: 160 points per server, each {@code FastHash("<id>-<i>")}, ceil search. */
    static RingConfig fastHashRing() {
        return RingConfig.builder()
                .name("fast-hash")
                .hash(FastHash.INSTANCE)
                .weights(WeightPolicy.uniform(160))
                .layout(PointLayout.hashed(FastHash.INSTANCE, PointKeyFormat.idDashIndex()))
                .search(SearchRule.CEIL)
                .ties(TieRule.FIRST)
                .build();
    }

    /** Our nodes for the addresses: id = spymemcached's rendering, value = the server's index. */
    static List<Node<Integer>> nodes(List<InetSocketAddress> addresses) {
        List<Node<Integer>> out = new ArrayList<>(addresses.size());
        for (int i = 0; i < addresses.size(); i++) {
            out.add(Node.of(spymemcachedId(addresses.get(i)), 1, i));
        }
        return out;
    }

    static Ring<Integer> ketamaRing(List<InetSocketAddress> addresses) {
        return Ring.of(spymemcachedKetama(), nodes(addresses));
    }

    /**
     * spymemcached nodes: reflection proxies answering {@code getSocketAddress()} (all the locator
     * reads, once per node while building; {@code getPrimary} never calls a node) and the Object
     * methods (the key formatter caches keys in a HashMap by node).
     */
    static List<MemcachedNode> spymemcachedNodes(List<InetSocketAddress> addresses) {
        List<MemcachedNode> out = new ArrayList<>(addresses.size());
        for (InetSocketAddress address : addresses) {
            out.add(spymemcachedNode(address));
        }
        return out;
    }

    static MemcachedNode spymemcachedNode(SocketAddress address) {
        return (MemcachedNode) Proxy.newProxyInstance(Fixtures.class.getClassLoader(),
                new Class<?>[] {MemcachedNode.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getSocketAddress":
                            return address;
                        case "toString":
                            return String.valueOf(address);
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            throw new UnsupportedOperationException("benchmark node " + address + " has no " + method.getName());
                    }
                });
    }

    static KetamaNodeLocator spymemcachedLocator(List<MemcachedNode> nodes) {
        return new KetamaNodeLocator(nodes, DefaultHashAlgorithm.KETAMA_HASH);
    }

    static List<Session> xmemcachedSessions(List<InetSocketAddress> addresses) {
        List<Session> out = new ArrayList<>(addresses.size());
        for (InetSocketAddress address : addresses) {
            out.add(new StubSession(address));
        }
        return out;
    }

    static KetamaMemcachedSessionLocator xmemcachedLocator(List<Session> sessions) {
        KetamaMemcachedSessionLocator locator = new KetamaMemcachedSessionLocator();
        locator.updateSessions(sessions);
        return locator;
    }

    /** {@link #KEY_POOL} distinct printable keys of {@link #KEY_LENGTH} bytes, from a fixed seed. */
    static String[] keys(long seed) {
        return keys(seed, key -> true);
    }

    /** Like {@link #keys(long)}, keeping only keys {@code accept} takes (bounded: gives up after 64 x the pool). */
    static String[] keys(long seed, java.util.function.Predicate<String> accept) {
        SplittableRandom random = new SplittableRandom(seed);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:_-";
        String[] out = new String[KEY_POOL];
        java.util.Set<String> seen = new java.util.HashSet<>();
        int tries = 0;
        for (int i = 0; i < KEY_POOL; ) {
            if (++tries > 64 * KEY_POOL) {
                throw new IllegalStateException("only " + i + " of " + KEY_POOL + " keys accepted after " + tries + " tries");
            }
            StringBuilder sb = new StringBuilder(KEY_LENGTH).append("user:");
            while (sb.length() < KEY_LENGTH) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String key = sb.toString();
            if (seen.add(key) && accept.test(key)) {
                out[i++] = key;
            }
        }
        return out;
    }

    static byte[][] bytes(String[] keys) {
        byte[][] out = new byte[keys.length][];
        for (int i = 0; i < keys.length; i++) {
            out[i] = keys[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    /**
     * folsom's ketama continuum over the servers, each with a stand-in client (a proxy that
     * reports itself connected, which is all routing asks of it).
     */
    static com.spotify.folsom.ketama.Continuum folsomContinuum(List<InetSocketAddress> addresses) {
        List<com.spotify.folsom.ketama.AddressAndClient> nodes = new ArrayList<>(addresses.size());
        for (InetSocketAddress a : addresses) {
            com.spotify.folsom.RawMemcacheClient stub = (com.spotify.folsom.RawMemcacheClient) java.lang.reflect.Proxy.newProxyInstance(
                    Fixtures.class.getClassLoader(), new Class<?>[] {com.spotify.folsom.RawMemcacheClient.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("toString")) {
                            return "stub " + a;
                        }
                        if (method.getName().equals("isConnected")) {
                            return true; // findClient skips disconnected clients
                        }
                        if (method.getName().equals("hashCode")) {
                            return System.identityHashCode(proxy);
                        }
                        if (method.getName().equals("equals")) {
                            return proxy == args[0];
                        }
                        throw new UnsupportedOperationException("stand-in client: " + method.getName());
                    });
            nodes.add(new com.spotify.folsom.ketama.AddressAndClient(
                    com.spotify.folsom.guava.HostAndPort.fromParts(a.getHostString(), a.getPort()), stub));
        }
        return new com.spotify.folsom.ketama.Continuum(nodes);
    }
}
