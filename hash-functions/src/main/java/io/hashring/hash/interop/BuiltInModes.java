package io.hashring.hash.interop;

import io.hashring.core.HashFunction;
import io.hashring.core.ModuloRouter;
import io.hashring.core.Node;
import io.hashring.core.PointKeyFormat;
import io.hashring.core.PointLayout;
import io.hashring.core.Ring;
import io.hashring.core.RingConfig;
import io.hashring.core.SearchRule;
import io.hashring.core.TieRule;
import io.hashring.core.WeightPolicy;
import io.hashring.core.internal.KeyBuffer;
import io.hashring.core.internal.Md5;
import io.hashring.hash.Hashes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The built-in modes, in registry order. Each mode's javadoc-worthy facts are in its description
 * and in {@code docs/interop.md}, one section per peer.
 */
final class BuiltInModes {

    private BuiltInModes() {
    }

    // ------------------------------------------------------------------ hash tables, spelled as each peer spells them

    /** libhashkit names (pylibmc/php-memcached {@code hash} behaviour); default one_at_a_time. */
    static Map<String, HashFunction> libhashkit(String first) {
        Map<String, HashFunction> all = BaseMode.hashes(
                "one_at_a_time", Hashes.oneAtATime(), "md5", Hashes.md5(), "crc", Hashes.crc(),
                "fnv1_64", Hashes.fnv1_64(), "fnv1a_64", Hashes.fnv1a_64(), "fnv1_32", Hashes.fnv1_32(),
                "fnv1a_32", Hashes.fnv1a_32(), "hsieh", Hashes.hsieh(), "murmur", Hashes.murmur(),
                "jenkins", Hashes.jenkins(), "murmur3", Hashes.murmur3());
        Map<String, HashFunction> ordered = BaseMode.hashes(first, all.get(first));
        ordered.putAll(all);
        ordered.put("default", Hashes.oneAtATime()); // pylibmc spells one_at_a_time "default"
        return ordered;
    }

    static Map<String, HashFunction> spymemcached(String first) {
        Map<String, HashFunction> all = BaseMode.hashes(
                "KETAMA_HASH", Hashes.md5(), "NATIVE_HASH", Hashes.javaNative(), "CRC_HASH", Hashes.javaCrc(),
                "FNV1_64_HASH", Hashes.javaFnv1_64(), "FNV1A_64_HASH", Hashes.javaFnv1a_64(),
                "FNV1_32_HASH", Hashes.javaFnv1_32(), "FNV1A_32_HASH", Hashes.javaFnv1a_32());
        Map<String, HashFunction> ordered = BaseMode.hashes(first, all.get(first));
        ordered.putAll(all);
        return ordered;
    }

    static Map<String, HashFunction> xmemcached(String first) {
        Map<String, HashFunction> all = BaseMode.hashes(
                "KETAMA_HASH", Hashes.md5(), "NATIVE_HASH", Hashes.javaNative(), "CRC32_HASH", Hashes.javaCrc(),
                "FNV1_64_HASH", Hashes.javaFnv1_64(), "FNV1A_64_HASH", Hashes.javaFnv1a_64(),
                "FNV1_32_HASH", Hashes.javaFnv1_32(), "FNV1A_32_HASH", Hashes.javaFnv1a_32(),
                "MYSQL_HASH", Hashes.mysql(), "ELF_HASH", Hashes.elf(), "RS_HASH", Hashes.rs(), "LUA_HASH", Hashes.lua(),
                "ELECTION_HASH", Hashes.md5(), "ONE_AT_A_TIME", Hashes.xmemcachedOneAtATime());
        Map<String, HashFunction> ordered = BaseMode.hashes(first, all.get(first));
        ordered.putAll(all);
        return ordered;
    }

    /** twemproxy {@code hash:} names ({@code nc_hashkit.h}): its crc32 is crc15, crc32a the full CRC-32. */
    static Map<String, HashFunction> twemproxy() {
        return BaseMode.hashes("fnv1a_64", Hashes.fnv1a_64(), "one_at_a_time", Hashes.oneAtATime(), "md5", Hashes.md5(),
                "crc16", Hashes.crc16(), "crc32", Hashes.crc(), "crc32a", Hashes.crc32(), "fnv1_64", Hashes.fnv1_64(),
                "fnv1_32", Hashes.fnv1_32(), "fnv1a_32", Hashes.fnv1a_32(), "hsieh", Hashes.hsieh(),
                "murmur", Hashes.murmur(), "jenkins", Hashes.jenkins());
    }

    /** twemproxy pool options: {@code hash_tag}, default empty (off); nutcracker takes exactly two characters. */
    static final Map<String, String> TWEMPROXY_OPTIONS = Map.of("hash_tag", "");

    /** pymemcache {@code RendezvousHash(seed=0)}: the murmur3_32 seed of every score. */
    static final Map<String, String> PYMEMCACHE_OPTIONS = Map.of("seed", "0");

    /**
     * uhashring {@code HashRing(hash_fn='ketama', replicas=4, vnodes=40)} ({@code ring.py}: vnodes
     * defaults to 40 in ketama mode; {@code ring_ketama.py KetamaRing(replicas=4)}), in that order.
     */
    static final Map<String, String> UHASHRING_OPTIONS = uhashringOptions();

    /** Bounds the points built (uhashring itself takes any vnodes): 25 servers x 4 x 10,000 = 1,000,000 points. */
    static final int UHASHRING_MAX_VNODES = 10_000;

    private static Map<String, String> uhashringOptions() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("replicas", "4");
        m.put("vnodes", "40");
        return m;
    }

    /**
     * pymemcache's seed as Python reads it: any integer. {@code murmur3_32} starts {@code h1 = seed} and
     * only ever shifts left, multiplies, adds and xors it, masking before each right shift and at the end
     * ({@code pymemcache/client/murmur3.py}), so only {@code seed mod 2^32} matters: 2^32 + 42 scores as 42
     * and -1 as 4294967295.
     */
    static int pymemcacheSeed(String mode, String value) {
        String v = value.trim();
        if (v.matches("[+-]?[0-9]{1,100}")) {
            return new java.math.BigInteger(v).intValue(); // low 32 bits, two's complement, as Python's & 0xffffffff
        }
        throw new IllegalArgumentException("option 'seed' of mode " + mode + " must be a decimal integer (Python int, "
                + "used mod 2^32); got '" + value + "'");
    }

    /** uhashring ketama ({@code ring_ketama.py _hashi_weight_generator}): {@code replicas * ((vnodes * n * w) // T)}. */
    static WeightPolicy uhashringWeights(int replicas, int vnodes) {
        return new WeightPolicy() {
            @Override
            public int points(int weight, long totalWeight, int nodeCount) {
                return (int) (replicas * Math.floorDiv((long) vnodes * nodeCount * weight, totalWeight));
            }

            @Override
            public String toString() {
                return "uhashring " + replicas + " x (" + vnodes + "nw // T)";
            }
        };
    }

    /** uhashring ketama with fewer than 4 replicas: the first {@code replicas} little-endian words of MD5('node-w'). */
    static PointLayout uhashringLayout(int replicas) {
        return new PointLayout() {
            @Override
            public void points(String nodeId, int count, int[] out) {
                int[] words = new int[4];
                for (int w = 0; w * replicas < count; w++) {
                    byte[] k = (nodeId + "-" + w).getBytes(StandardCharsets.UTF_8);
                    Md5.words(k, 0, k.length, words);
                    for (int i = 0; i < replicas && w * replicas + i < count; i++) {
                        out[w * replicas + i] = words[i];
                    }
                }
            }

            @Override
            public String toString() {
                return "md5x" + replicas + "(node-w)";
            }
        };
    }

    /** PECL memcache {@code memcache.hash_function}: crc32 (default) or fnv (32-bit FNV-1a, signed bytes). */
    static Map<String, HashFunction> pecl() {
        return BaseMode.hashes("crc32", Hashes.crc32(), "fnv", Hashes.fnv1a_32());
    }

    // ------------------------------------------------------------------ small building blocks

    /** A ring mode's router with ring-order candidates as failover (peers that eject instead of rehashing). */
    static PeerRouter ring(String mode, RingConfig config, List<Node<Server>> nodes) {
        return new DelegatingPeerRouter(mode, Ring.of(config, nodes));
    }

    static RingConfig.Builder config(String name, HashFunction hash) {
        return RingConfig.builder().name(name).hash(hash);
    }

    /** Cumulative rehash (spymemcached from t = first, xmemcached from t = 1): {@code h = u32(h + hash(t + key))}. */
    static List<Server> cumulativeRehash(Ring<Server> r, HashFunction hash, CharSequence key,
                                         int first, int lookups) {
        List<Server> out = new ArrayList<>(lookups);
        int h = hash.hash(key);
        out.add(r.value(r.indexOfHash(h)));
        for (int t = first; out.size() < lookups; t++) {
            h += KeyBuffer.first().append(t).append(key).hash(hash);
            out.add(r.value(r.indexOfHash(h)));
        }
        return out;
    }

    /** A hash function that maps 0 to 1 around another (python-memcached 1.59, PECL standard). */
    static HashFunction zeroToOne(String name, HashFunction f) {
        return new HashFunction() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int hash(byte[] key, int offset, int length) {
                int h = f.hash(key, offset, length);
                return h == 0 ? 1 : h;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** {@code ((f(key) >> 16) & 0x7fff)}, 0 mapped to 1: PECL standard's bucket hash. */
    static HashFunction peclStandard(HashFunction f) {
        return new HashFunction() {
            @Override
            public String name() {
                return "pecl-standard(" + f.name() + ")";
            }

            @Override
            public int hash(byte[] key, int offset, int length) {
                int x = (f.hash(key, offset, length) >>> 16) & 0x7fff;
                return x == 0 ? 1 : x;
            }

            @Override
            public String toString() {
                return name();
            }
        };
    }

    /** xmemcached ketama ties: the sessions at a value sorted by identity string, element {@code value mod count}. */
    static final TieRule XMEMCACHED_TIES = new TieRule() {
        @Override
        public int winner(int point, int[] contenders, List<String> nodeIds) {
            Integer[] sorted = Arrays.stream(contenders).boxed().toArray(Integer[]::new);
            Arrays.sort(sorted, Comparator.comparing(nodeIds::get)); // stable, like Collections.sort
            return sorted[(int) (Integer.toUnsignedLong(point) % sorted.length)];
        }

        @Override
        public String toString() {
            return "xmemcached (sorted by address, value mod count)";
        }
    };

    /** Python hash_ring: {@code floor(40 * n * w / T)} digests (Python 3 true division), 3 points each. */
    static final WeightPolicy HASH_RING_WEIGHTS = new WeightPolicy() {
        @Override
        public int points(int weight, long totalWeight, int nodeCount) {
            return 3 * (int) Math.floor((double) (40L * nodeCount * weight) / (double) totalWeight);
        }

        @Override
        public String toString() {
            return "hash_ring 3 x floor(40nw/T)";
        }
    };

    /** dalli: {@code floor(n * 160 * w / Float(T))}, one point each. */
    static final WeightPolicy DALLI_WEIGHTS = new WeightPolicy() {
        @Override
        public int points(int weight, long totalWeight, int nodeCount) {
            return (int) Math.floor((double) ((long) nodeCount * 160L * weight) / (double) totalWeight);
        }

        @Override
        public String toString() {
            return "dalli floor(160nw/T)";
        }
    };

    /** hash_ring's layout: MD5 of {@code "<node>-<j>"}, words 0, 1, 2 only (its long-standing 3-of-4 bug). */
    static final PointLayout MD5X3 = new PointLayout() {
        @Override
        public void points(String nodeId, int count, int[] out) {
            int[] words = new int[4];
            for (int j = 0; j * 3 < count; j++) {
                byte[] k = (nodeId + "-" + j).getBytes(StandardCharsets.UTF_8);
                Md5.words(k, 0, k.length, words);
                for (int w = 0; w < 3 && j * 3 + w < count; w++) {
                    out[j * 3 + w] = words[w];
                }
            }
        }

        @Override
        public String toString() {
            return "md5x3(node-j)";
        }
    };

    /**
     * nginx {@code hash ... consistent}: base = CRC-32 state over host, one NUL byte, port text
     * (from the {@code server} text: {@code unix:} prefix, else split at a trailing {@code :digits});
     * point 0 = crc32(base + 4 zero bytes), point j = crc32(base + little-endian bytes of point j-1).
     */
    static final PointLayout NGINX_CHAINED_CRC = new PointLayout() {
        @Override
        public void points(String server, int count, int[] out) {
            String host = server;
            String port = "";
            if (server.regionMatches(true, 0, "unix:", 0, 5)) {
                host = server.substring(5);
            } else {
                for (int j = 0; j < server.length(); j++) {
                    char c = server.charAt(server.length() - j - 1);
                    if (c == ':') {
                        host = server.substring(0, server.length() - j - 1);
                        port = server.substring(server.length() - j);
                        break;
                    }
                    if (c < '0' || c > '9') {
                        break;
                    }
                }
            }
            byte[] h = host.getBytes(StandardCharsets.UTF_8);
            byte[] p = port.getBytes(StandardCharsets.UTF_8);
            int base = io.hashring.hash.interop.Crc32s.update(~0, h);
            base = io.hashring.hash.interop.Crc32s.update(base, new byte[1]);
            base = io.hashring.hash.interop.Crc32s.update(base, p);
            int prev = 0;
            byte[] le = new byte[4];
            for (int j = 0; j < count; j++) {
                le[0] = (byte) prev;
                le[1] = (byte) (prev >>> 8);
                le[2] = (byte) (prev >>> 16);
                le[3] = (byte) (prev >>> 24);
                int hash = ~io.hashring.hash.interop.Crc32s.update(base, le);
                out[j] = hash;
                prev = hash;
            }
        }

        @Override
        public String toString() {
            return "nginx chained crc32";
        }
    };

    static final PointKeyFormat COLON_INDEX = (id, i) -> id + ":" + i;

    /**
     * gomemcache's {@code ServerList.PickServer}: {@code crc32.ChecksumIEEE} of the key copied into a
     * 256-byte buffer, so at most the first 256 bytes count (memcached keys have at most 250).
     */
    static final HashFunction GOMEMCACHE_KEY_HASH = new HashFunction() {
        @Override
        public String name() {
            return "gomemcache_crc32";
        }

        @Override
        public int hash(byte[] key, int offset, int length) {
            return Hashes.crc32().hash(key, offset, Math.min(length, 256));
        }

        @Override
        public String toString() {
            return name();
        }
    };

    /**
     * folsom's key hash: Guava {@code murmur3_32()} (seed 0) of the key bytes, with the sign bit
     * flipped. folsom keeps its ring in a {@code TreeMap<Integer, ...>}, ordered as <em>signed</em>
     * ints; flipping the sign bit of every point and key hash turns that order into the unsigned
     * order hashring's rings use, so ceiling and wrap-around land on the same point.
     */
    static final HashFunction FOLSOM_KEY_HASH = new HashFunction() {
        @Override
        public String name() {
            return "folsom_murmur3_32";
        }

        @Override
        public int hash(byte[] key, int offset, int length) {
            return Hashes.murmur3_32().hash(key, offset, length) ^ Integer.MIN_VALUE;
        }

        @Override
        public String toString() {
            return name();
        }
    };

    /**
     * folsom 1.21.0 {@code ketama.Continuum}: point 0 = murmur3_32 of the address text
     * ({@code HostAndPort.toString()}, each char cast to one byte), point i+1 = murmur3_32 of the 4
     * little-endian bytes of point i; sign bit flipped as in {@link #FOLSOM_KEY_HASH}.
     */
    static final PointLayout FOLSOM_CHAINED_MURMUR3 = new PointLayout() {
        @Override
        public void points(String address, int count, int[] out) {
            byte[] b = new byte[address.length()];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) address.charAt(i); // folsom's addressToBytes: low 8 bits of each char
            }
            HashFunction murmur3 = Hashes.murmur3_32();
            for (int i = 0; i < count; i++) {
                int h = murmur3.hash(b, 0, b.length);
                out[i] = h ^ Integer.MIN_VALUE;
                b = new byte[] {(byte) h, (byte) (h >>> 8), (byte) (h >>> 16), (byte) (h >>> 24)};
            }
        }

        @Override
        public String toString() {
            return "folsom chained murmur3_32";
        }
    };

    // ------------------------------------------------------------------ the modes

    /**
     * mcrouter's weights in [0, 1] for WeightedCh3/Ch4: each server's weight / the largest, checked
     * against furc_hash's pool limit.
     */
    static double[] mcrouterWeights(String mode, List<Server> servers) {
        if (servers.size() > McrouterHashes.maximumPoolSize()) {
            throw new IllegalArgumentException("mode " + mode + " takes at most " + McrouterHashes.maximumPoolSize()
                    + " servers (furc_hash's limit), got " + servers.size());
        }
        double max = 0;
        for (Server sv : servers) {
            max = Math.max(max, sv.weight());
        }
        double[] w = new double[servers.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = servers.get(i).weight() / max;
        }
        return w;
    }

    static List<InteropMode> all() {
        List<InteropMode> m = new ArrayList<>();

        m.add(new BaseMode("libketama",
                "last.fm libketama (RJ/ketama ketama.c): MD5 points 'addr-k', libketama's float formula, weight = memory; key MD5",
                Map.of()) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                return ring(name(), RingConfig.libketama(), nodes(servers, Server::address, true));
            }
        });

        m.add(new BaseMode("libmemcached-ketama",
                "libmemcached 1.1 CONSISTENT_KETAMA (pylibmc ketama, php-memcached DISTRIBUTION_CONSISTENT): 100 key-hash points "
                        + "'host[:port]-i' per server, or MD5 weighted points once any weight > 1",
                libhashkit("one_at_a_time")) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                return libmemcached(name(), servers, hash, PeerRenderings::hostDropDefaultPort, anyWeightAbove1(servers));
            }
        });

        /*
         * libmemcached 1.1.4 (Debian libmemcached11, via pylibmc 1.6.3) with MEMCACHED_BEHAVIOR_REMOVE_FAILED_SERVERS:
         * hosts.cc update_continuum skips servers whose next_retry is in the future. Verified: golden, real requests
         * with stopped backends (tools/golden pylibmc_driver.py), dead-2-of-5 and equal-dead-1-of-4.
         */
        m.add(new BaseMode("libmemcached-ketama-auto-eject",
                "libmemcached-ketama with auto-eject (REMOVE_FAILED_SERVERS): a server that reached server_failure_limit "
                        + "is left out and the continuum rebuilt over the live servers (their weights renormalised)",
                libhashkit("one_at_a_time")) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                return new EjectingPeerRouter(name(), servers, live -> libmemcached(name(), live, hash,
                        PeerRenderings::hostDropDefaultPort, anyWeightAbove1(servers)));
            }
        });

        m.add(new BaseMode("libmemcached-ketama-weighted",
                "libmemcached 1.1 KETAMA_WEIGHTED (php-memcached LIBKETAMA_COMPATIBLE, pylibmc ketama_weighted): 160 MD5 points "
                        + "'host[:port]-i' by libmemcached's float formula; key MD5",
                libhashkit("md5")) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                return libmemcached(name(), servers, hash, PeerRenderings::hostDropDefaultPort, true);
            }
        });

        /*
         * libmemcached 1.1.4 KETAMA_WEIGHTED with auto-eject: the LM float formula over the live servers' total
         * weight and count. Verified: golden from pylibmc 1.6.3 and php-memcached 3.2.0 with 2 of 5 backends stopped.
         */
        m.add(new BaseMode("libmemcached-ketama-weighted-auto-eject",
                "libmemcached-ketama-weighted with auto-eject (REMOVE_FAILED_SERVERS): a server that reached "
                        + "server_failure_limit is left out and the continuum rebuilt over the live servers, points by the "
                        + "float formula over their total weight and count (keys of live servers move too)",
                libhashkit("md5")) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                return new EjectingPeerRouter(name(), servers, live -> libmemcached(name(), live, hash,
                        PeerRenderings::hostDropDefaultPort, true));
            }
        });

        m.add(new BaseMode("libmemcached-ketama-spy",
                "libmemcached 1.1 CONSISTENT_KETAMA_SPY: like libmemcached-ketama with point keys '/host:port-i' (port always)",
                libhashkit("one_at_a_time")) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                return libmemcached(name(), servers, hash, s -> "/" + PeerRenderings.hostColonPort(s), anyWeightAbove1(servers));
            }
        });

        /* libmemcached 1.1.4 CONSISTENT_KETAMA_SPY with auto-eject. Verified: golden (pylibmc 1.6.3, 2 of 5 stopped). */
        m.add(new BaseMode("libmemcached-ketama-spy-auto-eject",
                "libmemcached-ketama-spy with auto-eject (REMOVE_FAILED_SERVERS): the continuum rebuilt over the live servers",
                libhashkit("one_at_a_time")) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                return new EjectingPeerRouter(name(), servers, live -> libmemcached(name(), live, hash,
                        s -> "/" + PeerRenderings.hostColonPort(s), anyWeightAbove1(servers)));
            }
        });

        m.add(new BaseMode("libmemcached-modula",
                "libmemcached 1.1 MODULA (the default distribution): key hash mod server count, weights ignored; "
                        + "no failover, also with auto-eject (a dead server's keys fail)",
                libhashkit("one_at_a_time")) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                return noFailover(name(), ModuloRouter.of(hash, nodes(servers, Server::address, false)));
            }
        });

        m.add(new BaseMode("spymemcached-ketama",
                "spymemcached 2.12.3 KetamaNodeLocator, SPYMEMCACHED format ('ip:port' / 'host/ip:port', resolves hostnames), "
                        + "160 points, weighted by the libmemcached formula when weights differ from 1; last point wins ties; 7-step sequence",
                spymemcached("KETAMA_HASH")) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                return spymemcachedKetama(name(), servers, hash, PeerRenderings::socketAddressNoSlash);
            }
        });

        m.add(new BaseMode("spymemcached-ketama-libmemcached",
                "spymemcached 2.12.3 KetamaNodeLocator, LIBMEMCACHED format: 'host[:port]-i' with host = getHostName() "
                        + "as the client calls it: a configured name as written, an IP literal reverse-resolved (127.0.0.1 -> "
                        + "localhost; looked up once per host per JVM, the literal when there is no PTR name)",
                spymemcached("KETAMA_HASH")) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                return spymemcachedKetama(name(), servers, hash, s -> {
                    String host = PeerRenderings.spymemcachedHostName(s);
                    return s.port() == 11211 ? host : host + ":" + s.port();
                });
            }
        });

        m.add(new BaseMode("spymemcached-arraymod",
                "spymemcached 2.12.3 ArrayModNodeLocator (DefaultConnectionFactory): hash mod server count; sequence = following servers",
                spymemcached("NATIVE_HASH")) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                return new DelegatingPeerRouter(name(), ModuloRouter.of(hash, nodes(servers, Server::address, false)));
            }
        });

        m.add(new BaseMode("xmemcached-ketama",
                "xmemcached 2.4.8 KetamaMemcachedSessionLocator: 160 x weight points 'name/ip:port-i' (the session address: "
                        + "hostnames resolved, IP literals reverse-resolved like the client, '/ip:port' without a PTR name), "
                        + "ties by sorted address; rehash from t = 1",
                xmemcached("KETAMA_HASH")) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                return xmemcachedKetama(name(), servers, hash, PeerRenderings::xmemcachedSocketAddress);
            }
        });

        m.add(new BaseMode("xmemcached-ketama-nginx",
                "xmemcached 2.4.8 ketama with cwNginxUpstreamConsistent: points 'ip[:port]-i' (numeric address, :11211 dropped)",
                xmemcached("KETAMA_HASH")) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                return xmemcachedKetama(name(), servers, hash, s -> {
                    String ip = PeerRenderings.hostAddress(s);
                    return s.port() == 11211 ? ip : ip + ":" + s.port();
                });
            }
        });

        m.add(new BaseMode("xmemcached-ketama-gwhalin",
                "xmemcached 2.4.8 ketama, gwhalin-compatible: points 'host:port-i' (host as xmemcached names it: "
                        + "IP literals reverse-resolved), always KETAMA_HASH",
                Map.of()) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                return xmemcachedKetama(name(), servers, Hashes.md5(), s -> PeerRenderings.xmemcachedHostName(s) + ":" + s.port());
            }
        });

        m.add(new BaseMode("xmemcached-libmemcached",
                "xmemcached 2.4.8 LibmemcachedMemcachedSessionLocator: 100 key-hash points 'host[:port]-i' (host as xmemcached "
                        + "names it: IP literals reverse-resolved), weights ignored; rehash from t = 1 "
                        + "(the peer picks randomly among equal points: first here)",
                xmemcached("ONE_AT_A_TIME")) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                RingConfig c = config(name(), hash).weights(WeightPolicy.uniform(100))
                        .layout(PointLayout.hashed(hash, PointKeyFormat.idDashIndex())).ties(TieRule.FIRST).build();
                Ring<Server> r = Ring.of(c, nodes(servers, s -> {
                    String host = PeerRenderings.xmemcachedHostName(s);
                    return s.port() == 11211 ? host : host + ":" + s.port();
                }, false));
                return new DelegatingPeerRouter(name(), r, k -> cumulativeRehash(r, hash, k, 1, servers.size() + 1));
            }
        });

        m.add(new BaseMode("xmemcached-election",
                "xmemcached 2.4.8 ElectionMemcachedSessionLocator with TCP sessions: highest hash('name/ip:port-i' + key) over "
                        + "i < weight (the session address, as in xmemcached-ketama); earlier server keeps ties; re-election on failure",
                xmemcached("ELECTION_HASH")) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                checkElectionWeight(servers);
                return new RendezvousRouter(name(), hash, servers, PeerRenderings::xmemcachedSocketAddress, s -> {
                    String a = PeerRenderings.xmemcachedSocketAddress(s);
                    List<String> p = new ArrayList<>();
                    for (int i = 0; i < s.weight(); i++) {
                        p.add(a + "-" + i);
                    }
                    return p;
                }, RendezvousRouter.Ties.EARLIER_STRICT);
            }
        });

        m.add(new BaseMode("xmemcached-array",
                "xmemcached 2.4.8 ArrayMemcachedSessionLocator (the builder's default): hash mod weight-repeated buckets; "
                        + "on failure the following buckets",
                xmemcached("NATIVE_HASH")) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                ModuloRouter<Server> r = ModuloRouter.of(hash, nodes(servers, Server::address, true));
                List<Server> buckets = new ArrayList<>();
                for (Server s : servers) {
                    for (int w = 0; w < s.weight(); w++) {
                        buckets.add(s);
                    }
                }
                return new DelegatingPeerRouter(name(), r, k -> {
                    int start = r.bucket(hash.hash(k));
                    List<Server> out = new ArrayList<>(buckets.size());
                    for (int i = 0; i < buckets.size(); i++) {
                        out.add(buckets.get((start + i) % buckets.size()));
                    }
                    return out;
                });
            }
        });

        /*
         * Spotify folsom 1.21.0 (com.spotify:folsom) ketama.Continuum, as KetamaMemcacheClient routes. Verified:
         * in-process against folsom's own Continuum (FolsomInProcessTest), with connected and disconnected servers.
         */
        m.add(new BaseMode("folsom-ketama",
                "Spotify folsom 1.21.0 KetamaMemcacheClient (ketama.Continuum): 100 chained murmur3_32 points per "
                        + "'host:port', weights not supported (ignored), key murmur3_32, signed-int ceiling with wrap, last "
                        + "server wins ties; a disconnected server's keys go to the next connected server clockwise",
                Map.of()) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                RingConfig c = config(name(), FOLSOM_KEY_HASH).weights(WeightPolicy.uniform(100))
                        .layout(FOLSOM_CHAINED_MURMUR3).ties(TieRule.LAST).build();
                Ring<Server> r = Ring.of(c, nodes(servers, Server::address, false));
                // With no server connected, folsom's findClient returns the owner of its first (smallest) point.
                return new DelegatingPeerRouter(name(), r, r::candidates, r.value(r.point(0).ownerIndex()));
            }
        });

        /* twemproxy pool option hash_tag (nc_conf.c conf_set_hashtag, nc_server.c server_pool_idx): off by default. */
        m.add(new BaseMode("twemproxy-ketama",
                "twemproxy (nutcracker) 0.5.0 distribution ketama: MD5 points 'name-i' (name, else host when port 11211, "
                        + "else host:port), libmemcached's float formula; key hash per pool; auto_eject_hosts false: "
                        + "a dead server's keys fail",
                twemproxy(), TWEMPROXY_OPTIONS) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash, Map<String, String> options) {
                return HashTagRouter.of(name(), twemproxyKetama(name(), servers, hash), options.get("hash_tag"));
            }
        });

        /*
         * twemproxy (nutcracker) 0.5.0 with auto_eject_hosts: true (nc_server.c server_failure, nc_ketama.c
         * ketama_update over live servers). Verified: golden, real requests through nutcracker with 2 of 5 backends stopped.
         */
        m.add(new BaseMode("twemproxy-ketama-auto-eject",
                "twemproxy-ketama with auto_eject_hosts true: after server_failure_limit failures a server is ejected for "
                        + "server_retry_timeout and the continuum rebuilt over the live servers (weights renormalised)",
                twemproxy(), TWEMPROXY_OPTIONS) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash, Map<String, String> options) {
                return HashTagRouter.of(name(), new EjectingPeerRouter(name(), servers,
                        live -> twemproxyKetama(name(), live, hash)), options.get("hash_tag"));
            }
        });

        m.add(new BaseMode("twemproxy-modula",
                "twemproxy (nutcracker) 0.5.0 distribution modula: key hash mod total weight over weight-repeated servers, "
                        + "servers in twemproxy's name order (length, then bytes); auto_eject_hosts false: a dead server's keys fail",
                twemproxy(), TWEMPROXY_OPTIONS) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash, Map<String, String> options) {
                return HashTagRouter.of(name(), noFailover(name(),
                        ModuloRouter.of(hash, nodes(twemproxyOrder(servers), Server::address, true))), options.get("hash_tag"));
            }
        });

        /* twemproxy 0.5.0 modula with auto_eject_hosts: true (nc_modula.c over live servers). Verified: golden, 2 of 5 stopped. */
        m.add(new BaseMode("twemproxy-modula-auto-eject",
                "twemproxy-modula with auto_eject_hosts true: ejected servers leave the weight-repeated buckets, so the "
                        + "modulus shrinks and most keys move",
                twemproxy(), TWEMPROXY_OPTIONS) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash, Map<String, String> options) {
                return HashTagRouter.of(name(), new EjectingPeerRouter(name(), servers, live -> noFailover(name(),
                        ModuloRouter.of(hash, nodes(twemproxyOrder(live), Server::address, true)))), options.get("hash_tag"));
            }
        });

        m.add(new BaseMode("dalli",
                "Ruby dalli 3.0.6 ring: SHA-1 points 'host:port:i', floor(160nw/T) each, key CRC-32, last point <= hash; "
                        + "20 tries with '<t><key>'",
                Map.of()) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                RingConfig c = config(name(), Hashes.crc32()).weights(DALLI_WEIGHTS)
                        .layout(PointLayout.hashed(Hashes.sha1Top(), COLON_INDEX)).search(SearchRule.FLOOR).ties(TieRule.LAST).build();
                Ring<Server> r = Ring.of(c, nodes(servers, PeerRenderings::hostColonPort, true));
                return new DelegatingPeerRouter(name(), r, k -> {
                    List<Server> out = new ArrayList<>(20);
                    out.add(r.route(k));
                    for (int t = 0; out.size() < 20; t++) {
                        out.add(r.value(r.indexOfHash(KeyBuffer.first().append(t).append(k).hash(Hashes.crc32()))));
                    }
                    return out;
                });
            }
        });

        m.add(new BaseMode("pymemcache",
                "pymemcache 3.5.2 HashClient: rendezvous, score = per-character murmur3('host:port-key', seed), larger name wins ties",
                Map.of(), PYMEMCACHE_OPTIONS) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash, Map<String, String> options) {
                return new RendezvousRouter(name(), Hashes.pymemcacheMurmur3(pymemcacheSeed(name(), options.get("seed"))),
                        servers, PeerRenderings::hostColonPort,
                        s -> List.of(PeerRenderings.hostColonPort(s) + "-"), RendezvousRouter.Ties.LARGER_NAME);
            }
        });

        m.add(new BaseMode("python-memcached",
                "python-memcached 1.59 (Debian): crc15 (0 -> 1) mod weight-repeated buckets; 10 lookups rehashing str(h)+str(i)",
                Map.of()) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                HashFunction h = zeroToOne("cmemcache_hash", Hashes.crc());
                ModuloRouter<Server> r = ModuloRouter.of(h, nodes(servers, Server::address, true));
                return new DelegatingPeerRouter(name(), r, k -> {
                    List<Server> out = new ArrayList<>(10);
                    int v = h.hash(k);
                    for (int i = 0; i < 10; i++) {
                        out.add(r.value(r.indexOfHash(v)));
                        v = KeyBuffer.first().append(Integer.toUnsignedLong(v)).append(i).hash(h);
                    }
                    return out;
                });
            }
        });

        m.add(new BaseMode("php-memcache-consistent",
                "PHP PECL memcache (4.0.5.2) hash_strategy=consistent: 160 x weight points 'host:port-i', 1024 buckets; "
                        + "failover via 'key-i'",
                pecl()) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                RingConfig c = config(name(), hash).weights(WeightPolicy.perWeight(160))
                        .layout(PointLayout.hashed(hash, PointKeyFormat.idDashIndex())).ties(TieRule.FIRST).build();
                return new BucketTableRouter(name(), Ring.of(c, nodes(servers, PeerRenderings::hostColonPort, true)));
            }
        });

        m.add(new BaseMode("php-memcache-standard",
                "PHP PECL memcache (4.0.5.2) hash_strategy=standard: ((hash >> 16) & 0x7fff, 0 -> 1) mod weight-repeated buckets",
                pecl()) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                HashFunction h = peclStandard(hash);
                ModuloRouter<Server> r = ModuloRouter.of(h, nodes(servers, Server::address, true));
                return new DelegatingPeerRouter(name(), r, k -> {
                    List<Server> out = new ArrayList<>(21);
                    out.add(r.route(k));
                    for (int i = 0; i < 20; i++) {
                        out.add(r.value(r.indexOfHash(KeyBuffer.first().append(k).append('-').append(i).hash(h))));
                    }
                    return out;
                });
            }
        });

        m.add(new BaseMode("nginx-consistent",
                "nginx 1.22 upstream 'hash $key consistent': 160 x weight chained CRC-32 points per server text, "
                        + "later duplicates dropped, key CRC-32, first point >= hash; an empty key is not hashed but "
                        + "takes the worker's next smooth weighted round-robin pick (routeInOrder)",
                Map.of()) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                RingConfig c = config(name(), Hashes.crc32()).weights(WeightPolicy.perWeight(160))
                        .layout(NGINX_CHAINED_CRC).ties(TieRule.FIRST).build();
                return new NginxPeerRouter(name(), servers, ring(name(), c, nodes(servers, Server::address, true)));
            }
        });

        m.add(new BaseMode("nginx-hash",
                "nginx 1.22 upstream 'hash $key' (Cache::Memcached style): crc15 mod total weight; retries add "
                        + "crc15('<n><key>') to the running hash; an empty key takes the worker's next smooth weighted "
                        + "round-robin pick (routeInOrder)",
                Map.of()) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                ModuloRouter<Server> r = ModuloRouter.of(Hashes.crc(), nodes(servers, Server::address, true));
                return new NginxPeerRouter(name(), servers, new DelegatingPeerRouter(name(), r, k -> {
                    List<Server> out = new ArrayList<>(21);
                    int acc = Hashes.crc().hash(k);
                    out.add(r.value(r.indexOfHash(acc)));
                    for (int n = 1; n <= 20; n++) {
                        acc += KeyBuffer.first().append(n).append(k).hash(Hashes.crc());
                        out.add(r.value(r.indexOfHash(acc)));
                    }
                    return out;
                }));
            }
        });

        /*
         * Go github.com/bradfitz/gomemcache (Debian golang-github-bradfitz-gomemcache-dev 0.0~git20141109-3),
         * memcache/selector.go ServerList.PickServer. Verified: golden from a Go driver over the package's own ServerList.
         */
        m.add(new BaseMode("gomemcache",
                "Go gomemcache (bradfitz, Debian 0.0~git20141109) ServerList: CRC-32 of the key (its first 256 bytes) "
                        + "mod server count, weights not supported (ignored); no failover (a dead server's keys fail)",
                Map.of()) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                return noFailover(name(), ModuloRouter.of(GOMEMCACHE_KEY_HASH, nodes(servers, Server::address, false)));
            }
        });

        /*
         * Perl Cache::Memcached 1.30 (Debian libcache-memcached-perl): get_sock / _hashfunc / init_buckets.
         * Verified: golden, set() against real memcached, including a failover case with two servers stopped.
         */
        m.add(new BaseMode("perl-cache-memcached",
                "Perl Cache::Memcached 1.30: crc15 mod weight-repeated buckets (no 0 -> 1); 20 lookups, each retry adding "
                        + "crc15('<try><key>') (try = 1, 2, ...) to the running hash",
                Map.of()) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                ModuloRouter<Server> r = ModuloRouter.of(Hashes.crc(), nodes(servers, Server::address, true));
                return new DelegatingPeerRouter(name(), r, k -> {
                    List<Server> out = new ArrayList<>(20);
                    int hv = Hashes.crc().hash(k);
                    out.add(r.value(r.indexOfHash(hv)));
                    for (int t = 1; out.size() < 20; t++) {
                        hv += KeyBuffer.first().append(t).append(k).hash(Hashes.crc());
                        out.add(r.value(r.indexOfHash(hv)));
                    }
                    return out;
                });
            }
        });

        /*
         * Perl Cache::Memcached::Fast 0.28 (Debian libcache-memcached-fast-perl), src/dispatch_key.c
         * compatible_get_server. Verified: golden, set() against real memcached.
         */
        m.add(new BaseMode("perl-cache-memcached-fast",
                "Perl Cache::Memcached::Fast 0.28 without ketama_points (Cache::Memcached compatible): crc15 mod total "
                        + "weight over servers in weight-sized ranges; no rehash (a dead server's keys fail)",
                Map.of()) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                return noFailover(name(), ModuloRouter.of(Hashes.crc(), nodes(servers, Server::address, true)));
            }
        });

        /*
         * Cache::Memcached::Fast 0.28 with ketama_points => 150: dispatch_key.c ketama_crc32_add_server /
         * ketama_crc32_get_server (equal points: the earlier server first). Verified: golden, set() against real memcached.
         */
        m.add(new BaseMode("perl-cache-memcached-fast-ketama",
                "Perl Cache::Memcached::Fast 0.28 with ketama_points => 150: 150 x weight chained CRC-32 points over "
                        + "'host' NUL 'port' (nginx's scheme), key CRC-32, first point >= hash, earliest point wins ties; "
                        + "no rehash (a dead server's keys fail)",
                Map.of()) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                RingConfig c = config(name(), Hashes.crc32()).weights(WeightPolicy.perWeight(150))
                        .layout(NGINX_CHAINED_CRC).ties(TieRule.FIRST).build();
                return noFailover(name(), Ring.of(c, nodes(servers, Server::address, true)));
            }
        });

        /*
         * mcrouter (facebook/mcrouter) HashRoute selectors Ch3 (furc_hash) and Crc32 over the routing key. Not
         * packaged here, so verified by upstream facts: the vectors of mcrouter/lib/test/Ch3HashTest.cpp,
         * Crc32HashTest.cpp and WeightedCh3HashFuncTest.cpp's unit-weight checksums (UpstreamFactsTest).
         */
        m.add(new BaseMode("mcrouter-ch3",
                "mcrouter HashRoute hash_func Ch3: furc_hash(routing key, n) picks the server index (consistent: growing "
                        + "the pool moves keys only to new servers); no weights, no failover inside the hash (mcrouter "
                        + "fails over with its route config)",
                Map.of()) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                if (servers.size() > McrouterHashes.maximumPoolSize()) {
                    throw new IllegalArgumentException("mode " + name() + " takes at most " + McrouterHashes.maximumPoolSize()
                            + " servers (furc_hash's limit), got " + servers.size());
                }
                return noFailover(name(), ModuloRouter.of(McrouterHashes.ch3(servers.size()), nodes(servers, Server::address, false)));
            }
        });

        m.add(new BaseMode("mcrouter-weighted-ch3",
                "mcrouter HashRoute hash_func WeightedCh3: furc_hash accepted by SpookyHash V2 against the server's weight "
                        + "(weight / max weight here), up to 32 salted rounds; no failover inside the hash",
                Map.of()) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                double[] w = mcrouterWeights(name(), servers);
                return noFailover(name(), ModuloRouter.of(McrouterHashes.weightedCh3(w), nodes(servers, Server::address, false)));
            }
        });

        m.add(new BaseMode("mcrouter-weighted-ch4",
                "mcrouter HashRoute hash_func WeightedCh4: weightedFurcHash, furc_hash's walk over one MurmurHash64A "
                        + "bitstream with the next 32 bits checked against the shard's weight (weight / max weight here), "
                        + "up to 32 restarts; no failover inside the hash",
                Map.of()) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                double[] w = mcrouterWeights(name(), servers);
                return noFailover(name(), ModuloRouter.of(McrouterHashes.weightedCh4(w), nodes(servers, Server::address, false)));
            }
        });

        m.add(new BaseMode("mcrouter-rendezvous",
                "mcrouter HashRoute hash_func Rendezvous: highest Hash128to64(murmur64(tag), murmur64(routing key)), tags = "
                        + "the servers' names, else host:port (give mcrouter the same 'tags'); higher index wins equal scores",
                Map.of()) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                List<String> tags = new ArrayList<>(servers.size());
                for (Server sv : servers) {
                    tags.add(sv.name() != null ? sv.name() : sv.address());
                }
                return noFailover(name(), ModuloRouter.of(McrouterHashes.rendezvous(tags), nodes(servers, Server::address, false)));
            }
        });

        m.add(new BaseMode("mcrouter-const-shard",
                "mcrouter HashRoute hash_func ConstShard: a key '<x>:<n>:<rest>' goes to server n when n < count, "
                        + "otherwise Ch3; no failover inside the hash",
                Map.of()) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                if (servers.size() > McrouterHashes.maximumPoolSize()) {
                    throw new IllegalArgumentException("mode " + name() + " takes at most " + McrouterHashes.maximumPoolSize()
                            + " servers (furc_hash's limit), got " + servers.size());
                }
                return noFailover(name(), ModuloRouter.of(McrouterHashes.constShard(servers.size()), nodes(servers, Server::address, false)));
            }
        });

        m.add(new BaseMode("mcrouter-crc32",
                "mcrouter HashRoute hash_func Crc32: (crc32(routing key) & 0x7fffffff) mod n; no weights, no failover inside "
                        + "the hash",
                Map.of()) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                return noFailover(name(), ModuloRouter.of(McrouterHashes.crc32(), nodes(servers, Server::address, false)));
            }
        });

        /*
         * memcached's own proxy (memcached 1.6.x --enable-proxy, Lua mcp.pool): dist_jump_hash (the default) and
         * dist_ring_hash's four omodes, with the pool's hash, seed and key filter as options. Not packaged with the
         * proxy here, so verified by upstream facts (MemcachedProxyUpstreamFactsTest); the proxy does not re-route
         * a dead backend's keys.
         */
        m.add(new BaseMode("memcached-proxy-jump",
                "memcached proxy mcp.pool default dist_jump_hash: jump hash of the 64-bit XXH3 of the (filtered) key, "
                        + "seed option = XXH3 of the seed string; pool order, no weights; a dead backend's keys fail",
                MemcachedProxyHashes.keyHashes(), MemcachedProxyHashes.options(false)) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash, Map<String, String> options) {
                return MemcachedProxyHashes.jumpPool(name(), servers, hash, options);
            }
        });
        for (MemcachedProxyHashes.Omode omode : MemcachedProxyHashes.Omode.values()) {
            String suffix = omode == MemcachedProxyHashes.Omode.DEFAULT ? "" : "-" + omode.name().toLowerCase(java.util.Locale.ROOT);
            String points = omode == MemcachedProxyHashes.Omode.DEFAULT ? "obuckets XXH3 points 'addr:port-k'"
                    : omode == MemcachedProxyHashes.Omode.KETAMA ? "obuckets MD5 points (4 per digest) 'addr:port-k'"
                    : omode == MemcachedProxyHashes.Omode.TWEMPROXY ? "obuckets MD5 points 'addr-k' (port 11211), else 'addr:port-k'"
                    : "obuckets MD5 points 'addr/addr:port-k'";
            m.add(new BaseMode("memcached-proxy-ring" + suffix,
                    "memcached proxy dist_ring_hash omode " + omode.name().toLowerCase(java.util.Locale.ROOT) + ": " + points
                            + " (160 by default, no weights), key hash (32 bits) XXH3 unless hash = mcp.dist_ring_hash.hash "
                            + "(MD5), first point >= hash with wrap, first point wins ties; a dead backend's keys fail",
                    MemcachedProxyHashes.keyHashes(), MemcachedProxyHashes.options(true)) {
                @Override
                PeerRouter build(List<Server> servers, HashFunction hash, Map<String, String> options) {
                    int buckets = intOption(options, MemcachedProxyHashes.OBUCKETS, 1, 100_000);
                    return MemcachedProxyHashes.ringPool(name(), omode, buckets, servers, hash, options);
                }
            });
        }

        m.add(new BaseMode("hash_ring",
                "Python hash_ring 1.3.1 (Doist) HashRing: 3 MD5 points per 'node-j' digest, floor(40nw/T) digests, "
                        + "first point > hash, last node wins ties",
                Map.of()) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash) {
                RingConfig c = config(name(), Hashes.md5()).weights(HASH_RING_WEIGHTS).layout(MD5X3)
                        .search(SearchRule.STRICT).ties(TieRule.LAST).build();
                return ring(name(), c, nodes(servers, s -> s.name() != null ? s.name() : s.address(), true));
            }
        });

        m.add(new BaseMode("uhashring-ketama",
                "Python uhashring 2.1 HashRing(hash_fn='ketama'): replicas (4) MD5 points per 'node-w' digest, "
                        + "(vnodes (40) x nw)//T digests, first point > hash, last node wins ties",
                Map.of(), UHASHRING_OPTIONS) {
            @Override
            PeerRouter build(List<Server> servers, HashFunction hash, Map<String, String> options) {
                // ring_ketama.py hashi(): replica i is digest word i, so more than 4 replicas index past the MD5 digest.
                int replicas = intOption(options, "replicas", 1, 4);
                int vnodes = intOption(options, "vnodes", 1, UHASHRING_MAX_VNODES);
                RingConfig c = config(name(), Hashes.md5()).weights(uhashringWeights(replicas, vnodes))
                        .layout(replicas == 4 ? PointLayout.md5x4(PointKeyFormat.idDashIndex()) : uhashringLayout(replicas))
                        .search(SearchRule.STRICT).ties(TieRule.LAST).build();
                return ring(name(), c, nodes(servers, s -> s.name() != null ? s.name() : s.address(), true));
            }
        });
        for (InteropMode mode : m) {
            String[] p = PROOFS.get(mode.name());
            if (p == null) {
                throw new IllegalStateException("mode " + mode.name() + " has no proof entry in BuiltInModes.PROOFS");
            }
            ((BaseMode) mode).proof(Verification.valueOf(p[0]), p[1], p[2]);
        }
        if (PROOFS.size() != m.size()) {
            throw new IllegalStateException("BuiltInModes.PROOFS names modes that do not exist");
        }
        return m;
    }

    /** memcached proxy modes: what ran and the limits they share. */
    private static final String MEMCACHED_PROXY_RAN = "not run: Debian's memcached 1.6.18 is built without --enable-proxy "
            + "(memcached -h lists no proxy option); memcached/memcached proxy_*.c read at 2d51e36, XXH3 against "
            + "Cyan4973/xxHash cli/xsum_sanity_check.c vectors, filters from proxy_lua.c (memcached's t/ has no key->backend facts for them)";
    private static final String MEMCACHED_PROXY_LIMITS = "no failover: the proxy sends a dead backend's keys to it and "
            + "answers an error (route handlers may retry elsewhere; not modelled); weights do not exist in the proxy "
            + "(ignored); a seed given as the empty string is not expressible (\"\" = no seed)";

    private static final String EJECT_LIMITS = "the steady state once the dead servers are ejected; the requests that "
            + "reach server_failure_limit fail first, and when the ejection ends (retry/dead timeout) the peer changes again";

    /**
     * Per mode: how it is verified against its peer, what ran, and its known limits (what
     * {@code hashring modes} prints). Golden modes must have golden files and in-process modes a
     * test against the client's classes; GoldenReplayTest and InteropModesTest hold them to it.
     */
    static final Map<String, String[]> PROOFS = Map.ofEntries(
            Map.entry("libketama", new String[] {"UPSTREAM_FACTS",
                    "RJ/ketama libketama/test.sh: md5 of the output for keys 0..999999 over its 8 weighted servers",
                    "libketama's server-file parsing (it drops the last character of the memory field) is not reproduced"}),
            Map.entry("libmemcached-ketama", new String[] {"GOLDEN",
                    "pylibmc 1.6.3 and php-memcached 3.2.0 over libmemcached 1.1.4: equal, weighted, 25 servers, 8 key hashes "
                            + "with equal and with weighted servers",
                    "auto-eject off: no failover, a dead server's keys fail; hsieh and murmur3 key hashes not golden (not in Debian's build/bindings)"}),
            Map.entry("libmemcached-ketama-auto-eject", new String[] {"GOLDEN",
                    "pylibmc over libmemcached 1.1.4 with 2 of 5 weighted and 1 of 4 equal servers stopped (remove_failed), "
                            + "the 1 of 4 case with each of 8 key hashes",
                    EJECT_LIMITS}),
            Map.entry("libmemcached-ketama-weighted", new String[] {"GOLDEN",
                    "pylibmc and php-memcached over libmemcached 1.1.4: equal, weighted, 25 servers (156 points), 2 of 5 stopped",
                    "auto-eject off: no failover, a dead server's keys fail"}),
            Map.entry("libmemcached-ketama-weighted-auto-eject", new String[] {"GOLDEN",
                    "pylibmc and php-memcached over libmemcached 1.1.4 with 2 of 5 weighted servers stopped (remove_failed); "
                            + "php-memcached also with 6 other key hashes (not jenkins: php-memcached has no HASH_JENKINS)",
                    EJECT_LIMITS}),
            Map.entry("libmemcached-ketama-spy", new String[] {"GOLDEN",
                    "pylibmc over libmemcached 1.1.4: equal (one-at-a-time and 8 other key hashes) and weighted",
                    "auto-eject off: no failover; the '/host:port' points do not match current spymemcached"}),
            Map.entry("libmemcached-ketama-spy-auto-eject", new String[] {"GOLDEN",
                    "pylibmc over libmemcached 1.1.4 with 2 of 5 weighted servers stopped (remove_failed), and 1 of 4 "
                            + "equal servers stopped with each of 8 key hashes", EJECT_LIMITS}),
            Map.entry("libmemcached-modula", new String[] {"GOLDEN",
                    "pylibmc and php-memcached over libmemcached 1.1.4: 8 key hashes, 2 of 5 stopped with auto-eject",
                    "no failover, with or without auto-eject"}),
            Map.entry("spymemcached-ketama", new String[] {"IN_PROCESS",
                    "spymemcached 2.12.3 KetamaNodeLocator: 100,000 keys per topology and hash, primary and 7-step sequence",
                    "hostnames are rendered with the address they resolve to when the router is built"}),
            Map.entry("spymemcached-ketama-libmemcached", new String[] {"IN_PROCESS",
                    "spymemcached 2.12.3 KetamaNodeLocator over IP-literal addresses (127.0.0.1 reverse-resolved): 100,000 keys",
                    "an IP literal's reverse name is looked up once per JVM (a later PTR change is not seen); only "
                            + "loopback literals are checked here"}),
            Map.entry("spymemcached-arraymod", new String[] {"IN_PROCESS",
                    "spymemcached 2.12.3 ArrayModNodeLocator: 100,000 keys, primary and sequence", ""}),
            Map.entry("xmemcached-ketama", new String[] {"IN_PROCESS",
                    "xmemcached 2.4.8 locator with mock sessions (100,000 keys) and a real weighted client over live memcached",
                    "IP literals reverse-resolved once per JVM, like resolveInetAddresses=true; connection pool size 1"}),
            Map.entry("xmemcached-ketama-nginx", new String[] {"IN_PROCESS",
                    "xmemcached 2.4.8 ketama locator (cwNginxUpstreamConsistent) with mock sessions, 100,000 keys",
                    "connection pool size 1"}),
            Map.entry("xmemcached-ketama-gwhalin", new String[] {"IN_PROCESS",
                    "xmemcached 2.4.8 ketama locator (gwhalin compatible) with mock sessions, 100,000 keys",
                    "IP literals reverse-resolved once per JVM; connection pool size 1"}),
            Map.entry("xmemcached-libmemcached", new String[] {"IN_PROCESS",
                    "xmemcached 2.4.8 LibmemcachedMemcachedSessionLocator with mock sessions, 100,000 keys",
                    "the peer picks randomly among servers at an equal point value: the first here"}),
            Map.entry("xmemcached-election", new String[] {"IN_PROCESS",
                    "xmemcached 2.4.8 ElectionMemcachedSessionLocator on real weighted TCP sessions", "connection pool size 1"}),
            Map.entry("xmemcached-array", new String[] {"IN_PROCESS",
                    "xmemcached 2.4.8 ArrayMemcachedSessionLocator with mock and real weighted TCP sessions",
                    "the peer picks a random connection within a server: pool size 1 assumed"}),
            Map.entry("folsom-ketama", new String[] {"IN_PROCESS",
                    "folsom 1.21.0 ketama.Continuum: 100,000 keys per case, all connected, some disconnected, none connected",
                    "weights ignored (folsom has none); SRV-resolved server lists (ResolvingKetamaClient) not covered"}),
            Map.entry("twemproxy-ketama", new String[] {"GOLDEN",
                    "nutcracker 0.5.0 with real memcached backends: 12 hashes, names, port 11211, 25 servers, 1 of 5 stopped; "
                            + "hash_tag {} / $$ / <> (every tag rule)",
                    "auto_eject_hosts false: no failover, a dead server's keys fail; hash_tag: ASCII characters only"}),
            Map.entry("twemproxy-ketama-auto-eject", new String[] {"GOLDEN",
                    "nutcracker 0.5.0 with 2 of 5 weighted backends stopped (auto_eject_hosts true), with and without hash_tag {}",
                    EJECT_LIMITS + "; hash_tag: ASCII characters only"}),
            Map.entry("twemproxy-modula", new String[] {"GOLDEN",
                    "nutcracker 0.5.0 with real memcached backends, 12 hashes; hash_tag {} and <>",
                    "auto_eject_hosts false: no failover; hash_tag: ASCII characters only"}),
            Map.entry("twemproxy-modula-auto-eject", new String[] {"GOLDEN",
                    "nutcracker 0.5.0 with 2 of 5 weighted backends stopped (auto_eject_hosts true), with and without hash_tag $$",
                    EJECT_LIMITS + "; hash_tag: ASCII characters only"}),
            Map.entry("dalli", new String[] {"GOLDEN",
                    "ruby-dalli 3.0.6: ring lookups (equal, weighted, 25 servers) and live failover with 2 of 4 stopped",
                    "equal SHA-1 point values have no defined owner in the peer (unstable sort)"}),
            Map.entry("pymemcache", new String[] {"GOLDEN", "python3-pymemcache 3.5.2 HashClient: 3 and 25 servers; "
                            + "RendezvousHash(seed=...) 1, 42, 2^31-1, 2^32-1, 2^32+42, -1",
                    "str keys (bytes keys hash their repr); weights ignored"}),
            Map.entry("python-memcached", new String[] {"GOLDEN",
                    "python3-memcache 1.59: equal, weighted, live failover with 2 of 4 stopped",
                    "1.59's crc15 0 -> 1 (1.60 dropped it)"}),
            Map.entry("php-memcache-consistent", new String[] {"GOLDEN",
                    "php-memcache 4.0.5.2 (PHP 8.2): crc32 and fnv, equal and weighted, set() with 2 of 5 stopped",
                    "key prefix options not modelled"}),
            Map.entry("php-memcache-standard", new String[] {"GOLDEN",
                    "php-memcache 4.0.5.2 (PHP 8.2): crc32 and fnv, equal and weighted, set() with 2 of 5 stopped",
                    "key prefix options not modelled"}),
            Map.entry("nginx-consistent", new String[] {"GOLDEN",
                    "nginx-light 1.22.1: equal, weighted, and requests with 2 of 5 upstreams stopped; empty-key "
                            + "round robin: 3 cycles of requests through one fresh worker, equal, weighted, interleaved "
                            + "with hashed keys, 2 of 5 stopped (replayed in order by routeInOrder)",
                    "multi-address hostnames (one peer per address), zone (state shared by workers), a failed server's "
                            + "return after fail_timeout, and the exact point of the round-robin fall-back after 20 "
                            + "tries not modelled"}),
            Map.entry("nginx-hash", new String[] {"GOLDEN",
                    "nginx-light 1.22.1: equal, weighted, and requests with 2 of 5 upstreams stopped; empty-key "
                            + "round robin: 3 cycles of requests through one fresh worker, equal, weighted, interleaved "
                            + "with hashed keys, 2 of 5 stopped (replayed in order by routeInOrder)",
                    "zone (state shared by workers), a failed server's return after fail_timeout, and the exact point "
                            + "of the round-robin fall-back after 20 tries not modelled"}),
            Map.entry("gomemcache", new String[] {"GOLDEN",
                    "Go gomemcache (Debian 0.0~git20141109) ServerList via a Go driver: 3 and 25 servers",
                    "weights ignored (the peer has none); no failover"}),
            Map.entry("perl-cache-memcached", new String[] {"GOLDEN",
                    "Cache::Memcached 1.30: equal, weighted, and live failover with 2 of 4 stopped", "namespace not modelled"}),
            Map.entry("perl-cache-memcached-fast", new String[] {"GOLDEN",
                    "Cache::Memcached::Fast 0.28 (no ketama_points): equal and weighted",
                    "no failover; integer weights only; hash_namespace not modelled"}),
            Map.entry("perl-cache-memcached-fast-ketama", new String[] {"GOLDEN",
                    "Cache::Memcached::Fast 0.28 with ketama_points => 150: equal and weighted",
                    "ketama_points fixed at 150; integer weights only; no failover"}),
            Map.entry("mcrouter-ch3", new String[] {"UPSTREAM_FACTS",
                    "facebook/mcrouter mcrouter/lib/test/Ch3HashTest.cpp vectors and count tables, WeightedCh3HashFuncTest.cpp "
                            + "unit-weight checksums (100,000 keys per pool size)",
                    "not run against mcrouter; routing prefix and |#| hash stop from carbon/Keys-inl.h (source only); "
                            + "WeightedCh3/Ch4, ConstShard and Rendezvous are their own modes"}),
            Map.entry("mcrouter-weighted-ch3", new String[] {"UPSTREAM_FACTS",
                    "facebook/mcrouter mcrouter/lib/test/WeightedCh3HashFuncTest.cpp vectors, count tables and checksums; "
                            + "SpookyHash V2 against folly/hash/test/SpookyHashV2Test.cpp (lengths 0..511)",
                    "not run against mcrouter; weights are weight / max weight (mcrouter takes any value in [0, 1]); "
                            + "routing prefix and |#| hash stop from source only"}),
            Map.entry("mcrouter-weighted-ch4", new String[] {"UPSTREAM_FACTS",
                    "facebook/mcrouter mcrouter/lib/test/WeightedCh4HashFuncTest.cpp vectors and count tables (basic, zeroWeight, "
                            + "reducedWeight, randomWeights)",
                    "not run against mcrouter; weights are weight / max weight (mcrouter takes any value in [0, 1]); "
                            + "routing prefix and |#| hash stop from source only"}),
            Map.entry("mcrouter-rendezvous", new String[] {"UPSTREAM_FACTS",
                    "facebook/mcrouter mcrouter/lib/test/RendezvousHashTest.cpp vectors, count tables and removal counts",
                    "not run against mcrouter; tags must be configured alike; WeightedRendezvous not provided; "
                            + "routing prefix and |#| hash stop from source only"}),
            Map.entry("mcrouter-const-shard", new String[] {"UPSTREAM_FACTS",
                    "facebook/mcrouter mcrouter/routes/test/ConstShardHashFuncTest.cpp vectors (shard keys and Ch3 fallbacks)",
                    "not run against mcrouter; routing prefix and |#| hash stop from source only"}),
            Map.entry("mcrouter-crc32", new String[] {"UPSTREAM_FACTS",
                    "facebook/mcrouter mcrouter/lib/test/Crc32HashTest.cpp vectors",
                    "not run against mcrouter; routing prefix and |#| hash stop from carbon/Keys-inl.h (source only)"}),
            Map.entry("memcached-proxy-jump", new String[] {"UPSTREAM_FACTS", MEMCACHED_PROXY_RAN
                    + "; jump equal to Guava Hashing.consistentHash on 200,000 hashes x 6 pool sizes, the jump paper's "
                    + "monotone and 1/n-moves properties",
                    MEMCACHED_PROXY_LIMITS}),
            Map.entry("memcached-proxy-ring", new String[] {"UPSTREAM_FACTS", MEMCACHED_PROXY_RAN
                    + "; the ring against a separate transcription of proxy_ring_hash.c (20,000 keys, obuckets 160 and 7)",
                    MEMCACHED_PROXY_LIMITS + "; equal 32-bit points: pool order assumed (glibc's stable qsort)"}),
            Map.entry("memcached-proxy-ring-ketama", new String[] {"UPSTREAM_FACTS", MEMCACHED_PROXY_RAN
                    + "; with hash mcp.dist_ring_hash.hash and obuckets 156 every key of the libmemcached-ketama-weighted "
                    + "golden equal-25 (pylibmc over libmemcached 1.1.4) placed like libmemcached",
                    MEMCACHED_PROXY_LIMITS + "; unlike libmemcached and twemproxy it keeps ':11211' in point strings"}),
            Map.entry("memcached-proxy-ring-twemproxy", new String[] {"UPSTREAM_FACTS", MEMCACHED_PROXY_RAN
                    + "; with hash mcp.dist_ring_hash.hash every key of the libmemcached-ketama-weighted golden equal-3 "
                    + "(obuckets 160) and equal-25 (obuckets 156) placed like libmemcached 1.1.4; its continuum places "
                    + "nutcracker 0.5.0's default-equal-25 golden keys like nutcracker (with that file's fnv1a_64)",
                    MEMCACHED_PROXY_LIMITS + "; twemproxy and libmemcached give n equal servers 4 x floor(float formula) "
                            + "points (156 for 25): set obuckets to match; they weigh points, twemproxy hashes server names "
                            + "and offers other key hashes; the proxy has none of these"}),
            Map.entry("memcached-proxy-ring-evcache", new String[] {"UPSTREAM_FACTS", MEMCACHED_PROXY_RAN
                    + "; with hash mcp.dist_ring_hash.hash equal to spymemcached 2.12.3 KetamaNodeLocator (EVCache's base) "
                    + "in process, 50,000 keys over 12 backends whose host name is the IP text",
                    MEMCACHED_PROXY_LIMITS + "; EVCache hashes 'hostname/ip:port', the proxy 'addr/addr:port': equal only "
                            + "when both halves are the same text; spymemcached's last-point tie rule differs (first here)"}),
            Map.entry("hash_ring", new String[] {"UPSTREAM_FACTS",
                    "Doist/hash_ring hash_ring/ring.py (not packaged): transcription and point-count properties",
                    "not run against the peer"}),
            Map.entry("uhashring-ketama", new String[] {"GOLDEN", "python3-uhashring 2.1: equal, weighted, 25 servers; "
                            + "replicas 1-3, vnodes 1, 7, 160 and two combinations",
                    "uhashring's default (MetaRing) mode; per-node vnodes and weight_fn not modelled (the pool-wide "
                            + "vnodes option only); vnodes capped at 10000"}));

    // ------------------------------------------------------------------ shared builders

    /** twemproxy's server name: the explicit name, else the host when the port is 11211, else host:port ({@code nc_conf.c conf_add_server}). */
    static String twemproxyName(Server s) {
        return s.name() != null ? s.name() : PeerRenderings.hostDropDefaultPort(s);
    }

    /**
     * twemproxy sorts each pool's servers by name before using them ({@code nc_conf.c
     * conf_validate_server}: {@code array_sort(&cp->server, conf_server_name_cmp)}), and its
     * {@code string_compare} orders by length first, then bytes (unsigned). So the configuration
     * order does not matter; the name order decides modula buckets and ketama ties.
     */
    static List<Server> twemproxyOrder(List<Server> servers) {
        List<Server> sorted = new ArrayList<>(servers);
        sorted.sort((a, b) -> {
            byte[] x = twemproxyName(a).getBytes(StandardCharsets.UTF_8);
            byte[] y = twemproxyName(b).getBytes(StandardCharsets.UTF_8);
            return x.length != y.length ? Integer.compare(x.length, y.length) : Arrays.compareUnsigned(x, y);
        });
        return sorted;
    }

    /**
     * A peer without per-request failover (libmemcached without auto-eject, twemproxy with
     * {@code auto_eject_hosts: false}): it keeps sending a dead server's keys to that server, so the
     * failover sequence is the primary alone.
     */
    static PeerRouter noFailover(String mode, io.hashring.core.Router<Server> r) {
        return new DelegatingPeerRouter(mode, r, k -> List.of(r.route(k)));
    }

    static PeerRouter twemproxyKetama(String mode, List<Server> servers, HashFunction hash) {
        RingConfig c = config(mode, hash).weights(WeightPolicy.libmemcached())
                .layout(PointLayout.md5x4(PointKeyFormat.idDashIndex())).ties(TieRule.FIRST).build();
        return noFailover(mode, Ring.of(c, BaseMode.nodes(twemproxyOrder(servers), BuiltInModes::twemproxyName, true)));
    }

    /**
     * libmemcached's continuum. Without auto-eject the peer has no failover (a dead server's keys
     * fail), so the failover sequence is the primary alone; the auto-eject modes wrap this in an
     * {@link EjectingPeerRouter}.
     *
     * @param weighted whether the continuum is weighted; the auto-eject modes pass the full
     *                 configuration's answer, since libmemcached decides it when servers are added
     */
    static PeerRouter libmemcached(String mode, List<Server> servers, HashFunction hash,
                                   Function<Server, String> id, boolean weighted) {
        RingConfig.Builder c = config(mode, hash).ties(TieRule.FIRST);
        if (weighted) {
            c.weights(WeightPolicy.libmemcached()).layout(PointLayout.md5x4(PointKeyFormat.idDashIndex()));
        } else {
            c.weights(WeightPolicy.uniform(100)).layout(PointLayout.hashed(hash, PointKeyFormat.idDashIndex()));
        }
        return noFailover(mode, Ring.of(c.build(), BaseMode.nodes(servers, id, true)));
    }

    static PeerRouter spymemcachedKetama(String mode, List<Server> servers, HashFunction hash, Function<Server, String> id) {
        boolean weighted = false;
        for (Server s : servers) {
            weighted |= s.weight() != 1;
        }
        RingConfig.Builder c = config(mode, hash).ties(TieRule.LAST);
        if (weighted) {
            c.weights(WeightPolicy.libmemcached()).layout(PointLayout.md5x4(PointKeyFormat.idDashIndex()));
        } else if (hash == Hashes.md5()) {
            c.weights(WeightPolicy.uniform(160)).layout(PointLayout.md5x4(PointKeyFormat.idDashIndex()));
        } else {
            c.weights(WeightPolicy.uniform(160)).layout(PointLayout.hashed(hash, PointKeyFormat.idDashIndex()));
        }
        Ring<Server> r = Ring.of(c.build(), BaseMode.nodes(servers, id, true));
        return new DelegatingPeerRouter(mode, r, k -> cumulativeRehash(r, hash, k, 0, 7));
    }

    static PeerRouter xmemcachedKetama(String mode, List<Server> servers, HashFunction hash, Function<Server, String> id) {
        PointLayout layout = hash == Hashes.md5()
                ? PointLayout.md5x4(PointKeyFormat.idDashIndex())
                : PointLayout.hashed(hash, PointKeyFormat.idDashIndex());
        RingConfig c = config(mode, hash).weights(WeightPolicy.perWeight(160)).layout(layout).ties(XMEMCACHED_TIES).build();
        Ring<Server> r = Ring.of(c, BaseMode.nodes(servers, id, true));
        return new DelegatingPeerRouter(mode, r, k -> cumulativeRehash(r, hash, k, 1, servers.size() + 1));
    }

    /**
     * The most total weight {@code xmemcached-election} accepts: it hashes every key once per unit of
     * weight of every server (xmemcached's {@code ElectionMemcachedSessionLocator} does the same), so
     * a route costs the total weight in hashes and the router holds one point key per unit.
     */
    static final int MAX_ELECTION_TOTAL_WEIGHT = 100_000;

    static void checkElectionWeight(List<Server> servers) {
        long total = 0;
        for (Server s : servers) {
            total += s.weight();
        }
        if (total > MAX_ELECTION_TOTAL_WEIGHT) {
            throw new IllegalArgumentException("xmemcached-election hashes each key once per unit of weight: total weight "
                    + total + " is more than the " + MAX_ELECTION_TOTAL_WEIGHT + " it accepts (use smaller weights)");
        }
    }
}
