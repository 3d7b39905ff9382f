package io.hashring.hash.interop;

import io.hashring.core.HashFunction;
import io.hashring.core.ModuloRouter;
import io.hashring.core.PointKeyFormat;
import io.hashring.core.PointLayout;
import io.hashring.core.Ring;
import io.hashring.core.RingConfig;
import io.hashring.core.TieRule;
import io.hashring.core.WeightPolicy;
import io.hashring.hash.Hash64;
import io.hashring.hash.Hashes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * memcached's built-in proxy (memcached/memcached, 1.6.x with {@code --enable-proxy}): how a pool
 * ({@code mcp.pool(backends, {dist, hash, seed, filter, filter_conf})}, {@code proxy_lua.c
 * mcplib_pool}) turns a key into a backend. {@code mcplib_pool_proxy_call_helper}: the key goes
 * through the pool's key filter, then {@code hash = key_hasher(key, len, hash_seed)} (64 bits), then
 * {@code lookup = dist's selector_func(hash)}, the backend's index in pool order.
 *
 * <ul>
 * <li>key hasher: {@code XXH3_64bits_withSeed} unless {@code hash = } is given
 * ({@code mcp.hash_xxhash} is the same function, {@code proxy_xxhash.c}; {@code mcp.dist_ring_hash.hash}
 * is libketama's MD5 hash, {@code proxy_ring_hash.c ketama_key_hasher}, which ignores the seed);</li>
 * <li>seed: a string, turned into {@code hash_seed = XXH3_64bits(seed)}; without one the seed is 0;</li>
 * <li>dist: {@code mcp.dist_jump_hash} by default ({@code proxy_jump_hash.c}), or
 * {@code mcp.dist_ring_hash} with {@code omode}/{@code obuckets} ({@code proxy_ring_hash.c});</li>
 * <li>filter: {@code "stop"} or {@code "tags"} with a {@code filter_conf} of 2 to 5 characters
 * ({@code KEY_HASH_FILTER_MAX}, {@code proxy.h}).</li>
 * </ul>
 * Stateless and thread-safe; the key functions allocate nothing.
 */
final class MemcachedProxyHashes {

    private MemcachedProxyHashes() {
    }

    /** {@code KEY_HASH_FILTER_MAX} ({@code proxy.h}). */
    static final int FILTER_CONF_MAX = 5;
    /** {@code KEY_MAX_LENGTH} (memcached.h): the stop filter leaves longer keys whole. */
    static final int KEY_MAX_LENGTH = 250;

    /**
     * {@code mcplib_dist_jump_hash_get_server}: Lamping and Veach's jump hash in the paper's form,
     * {@code j = (b + 1) * ((double) (1LL << 31) / (double) ((hash >> 33) + 1))}, over the unsigned 64-bit
     * key hash; {@code j} is an {@code int64_t}, so it cannot overflow before the compare.
     */
    static int jump(long hash, int buckets) {
        long b = -1;
        long j = 0;
        while (j < buckets) {
            b = j;
            hash = hash * 2862933555777941757L + 1;
            j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((hash >>> 33) + 1)));
        }
        return (int) b;
    }

    /** A key filter: which slice of the key is hashed. Returns {@code (start << 32) | length}. */
    interface KeyFilter {
        long slice(byte[] key, int offset, int length);
    }

    static final KeyFilter NONE = (key, offset, length) -> (long) offset << 32 | length;

    /**
     * {@code mcp_key_hash_filter_stop}: hash the key up to the first occurrence of {@code conf}
     * ({@code strstr} on a NUL-terminated copy, so only the part before the key's first NUL byte is
     * searched); the whole key when {@code conf} is absent or the key is longer than 250 bytes.
     */
    static KeyFilter stop(String conf) {
        byte[] c = conf.getBytes(StandardCharsets.UTF_8);
        return (key, offset, length) -> {
            if (length > KEY_MAX_LENGTH) {
                return (long) offset << 32 | length;
            }
            int end = offset + length;
            for (int i = offset; i < end; i++) {
                if (key[i] == 0) {
                    end = i; // strstr stops at the terminator
                    break;
                }
            }
            for (int i = offset; i + c.length <= end; i++) {
                int k = 0;
                while (k < c.length && key[i + k] == c[k]) {
                    k++;
                }
                if (k == c.length) {
                    return (long) offset << 32 | (i - offset);
                }
            }
            return (long) offset << 32 | length;
        };
    }

    /**
     * {@code mcp_key_hash_filter_tag}: with conf {@code "{}"}, hash what lies between the first
     * {@code '{'} and the first {@code '}'} after it (possibly nothing: {@code "a{}b"} hashes the
     * empty string); the whole key when either is missing. Only the first two characters of conf
     * count; they may be equal ({@code "$$"}).
     */
    static KeyFilter tags(String conf) {
        byte[] c = conf.getBytes(StandardCharsets.UTF_8);
        byte open = c[0];
        byte close = c[1];
        return (key, offset, length) -> {
            int end = offset + length;
            for (int t1 = offset; t1 < end; t1++) {
                if (key[t1] == open) {
                    for (int t2 = t1 + 1; t2 < end; t2++) {
                        if (key[t2] == close) {
                            return (long) (t1 + 1) << 32 | (t2 - t1 - 1);
                        }
                    }
                    break;
                }
            }
            return (long) offset << 32 | length;
        };
    }

    /** The pool's {@code hash_seed} for a {@code seed = "..."} option: {@code XXH3_64bits(seed)}. */
    static long seed(String seed) {
        return Hashes.xxh3().hash64(seed.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The jump pool's lookup as a {@link HashFunction} returning the backend index in {@code [0, n)}
     * (for a modulo router over {@code n} unit-weight nodes): filter, 64-bit key hash, jump.
     */
    static HashFunction jumpIndex(KeyFilter filter, Hash64 keyHash, int n) {
        return new HashFunction() {
            @Override
            public String name() {
                return "memcached_proxy_jump";
            }

            @Override
            public int hash(byte[] key, int offset, int length) {
                long s = filter.slice(key, offset, length);
                return jump(keyHash.hash64(key, (int) (s >>> 32), (int) s), n);
            }

            @Override
            public String toString() {
                return "memcached proxy dist_jump_hash(" + keyHash.name() + ") over " + n;
            }
        };
    }

    /**
     * The ring pool's key hash: filter, then the key hasher's result cut to 32 bits
     * ({@code ketama_get_server}: {@code unsigned int h = hash}).
     */
    static HashFunction ringKeyHash(KeyFilter filter, HashFunction keyHash) {
        return new HashFunction() {
            @Override
            public String name() {
                return keyHash.name();
            }

            @Override
            public int hash(byte[] key, int offset, int length) {
                long s = filter.slice(key, offset, length);
                return keyHash.hash(key, (int) (s >>> 32), (int) s);
            }

            @Override
            public String toString() {
                return "memcached proxy ring key hash " + keyHash.name();
            }
        };
    }

    /** {@code _add_server_default}'s point hash: {@code (unsigned int) XXH3_64bits(hashstring)}. */
    static final HashFunction POINT_XXH3 = Hashes.xxh3();

    // ------------------------------------------------------------------ pools as modes

    /** The pool's {@code hash =} choices, spelled as the Lua config spells them; the default first. */
    static Map<String, HashFunction> keyHashes() {
        return BaseMode.hashes("mcp.hash_xxhash", Hashes.xxh3(), "mcp.dist_ring_hash.hash", Hashes.md5());
    }

    /** The options every proxy mode reads from the pool's table; "" = not given (the proxy's default). */
    static final String SEED = "seed";
    static final String FILTER = "filter";
    static final String FILTER_CONF = "filter_conf";
    /** {@code mcp.dist_ring_hash}'s points per backend ({@code DEFAULT_BUCKET_SIZE}). */
    static final String OBUCKETS = "obuckets";

    /** The options of a proxy mode with the proxy's defaults: obuckets (ring only), seed, filter, filter_conf. */
    static Map<String, String> options(boolean ring) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        if (ring) {
            m.put(OBUCKETS, "160");
        }
        m.put(SEED, "");
        m.put(FILTER, "");
        m.put(FILTER_CONF, "");
        return m;
    }

    /** {@code mcplib_pool}'s filter options, checked as the proxy checks them (and filter_conf alone refused). */
    static KeyFilter filter(String mode, Map<String, String> o) {
        String f = o.get(FILTER);
        String conf = o.get(FILTER_CONF);
        if (f.isEmpty()) {
            if (!conf.isEmpty()) {
                throw new IllegalArgumentException("option 'filter_conf' of mode " + mode
                        + " is only read with filter 'stop' or 'tags'; got filter_conf '" + conf + "' without a filter");
            }
            return NONE;
        }
        if (!f.equals("stop") && !f.equals("tags")) {
            throw new IllegalArgumentException("option 'filter' of mode " + mode + " must be 'stop' or 'tags' "
                    + "(the proxy: unknown hash filter specified); got '" + f + "'");
        }
        int len = conf.getBytes(StandardCharsets.UTF_8).length;
        if (len < 2 || len > FILTER_CONF_MAX) {
            throw new IllegalArgumentException("option 'filter_conf' of mode " + mode + " must be 2 to " + FILTER_CONF_MAX
                    + " bytes with filter '" + f + "' (the proxy: hash filter conf must be between 2 and 5 characters); got '"
                    + conf + "'");
        }
        return f.equals("stop") ? stop(conf) : tags(conf);
    }

    /**
     * The pool's 64-bit key hasher: XXH3 with {@code hash_seed} (0, or {@code XXH3_64bits(seed)}), or
     * libketama's MD5 hash zero-extended to 64 bits, which ignores the seed.
     */
    static Hash64 keyHasher(HashFunction chosen, Map<String, String> o) {
        if (chosen == Hashes.md5()) {
            return new Hash64() {
                @Override
                public String name() {
                    return "mcp.dist_ring_hash.hash";
                }

                @Override
                public long hash64(byte[] key, int offset, int length) {
                    return Integer.toUnsignedLong(Hashes.md5().hash(key, offset, length));
                }
            };
        }
        String seed = o.get(SEED);
        return seed.isEmpty() ? Hashes.xxh3() : Hashes.xxh3(seed(seed));
    }

    /** A pool with {@code dist = mcp.dist_jump_hash} (the default dist). No failover: the proxy does not re-route. */
    static PeerRouter jumpPool(String mode, List<Server> servers, HashFunction chosen, Map<String, String> o) {
        HashFunction index = jumpIndex(filter(mode, o), keyHasher(chosen, o), servers.size());
        return BuiltInModes.noFailover(mode, ModuloRouter.of(index, BaseMode.nodes(servers, Server::address, false)));
    }

    /** {@code mcp.dist_ring_hash}'s {@code omode} values and their point strings ({@code _add_server_*}). */
    enum Omode {
        /** {@code "%s:%s-%d"} (addr, port, k), one point per bucket: {@code (unsigned int) XXH3_64bits}. */
        DEFAULT(s -> s.host() + ":" + s.port(), false),
        /** {@code "%s:%s-%d"}, MD5, 4 points per digest (libketama's points). */
        KETAMA(s -> s.host() + ":" + s.port(), true),
        /** {@code "%s-%d"} when the port string is "11211", else {@code "%s:%s-%d"}; MD5, 4 points per digest. */
        TWEMPROXY(s -> s.port() == 11211 ? s.host() : s.host() + ":" + s.port(), true),
        /** {@code "%s/%s:%s-%d"} (addr, addr, port, k); MD5, 4 points per digest. */
        EVCACHE(s -> s.host() + "/" + s.host() + ":" + s.port(), true);

        final Function<Server, String> pointBase;
        final boolean md5x4;

        Omode(Function<Server, String> pointBase, boolean md5x4) {
            this.pointBase = pointBase;
            this.md5x4 = md5x4;
        }
    }

    /**
     * A pool with {@code dist = mcp.dist_ring_hash}: {@code obuckets} points per backend (weights do
     * not exist in the proxy), sorted by value ({@code qsort}, glibc's merge sort keeps pool order
     * among equal values), a key hash {@code h} owned by the first point {@code >= h}, past the last
     * point the first ({@code ketama_get_server}); among equal points the first in sorted order wins.
     */
    static PeerRouter ringPool(String mode, Omode omode, int buckets, List<Server> servers, HashFunction chosen,
                               Map<String, String> o) {
        if (omode.md5x4 && buckets % 4 != 0) {
            throw new IllegalArgumentException("option 'obuckets' of mode " + mode + " must be a multiple of 4: the proxy "
                    + "makes obuckets / 4 MD5 digests of 4 points but searches obuckets points per backend, so the rest "
                    + "are uninitialised memory; got " + buckets);
        }
        return ringPool(mode, omode, buckets, servers, ringKeyHash(filter(mode, o), keyHasher(chosen, o)));
    }

    /** {@link #ringPool(String, Omode, int, List, HashFunction, Map)} over a given 32-bit key hash. */
    static PeerRouter ringPool(String mode, Omode omode, int buckets, List<Server> servers, HashFunction keyHash) {
        PointLayout layout = omode.md5x4 ? PointLayout.md5x4(PointKeyFormat.idDashIndex())
                : PointLayout.hashed(POINT_XXH3, PointKeyFormat.idDashIndex());
        RingConfig c = RingConfig.builder().name(mode).hash(keyHash).weights(WeightPolicy.uniform(buckets))
                .layout(layout).ties(TieRule.FIRST).build();
        return BuiltInModes.noFailover(mode, Ring.of(c, BaseMode.nodes(servers, omode.pointBase, false)));
    }
}
