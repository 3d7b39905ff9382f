package io.hashring.core;

import java.util.Objects;

/**
 * Everything that decides where a ring puts keys, apart from the nodes themselves: the key hash,
 * the weight policy, the point layout, the search rule and the tie rule. Immutable; two rings with
 * equal configs and equal nodes route every key the same way.
 *
 * <p>The interop modes in {@code hashring-hash} are named configs that reproduce other clients.
 */
public final class RingConfig {

    private static final RingConfig LIBMEMCACHED_KETAMA = builder()
            .name("libmemcached-ketama-weighted")
            .hash(HashFunction.md5())
            .weights(WeightPolicy.libmemcached())
            .layout(PointLayout.md5x4(PointKeyFormat.libmemcached()))
            .search(SearchRule.CEIL)
            .ties(TieRule.FIRST)
            .build();

    private static final RingConfig LIBKETAMA = builder()
            .name("libketama")
            .hash(HashFunction.md5())
            .weights(WeightPolicy.libketama())
            .layout(PointLayout.md5x4(PointKeyFormat.idDashIndex()))
            .search(SearchRule.CEIL)
            .ties(TieRule.FIRST)
            .build();

    private static final RingConfig KETAMA_FIXED_POINTS = LIBMEMCACHED_KETAMA.toBuilder()
            .name("ketama-fixed-points")
            .weights(WeightPolicy.perWeight(160))
            .build();

    private final String name;
    private final HashFunction hash;
    private final WeightPolicy weights;
    private final PointLayout layout;
    private final SearchRule search;
    private final TieRule ties;

    private RingConfig(Builder b) {
        this.name = b.name;
        this.hash = b.hash;
        this.weights = b.weights;
        this.layout = b.layout;
        this.search = b.search;
        this.ties = b.ties;
    }

    /**
     * libmemcached's weighted ketama ({@code MEMCACHED_BEHAVIOR_KETAMA_WEIGHTED}): MD5 key hash,
     * 160 points per equal-weight server by the libmemcached float formula, point keys
     * {@code host-i} with {@code :11211} dropped, four points per MD5 digest, first point
     * {@code >=} the key hash, ties to the lowest server index. The placement php-memcached,
     * pylibmc {@code ketama_weighted} and twemproxy (md5, unnamed servers) share.
     */
    public static RingConfig libmemcachedKetama() {
        return LIBMEMCACHED_KETAMA;
    }

    /**
     * Ketama with a fixed 160 points per unit of weight: like {@link #libmemcachedKetama()} (and
     * identical to it for equal weights, except at the node counts where libmemcached's float
     * formula rounds down to 156), but a node's point count never depends on the other nodes.
     * So adding a node moves keys only to it, and removing one moves only its keys, whatever the
     * weights: the strict monotonicity libmemcached's formula gives up ({@code docs/interop.md#weight-formulas}). The
     * choice for a new deployment that does not share a cluster with a C client.
     */
    public static RingConfig ketamaFixedPoints() {
        return KETAMA_FIXED_POINTS;
    }

    /** The original last.fm libketama: like libmemcached's, but {@code addr-k} point keys and its own float formula. */
    public static RingConfig libketama() {
        return LIBKETAMA;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this config. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.hash = hash;
        b.weights = weights;
        b.layout = layout;
        b.search = search;
        b.ties = ties;
        return b;
    }

    public String name() {
        return name;
    }

    public HashFunction hash() {
        return hash;
    }

    public WeightPolicy weights() {
        return weights;
    }

    public PointLayout layout() {
        return layout;
    }

    public SearchRule search() {
        return search;
    }

    public TieRule ties() {
        return ties;
    }

    @Override
    public String toString() {
        return name + "{hash=" + hash.name() + ", weights=" + weights + ", layout=" + layout
                + ", search=" + search + ", ties=" + ties + "}";
    }

    /** Builds a {@link RingConfig}; every part is required except the name and the tie rule ({@link TieRule#FIRST}). */
    public static final class Builder {
        private String name = "custom";
        private HashFunction hash;
        private WeightPolicy weights;
        private PointLayout layout;
        private SearchRule search = SearchRule.CEIL;
        private TieRule ties = TieRule.FIRST;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder hash(HashFunction hash) {
            this.hash = Objects.requireNonNull(hash, "hash");
            return this;
        }

        public Builder weights(WeightPolicy weights) {
            this.weights = Objects.requireNonNull(weights, "weights");
            return this;
        }

        public Builder layout(PointLayout layout) {
            this.layout = Objects.requireNonNull(layout, "layout");
            return this;
        }

        public Builder search(SearchRule search) {
            this.search = Objects.requireNonNull(search, "search");
            return this;
        }

        public Builder ties(TieRule ties) {
            this.ties = Objects.requireNonNull(ties, "ties");
            return this;
        }

        /** @throws IllegalStateException naming the first missing part */
        public RingConfig build() {
            if (hash == null) {
                throw new IllegalStateException("ring config '" + name + "' has no hash function");
            }
            if (weights == null) {
                throw new IllegalStateException("ring config '" + name + "' has no weight policy");
            }
            if (layout == null) {
                throw new IllegalStateException("ring config '" + name + "' has no point layout");
            }
            return new RingConfig(this);
        }
    }
}
