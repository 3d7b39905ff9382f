package io.hashring.testkit;

/**
 * Statistical bounds for key shares, so balance rules fail on real bias and (almost) never on luck.
 *
 * <p>A node that should own fraction {@code p} of the keys deviates for two independent reasons:
 * its arcs on the ring (for {@code P} random points in total, a node's arc share has variance
 * about {@code p(1-p)/(P+1)}, the Beta distribution of spacings) and the sample of {@code n} keys
 * (binomial variance {@code p(1-p)/n}). The bound is {@code z} standard deviations of the sum, with
 * {@code z = 5}: a false failure about once in 1.7 million node checks (two-sided normal tail).
 */
public final class ShareBounds {

    /** Standard deviations allowed; two-sided false-failure probability about 5.7e-7 per check. */
    public static final double Z = 5.0;

    /** Two-sided normal tail beyond {@link #Z}: the chance that one share check fails a correct router. */
    public static final double FALSE_FAILURE_PER_CHECK = 5.7e-7;

    /**
     * Ring points per node assumed for arc variance: ketama's 160 (libketama, libmemcached; weighted
     * rings spread {@code 160 x n} points over the nodes). A router with more points is judged
     * conservatively; one with fewer may fail the balance rules, which is a finding.
     */
    public static final int POINTS_PER_NODE = 160;

    private ShareBounds() {
    }

    /**
     * Largest allowed |observed - p| for a node expected to own {@code p}, with {@code points} ring
     * points in total and {@code keys} sampled keys.
     */
    public static double tolerance(double p, long points, long keys) {
        double ring = points > 0 ? p * (1 - p) / (points + 1.0) : 0;
        double sample = p * (1 - p) / keys;
        return Z * Math.sqrt(ring + sample);
    }
}
