package io.hashring.core;

/**
 * How many virtual points a node gets on the ring, given its weight and the whole ring's weights.
 *
 * <p>Peers compute this differently, and the differences are observable ({@code docs/interop.md#weight-formulas}): with 25
 * equal servers libmemcached gives each 156 points, libketama 160. Built-ins reproduce each
 * peer's arithmetic bit for bit, including float rounding. Implementations are immutable and
 * thread-safe.
 */
@FunctionalInterface
public interface WeightPolicy {

    /**
     * Returns the number of points for one node.
     *
     * @param weight      the node's weight, at least 1
     * @param totalWeight the sum of all nodes' weights, at least {@code weight}
     * @param nodeCount   the number of nodes on the ring, at least 1
     * @return the point count, zero or more
     */
    int points(int weight, long totalWeight, int nodeCount);

    /**
     * libmemcached's weighted ketama formula (also twemproxy's and spymemcached's weighted
     * ketama): {@code pct = (float) w / (float) T}, then in float {@code v = pct * 160 / 4 * n},
     * points = {@code 4 * floor(v + 1e-10)}. Source: libmemcached {@code hosts.cc update_continuum},
     * {@code MEMCACHED_POINTS_PER_SERVER_KETAMA = 160}.
     */
    static WeightPolicy libmemcached() {
        return BuiltInWeightPolicy.LIBMEMCACHED;
    }

    /**
     * libketama's formula: {@code pct = (float) w / (float) T}, {@code ks = floor((float) ((double) pct
     * * 40.0 * (double) (float) n))}, points = {@code 4 * ks}. Source: RJ/ketama {@code ketama.c}.
     */
    static WeightPolicy libketama() {
        return BuiltInWeightPolicy.LIBKETAMA;
    }

    /** {@code pointsPerUnit x weight} points, independent of the other nodes (xmemcached, PECL memcache, nginx). */
    static WeightPolicy perWeight(int pointsPerUnit) {
        if (pointsPerUnit <= 0) {
            throw new IllegalArgumentException("pointsPerUnit must be positive, was " + pointsPerUnit);
        }
        return new BuiltInWeightPolicy.PerWeight(pointsPerUnit);
    }

    /** The same number of points for every node, weights ignored (libmemcached unweighted: 100). */
    static WeightPolicy uniform(int points) {
        if (points <= 0) {
            throw new IllegalArgumentException("points must be positive, was " + points);
        }
        return new BuiltInWeightPolicy.Uniform(points);
    }
}
