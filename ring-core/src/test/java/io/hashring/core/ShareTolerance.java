package io.hashring.core;

/**
 * The bound of the testkit's {@code ShareBounds} (the testkit depends on ring-core, so ring-core's
 * own tests cannot use it; same model, same Z): a share expected to be {@code p} deviates by the
 * arc variance of {@code points} random ring points, about {@code p(1-p)/(points+1)}, plus the
 * binomial variance of {@code keys} sampled keys, {@code p(1-p)/keys}. The bound is {@link #Z}
 * standard deviations: a two-sided false failure about 5.7e-7 per check.
 */
final class ShareTolerance {

    static final double Z = 5.0;

    private ShareTolerance() {
    }

    /** Largest allowed |observed - p|; {@code points} or {@code keys} 0 leaves that term out. */
    static double of(double p, long points, long keys) {
        double arcs = points > 0 ? p * (1 - p) / (points + 1.0) : 0;
        double sample = keys > 0 ? p * (1 - p) / keys : 0;
        return Z * Math.sqrt(arcs + sample);
    }
}
