package io.hashring.core;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The test-scope simulator for the native routers: samples the 64-bit key space with a seeded
 * generator (so every run sees the same keys) and measures shares and movement by node id.
 */
final class NativeHarness {

    private NativeHarness() {
    }

    /** Keys per node id index: how many of {@code samples} uniform 64-bit key hashes each node gets. */
    static long[] counts(HashedRouter<?> router, int samples, long seed) {
        long[] counts = new long[router.size()];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < samples; i++) {
            counts[router.indexOfHash(random.nextLong())]++;
        }
        return counts;
    }

    /** max over nodes of (observed share / weight share). */
    static double peakToMean(HashedRouter<?> router, long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        double peak = 0;
        List<? extends Node<?>> nodes = router.nodes();
        for (int i = 0; i < counts.length; i++) {
            double expected = (double) nodes.get(i).weight() / router.totalWeight();
            peak = Math.max(peak, counts[i] / (double) total / expected);
        }
        return peak;
    }

    /** Fraction of {@code samples} key hashes whose node id differs between the two routers. */
    static double moved(HashedRouter<?> before, HashedRouter<?> after, int samples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long moved = 0;
        for (int i = 0; i < samples; i++) {
            long h = random.nextLong();
            if (!before.nodes().get(before.indexOfHash(h)).id().equals(after.nodes().get(after.indexOfHash(h)).id())) {
                moved++;
            }
        }
        return moved / (double) samples;
    }
}
