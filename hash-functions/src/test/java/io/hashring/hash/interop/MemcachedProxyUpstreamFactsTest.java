package io.hashring.hash.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.hash.Hashing;
import io.hashring.core.HashFunction;
import io.hashring.hash.Hashes;
import io.hashring.hash.RandomKeys;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.KetamaNodeKeyFormatter;
import net.spy.memcached.KetamaNodeLocator;
import net.spy.memcached.MemcachedNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The memcached-proxy modes against memcached's own proxy source (memcached/memcached at
 * 2d51e364799bc9698bd4b11728ea978cea12da6e: {@code proxy_lua.c}, {@code proxy_jump_hash.c},
 * {@code proxy_ring_hash.c}, {@code proxy_xxhash.c}, {@code proxy.h}) and against peers we already
 * match: Guava's jump hash, nutcracker's and libmemcached's golden files, spymemcached's
 * KetamaNodeLocator. Debian's memcached 1.6.18 is built without {@code --enable-proxy}, so the proxy
 * itself does not run here. XXH3 has its own vectors (Xxh3VectorsTest).
 */
class MemcachedProxyUpstreamFactsTest {

    static final List<Server> FIVE = List.of(Server.of("10.0.0.1", 11211), Server.of("10.0.0.2", 11211),
            Server.of("cache-3.example", 11311), Server.of("10.0.0.4", 22122), Server.of("10.0.0.5", 11211));

    static PeerRouter router(String mode, List<Server> servers, String hash, String... options) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            o.put(options[i], options[i + 1]);
        }
        return InteropModes.byName(mode).peerRouter(servers, hash, o);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Nested
    @DisplayName("dist_jump_hash (proxy_jump_hash.c)")
    class Jump {

        @Test
        @DisplayName("the proxy's jump equals Guava Hashing.consistentHash on 200,000 64-bit hashes x 6 pool sizes")
        void equalsGuava() {
            // google/guava guava/src/com/google/common/hash/Hashing.java consistentHash: the same LCG
            // (2862933555777941757 * state + 1) and the same (state >>> 33) + 1 draw; Guava divides by
            // draw / 2^31 where the proxy multiplies by 2^31 / draw (the paper's form), and Guava's int cast
            // saturates where the proxy's int64_t cannot overflow. Both can round differently in the last bit.
            SplittableRandom r = new SplittableRandom(15);
            int[] sizes = {1, 2, 3, 10, 257, 65_536};
            List<String> differ = new ArrayList<>();
            for (int i = 0; i < 200_000; i++) {
                long h = r.nextLong();
                for (int n : sizes) {
                    int ours = MemcachedProxyHashes.jump(h, n);
                    if (ours != Hashing.consistentHash(h, n)) {
                        differ.add(Long.toHexString(h) + " over " + n + ": proxy " + ours + ", Guava " + Hashing.consistentHash(h, n));
                    }
                }
            }
            assertThat(differ).as("64-bit hashes where the proxy's jump and Guava's disagree").isEmpty();
        }

        @Test
        @DisplayName("the mode routes a key to backend jump(XXH3_64bits_withSeed(key, 0), n) in pool order")
        void modeIsJumpOverXxh3() {
            PeerRouter p = router("memcached-proxy-jump", FIVE, null);
            SplittableRandom r = new SplittableRandom(3);
            for (int i = 0; i < 20_000; i++) {
                String k = RandomKeys.key(r, 80);
                int expected = Hashing.consistentHash(Hashes.xxh3().hash64(utf8(k)), FIVE.size());
                assertThat(p.route(k)).as("key %s", k).isEqualTo(FIVE.get(expected));
                assertThat(p.failoverSequence(k)).as("no re-route of %s", k).containsExactly(p.route(k));
            }
        }

        @Test
        @DisplayName("jump paper: growing the pool from n to n+1 moves keys only to the new backend, about 1/(n+1) of them")
        void monotoneAndMinimalMoves() {
            SplittableRandom r = new SplittableRandom(7);
            int keys = 100_000;
            long[] h = new long[keys];
            for (int i = 0; i < keys; i++) {
                h[i] = r.nextLong();
            }
            for (int n = 1; n < 40; n++) {
                int moved = 0;
                for (long x : h) {
                    int before = MemcachedProxyHashes.jump(x, n);
                    int after = MemcachedProxyHashes.jump(x, n + 1);
                    if (before != after) {
                        assertThat(after).as("a key moved from %d when growing %d -> %d", before, n, n + 1).isEqualTo(n);
                        moved++;
                    }
                }
                // moved ~ Binomial(keys, 1/(n+1)); 5 standard deviations: false failure rate below 1e-6 per size
                double p = 1.0 / (n + 1);
                double sd = Math.sqrt(keys * p * (1 - p));
                assertThat((double) moved).as("keys moved growing %d -> %d", n, n + 1).isBetween(keys * p - 5 * sd, keys * p + 5 * sd);
            }
        }

        @Test
        @DisplayName("seed = \"s\" makes hash_seed = XXH3_64bits(\"s\") (proxy_lua.c mcplib_pool); the ring hash ignores it")
        void seedOption() {
            PeerRouter seeded = router("memcached-proxy-jump", FIVE, null, "seed", "zone-a");
            long seed = Hashes.xxh3().hash64(utf8("zone-a"));
            int differs = 0;
            PeerRouter plain = router("memcached-proxy-jump", FIVE, null);
            SplittableRandom r = new SplittableRandom(5);
            for (int i = 0; i < 5_000; i++) {
                String k = RandomKeys.key(r, 40);
                assertThat(seeded.route(k)).isEqualTo(FIVE.get(Hashing.consistentHash(Hashes.xxh3(seed).hash64(utf8(k)), 5)));
                differs += seeded.route(k).equals(plain.route(k)) ? 0 : 1;
            }
            assertThat(differs).as("keys a seed moves").isGreaterThan(3_000);
            // ketama_key_hasher: "NOTE: seed is ignored!"; its uint32 result is zero-extended into the jump.
            PeerRouter md5 = router("memcached-proxy-jump", FIVE, "mcp.dist_ring_hash.hash", "seed", "zone-a");
            for (int i = 0; i < 2_000; i++) {
                String k = RandomKeys.key(r, 40);
                long h = Integer.toUnsignedLong(Hashes.md5().hash(utf8(k), 0, utf8(k).length));
                assertThat(md5.route(k)).isEqualTo(FIVE.get(Hashing.consistentHash(h, 5)));
            }
        }
    }

    @Nested
    @DisplayName("key filters (proxy_lua.c mcp_key_hash_filter_stop / _tag, mcplib_pool)")
    class Filters {

        /** The backend the jump pool picks for exactly these bytes, unfiltered. */
        Server of(String hashed) {
            return FIVE.get(Hashing.consistentHash(Hashes.xxh3().hash64(utf8(hashed)), FIVE.size()));
        }

        @Test
        @DisplayName("stop \"|#|\" (t/startfile.lua's example): \"foo:bar|#|restofkey\" hashes \"foo:bar\" (proxy_lua.c's own example)")
        void stop() {
            PeerRouter p = router("memcached-proxy-jump", FIVE, null, "filter", "stop", "filter_conf", "|#|");
            SplittableRandom r = new SplittableRandom(9);
            int checked = 0;
            for (int i = 0; i < 2_000; i++) {
                String head = RandomKeys.key(r, 30).replace("|", "");
                String key = head + "|#|" + RandomKeys.key(r, 30);
                assertThat(p.route(key)).as("stop-filtered %s", key).isEqualTo(of(head));
                checked++;
            }
            assertThat(checked).isEqualTo(2_000);
            assertThat(p.route("foo:bar|#|restofkey")).isEqualTo(of("foo:bar"));
            assertThat(p.route("a|#|b|#|c")).as("the first stop").isEqualTo(of("a"));
            assertThat(p.route("no stop here")).isEqualTo(of("no stop here"));
            assertThat(p.route("|#|x")).as("stop at 0 hashes the empty string").isEqualTo(of(""));
            // strstr on a NUL-terminated copy: a stop after a NUL byte is not found
            assertThat(p.route("ab\0c|#|d")).isEqualTo(of("ab\0c|#|d"));
            // klen > KEY_MAX_LENGTH (250): "Hedging against potential bugs", the whole key is hashed
            String longKey = "x".repeat(248) + "|#|";
            assertThat(p.route(longKey + "y")).isEqualTo(of(longKey + "y"));
            assertThat(p.route("x".repeat(247) + "|#|")).as("250 bytes are filtered").isEqualTo(of("x".repeat(247)));
        }

        @Test
        @DisplayName("tags \"{}\": the text between the first '{' and the next '}'; else the whole key")
        void tags() {
            PeerRouter p = router("memcached-proxy-jump", FIVE, null, "filter", "tags", "filter_conf", "{}");
            assertThat(p.route("user:{42}:profile")).isEqualTo(of("42"));
            assertThat(p.route("{42}")).isEqualTo(of("42"));
            assertThat(p.route("a{b}c{d}")).as("first tag pair").isEqualTo(of("b"));
            assertThat(p.route("a{}b")).as("empty tag: newlen = 0").isEqualTo(of(""));
            assertThat(p.route("a{bc")).as("no closing tag").isEqualTo(of("a{bc"));
            assertThat(p.route("ab}c{")).as("opening tag last").isEqualTo(of("ab}c{"));
            assertThat(p.route("x}y{z}")).as("a '}' before the '{' does not count").isEqualTo(of("z"));
            assertThat(p.route("plain")).isEqualTo(of("plain"));
            PeerRouter dollars = router("memcached-proxy-jump", FIVE, null, "filter", "tags", "filter_conf", "$$");
            assertThat(dollars.route("a$bc$d")).as("equal open and close characters").isEqualTo(of("bc"));
            PeerRouter longer = router("memcached-proxy-jump", FIVE, null, "filter", "tags", "filter_conf", "{}xyz");
            assertThat(longer.route("k{v}x")).as("only conf[0] and conf[1] count").isEqualTo(of("v"));
            PeerRouter ring = router("memcached-proxy-ring-ketama", FIVE, "mcp.dist_ring_hash.hash", "filter", "tags",
                    "filter_conf", "{}");
            PeerRouter ringPlain = router("memcached-proxy-ring-ketama", FIVE, "mcp.dist_ring_hash.hash");
            assertThat(ring.route("user:{42}:profile")).as("ring pools filter too").isEqualTo(ringPlain.route("42"));
        }

        /** The bytes a filter leaves to hash, as text. */
        String hashed(MemcachedProxyHashes.KeyFilter f, String key) {
            byte[] k = utf8("pad" + key);
            long sl = f.slice(k, 3, k.length - 3);
            return new String(k, (int) (sl >>> 32), (int) sl, StandardCharsets.UTF_8);
        }

        @Test
        @DisplayName("the filters' slices, exactly: stop and tags on the source's cases, at an offset into the buffer")
        void slices() {
            MemcachedProxyHashes.KeyFilter stop = MemcachedProxyHashes.stop("|#|");
            assertThat(hashed(stop, "foo:bar|#|restofkey")).isEqualTo("foo:bar");
            assertThat(hashed(stop, "a|#|b|#|c")).isEqualTo("a");
            assertThat(hashed(stop, "|#|x")).isEmpty();
            assertThat(hashed(stop, "no stop")).isEqualTo("no stop");
            assertThat(hashed(stop, "ab\0c|#|d")).as("strstr stops at a NUL byte").isEqualTo("ab\0c|#|d");
            assertThat(hashed(stop, "x".repeat(247) + "|#|")).isEqualTo("x".repeat(247));
            assertThat(hashed(stop, "x".repeat(248) + "|#|")).as("over KEY_MAX_LENGTH").isEqualTo("x".repeat(248) + "|#|");
            MemcachedProxyHashes.KeyFilter tags = MemcachedProxyHashes.tags("{}");
            assertThat(hashed(tags, "user:{42}:profile")).isEqualTo("42");
            assertThat(hashed(tags, "a{}b")).isEmpty();
            assertThat(hashed(tags, "a{bc")).isEqualTo("a{bc");
            assertThat(hashed(tags, "ab}c{")).isEqualTo("ab}c{");
            assertThat(hashed(tags, "x}y{z}")).isEqualTo("z");
            assertThat(hashed(tags, "a{b}c{d}")).isEqualTo("b");
            assertThat(hashed(MemcachedProxyHashes.tags("$$"), "a$bc$d")).isEqualTo("bc");
            assertThat(hashed(MemcachedProxyHashes.NONE, "a{b}")).isEqualTo("a{b}");
        }

        @Test
        @DisplayName("bad filter options fail naming the option and the proxy's rule")
        void badOptions() {
            assertThatThrownBy(() -> router("memcached-proxy-jump", FIVE, null, "filter", "regex", "filter_conf", "{}"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'filter'").hasMessageContaining("'regex'");
            assertThatThrownBy(() -> router("memcached-proxy-jump", FIVE, null, "filter", "tags"))
                    .hasMessageContaining("filter_conf").hasMessageContaining("between 2 and 5");
            assertThatThrownBy(() -> router("memcached-proxy-jump", FIVE, null, "filter", "stop", "filter_conf", "|"))
                    .hasMessageContaining("filter_conf").hasMessageContaining("'|'");
            assertThatThrownBy(() -> router("memcached-proxy-jump", FIVE, null, "filter", "stop", "filter_conf", "123456"))
                    .hasMessageContaining("2 to 5");
            assertThatThrownBy(() -> router("memcached-proxy-jump", FIVE, null, "filter_conf", "{}"))
                    .hasMessageContaining("without a filter");
            assertThatThrownBy(() -> router("memcached-proxy-ring-ketama", FIVE, null, "obuckets", "10"))
                    .hasMessageContaining("multiple of 4").hasMessageContaining("10");
            assertThatThrownBy(() -> router("memcached-proxy-ring", FIVE, null, "obuckets", "0"))
                    .hasMessageContaining("obuckets");
            assertThatThrownBy(() -> router("memcached-proxy-jump", FIVE, null, "obuckets", "80"))
                    .hasMessageContaining("no option 'obuckets'");
        }
    }

    @Nested
    @DisplayName("dist_ring_hash (proxy_ring_hash.c)")
    class RingHash {

        /** Golden file of a peer we already match, as (servers, key -> address). */
        record Golden(String name, List<Server> servers, Map<String, String> placement) {
        }

        static Golden golden(String path) throws Exception {
            try (InputStream in = MemcachedProxyUpstreamFactsTest.class.getResourceAsStream("/golden/" + path)) {
                assertThat(in).as("golden file %s", path).isNotNull();
                JsonNode d = new ObjectMapper().readTree(in);
                List<Server> servers = new ArrayList<>();
                d.get("servers").forEach(s -> servers.add(Server.parse(s.asText())));
                Map<String, String> placement = new java.util.LinkedHashMap<>();
                d.get("vectors").forEach(v -> placement.put(v.get("key").asText(), v.get("server").asText()));
                return new Golden(path, servers, placement);
            }
        }

        /** Keys of the golden file the mode (hash = mcp.dist_ring_hash.hash, the MD5 key hash) places elsewhere than the peer. */
        static List<String> modeMismatches(Golden g, String mode, int buckets) {
            PeerRouter p = router(mode, g.servers(), "mcp.dist_ring_hash.hash", "obuckets", Integer.toString(buckets));
            List<String> out = new ArrayList<>();
            g.placement().forEach((k, expected) -> {
                if (!p.route(k).address().equals(expected)) {
                    out.add(k + ": peer " + expected + ", " + mode + " " + p.route(k).address());
                }
            });
            return out;
        }

        /** Keys of the golden file the proxy ring over this key hash places elsewhere than the peer did. */
        static List<String> mismatches(Golden g, MemcachedProxyHashes.Omode omode, int buckets, HashFunction keyHash) {
            PeerRouter p = MemcachedProxyHashes.ringPool("memcached-proxy-ring-" + omode, omode, buckets, g.servers(), keyHash);
            List<String> out = new ArrayList<>();
            g.placement().forEach((k, expected) -> {
                if (!p.route(k).address().equals(expected)) {
                    out.add(k + ": peer " + expected + ", proxy ring " + p.route(k).address());
                }
            });
            return out;
        }

        @Test
        @DisplayName("omode twemproxy places every key of nutcracker's and libmemcached's equal-weight golden files like them (obuckets = their point count)")
        void twemproxyOmodeMatchesPeers() throws Exception {
            // The proxy offers only XXH3 and MD5 key hashes, and no equal-weight golden file uses md5, so the key
            // hash is the golden file's (twemproxy default fnv1a_64, libmemcached default one_at_a_time): this
            // checks the continuum (point strings, 160 MD5 points, ceiling search, wrap), the part the proxy adds.
            // twemproxy and libmemcached give each server 4 * floor((float) 1/n * 160 / 4 * n + 1e-10) points
            // (nc_ketama.c, libmemcached hash.cc update_continuum): 160 for 3 servers, 156 for 25 (float rounding);
            // the proxy gives every backend obuckets (160) points, so 25 backends need obuckets = 156 to agree.
            Golden nutcracker = golden("twemproxy-ketama/default-equal-25.json");
            assertThat(nutcracker.placement()).hasSizeGreaterThan(1000);
            assertThat(mismatches(nutcracker, MemcachedProxyHashes.Omode.TWEMPROXY, 156, Hashes.fnv1a_64())).isEmpty();
            assertThat(mismatches(nutcracker, MemcachedProxyHashes.Omode.TWEMPROXY, 160, Hashes.fnv1a_64()))
                    .as("the proxy's default 160 points differ from nutcracker's 156 for 25 servers").isNotEmpty();
            // libmemcached KETAMA_WEIGHTED hashes keys with MD5 by default, the proxy's mcp.dist_ring_hash.hash:
            // these two files check the whole mode, key hash included.
            Golden lm25 = golden("libmemcached-ketama-weighted/equal-25.json");
            assertThat(modeMismatches(lm25, "memcached-proxy-ring-twemproxy", 156)).isEmpty();
            Golden lm3 = golden("libmemcached-ketama-weighted/equal-3.json");
            assertThat(lm3.servers()).as("equal weights").allSatisfy(s -> assertThat(s.weight()).isEqualTo(1));
            assertThat(lm3.servers()).as("one backend on port 11211").anySatisfy(s -> assertThat(s.port()).isEqualTo(11211));
            assertThat(modeMismatches(lm3, "memcached-proxy-ring-twemproxy", 160)).isEmpty();
        }

        @Test
        @DisplayName("omode ketama keeps ':11211' in its point strings: equal to omode twemproxy without port 11211, not with it")
        void ketamaOmodeDiffersOnlyOnPort11211() throws Exception {
            Golden noDefaultPort = golden("libmemcached-ketama-weighted/equal-25.json");
            assertThat(noDefaultPort.servers()).noneSatisfy(s -> assertThat(s.port()).isEqualTo(11211));
            assertThat(modeMismatches(noDefaultPort, "memcached-proxy-ring-ketama", 156)).isEmpty();
            // equal-3 has 127.0.0.2:11211: libmemcached (and twemproxy) hash "127.0.0.2-i", omode ketama "127.0.0.2:11211-i"
            Golden withDefaultPort = golden("libmemcached-ketama-weighted/equal-3.json");
            assertThat(withDefaultPort.servers()).anySatisfy(s -> assertThat(s.port()).isEqualTo(11211));
            assertThat(modeMismatches(withDefaultPort, "memcached-proxy-ring-ketama", 160).size())
                    .as("keys omode ketama places unlike libmemcached when a backend uses port 11211")
                    .isGreaterThan(withDefaultPort.placement().size() / 20);
        }

        @Test
        @DisplayName("omode evcache = spymemcached 2.12.3 KetamaNodeLocator (MD5, SPYMEMCACHED format 'host/ip:port-i') over 'ip/ip:port'")
        void evcacheOmodeMatchesSpymemcached() throws Exception {
            List<Server> servers = new ArrayList<>();
            List<MemcachedNode> nodes = new ArrayList<>();
            Map<MemcachedNode, Server> serverOf = new HashMap<>();
            for (int i = 1; i <= 12; i++) {
                Server s = Server.of("10.0.3." + i, i % 2 == 0 ? 11211 : 11300 + i);
                servers.add(s);
                // host name = the IP text, so InetSocketAddress.toString() is "10.0.3.i/10.0.3.i:port"
                InetSocketAddress a = new InetSocketAddress(InetAddress.getByAddress(s.host(),
                        InetAddress.getByName(s.host()).getAddress()), s.port());
                MemcachedNode n = JavaPeersInProcessTest.spyNode(a);
                nodes.add(n);
                serverOf.put(n, s);
            }
            KetamaNodeLocator spy = new KetamaNodeLocator(nodes, DefaultHashAlgorithm.KETAMA_HASH,
                    KetamaNodeKeyFormatter.Format.SPYMEMCACHED, new HashMap<>());
            PeerRouter ours = router("memcached-proxy-ring-evcache", servers, "mcp.dist_ring_hash.hash");
            SplittableRandom r = new SplittableRandom(21);
            List<String> differ = new ArrayList<>();
            for (int i = 0; i < 50_000 && differ.size() < 5; i++) {
                String k = RandomKeys.key(r, 60);
                Server expected = serverOf.get(spy.getPrimary(k));
                if (!expected.equals(ours.route(k))) {
                    differ.add(k + ": spymemcached " + expected + ", proxy evcache " + ours.route(k));
                }
            }
            assertThat(differ).isEmpty();
        }

        @Test
        @DisplayName("omode default: obuckets points (unsigned int) XXH3_64bits(\"addr:port-k\"), first point >= (uint32) key hash, wrap")
        void defaultOmodeByHand() {
            for (int buckets : new int[] {160, 7}) {
                PeerRouter p = router("memcached-proxy-ring", FIVE, null, "obuckets", Integer.toString(buckets));
                // an independent transcription of _add_server_default + qsort + ketama_get_server
                List<long[]> points = new ArrayList<>(); // {point, pool index}
                for (int s = 0; s < FIVE.size(); s++) {
                    for (int k = 0; k < buckets; k++) {
                        String hs = FIVE.get(s).host() + ":" + FIVE.get(s).port() + "-" + k;
                        points.add(new long[] {Hashes.xxh3().hash64(utf8(hs)) & 0xffffffffL, s});
                    }
                }
                points.sort((a, b) -> Long.compare(a[0], b[0])); // List.sort is stable: pool order among equals
                assertThat(p.ring().orElseThrow().points()).isEqualTo(buckets * FIVE.size());
                SplittableRandom r = new SplittableRandom(buckets);
                for (int i = 0; i < 20_000; i++) {
                    String k = RandomKeys.key(r, 50);
                    long h = Hashes.xxh3().hash64(utf8(k)) & 0xffffffffL;
                    int owner = (int) points.get(0)[1];
                    for (long[] pt : points) {
                        if (pt[0] >= h) {
                            owner = (int) pt[1];
                            break;
                        }
                    }
                    assertThat(p.route(k)).as("key %s over %d buckets", k, buckets).isEqualTo(FIVE.get(owner));
                    assertThat(p.failoverSequence(k)).containsExactly(FIVE.get(owner));
                }
            }
        }

        @Test
        @DisplayName("obuckets sets the points per backend; weights do not exist in the proxy and change nothing")
        void bucketsAndNoWeights() {
            assertThat(router("memcached-proxy-ring-ketama", FIVE, null).ring().orElseThrow().points()).isEqualTo(800);
            assertThat(router("memcached-proxy-ring-twemproxy", FIVE, null, "obuckets", "80").ring().orElseThrow().points())
                    .isEqualTo(400);
            List<Server> weighted = new ArrayList<>();
            for (Server s : FIVE) {
                weighted.add(new Server(s.host(), s.port(), 7, null));
            }
            PeerRouter a = router("memcached-proxy-ring-evcache", FIVE, null);
            PeerRouter b = router("memcached-proxy-ring-evcache", weighted, null);
            SplittableRandom r = new SplittableRandom(2);
            for (int i = 0; i < 2_000; i++) {
                String k = RandomKeys.key(r, 30);
                assertThat(b.route(k).address()).isEqualTo(a.route(k).address());
            }
        }
    }
}
