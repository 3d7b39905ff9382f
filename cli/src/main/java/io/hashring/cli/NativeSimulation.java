package io.hashring.cli;

import io.hashring.core.HashedRouter;
import io.hashring.core.MaglevRouter;
import io.hashring.core.Node;
import io.hashring.core.WeightedRendezvousRouter;
import io.hashring.core.Ring;
import io.hashring.core.RingConfig;
import io.hashring.core.SlotRouter;
import io.hashring.core.WeightPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The measurements behind {@code hashring simulate}: balance, movement, memory and build time of
 * each routing algorithm at one fleet size. Rings and Maglev are measured exactly (arcs of the 2^32
 * hash space, entries of the table); the slot router and rendezvous are sampled over uniform 64-bit
 * key hashes (their key space), next to what a perfectly uniform assignment shows at that sample size.
 */
final class NativeSimulation {

    /** Node scores a rendezvous sample may cost (its lookup is O(N)): caps its sample size at large N. */
    static final long RENDEZVOUS_WORK = 200_000_000L;

    enum Algorithm {
        SLOT("slot", "SlotRouter (DxHash-style probing, default capacity)"),
        MAGLEV("maglev", "MaglevRouter, M = first prime >= 100 N"),
        RENDEZVOUS("rendezvous", "hashring-native: WeightedRendezvousRouter, weighted HRW (-w / ln u)"),
        KETAMA_160("ketama-160", "Ring, RingConfig.ketamaFixedPoints(): 160 points per unit of weight"),
        KETAMA_1000("ketama-1000", "Ring, ketamaFixedPoints() with 1000 points per unit of weight");

        final String label;
        final String description;

        Algorithm(String label, String description) {
            this.label = label;
            this.description = description;
        }

        static Algorithm byLabel(String label) {
            for (Algorithm a : values()) {
                if (a.label.equals(label)) {
                    return a;
                }
            }
            List<String> names = new ArrayList<>();
            for (Algorithm a : values()) {
                names.add(a.label);
            }
            throw new UsageError("unknown algorithm '" + label + "'; valid: " + String.join(", ", names));
        }
    }

    /**
     * One algorithm at one fleet size. Moved fractions are of the key space; the optima are
     * 1/(N+1) (add), 1/N (remove) and (N-1)/(N(N+1)) (one server's weight 1 -> 2).
     *
     * @param exactBalance   peak/mean and sd are exact (key space); otherwise "by construction" (share of slots or weight)
     * @param sampledPeak    peak/mean over {@code samples} sampled keys (NaN when the balance is exact)
     * @param idealPeak      peak/mean a perfectly uniform assignment of {@code samples} keys shows (NaN when exact)
     * @param exactMovement  moved fractions are exact; otherwise sampled over {@code samples} keys
     */
    record Row(Algorithm algorithm, int n, double peak, double sd, boolean exactBalance, long samples,
               double sampledPeak, double idealPeak, double movedAdd, double movedRemove, double movedWeight,
               boolean exactMovement, double bytesPerServer, double buildMillis) {

        double optimumAdd() {
            return 1.0 / (n + 1);
        }

        double optimumRemove() {
            return 1.0 / n;
        }

        double optimumWeight() {
            return (n - 1) / ((double) n * (n + 1));
        }
    }

    private NativeSimulation() {
    }

    static List<Node<String>> fleet(int n) {
        List<Node<String>> nodes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            nodes.add(Node.of("10." + (i >>> 16 & 255) + "." + (i >>> 8 & 255) + "." + (i & 255) + ":11211"));
        }
        return nodes;
    }

    static Row measure(Algorithm algorithm, int n, int keys, long seed) {
        List<Node<String>> nodes = fleet(n);
        Node<String> added = Node.of("10.255.255.254:11211");
        String middle = nodes.get(n / 2).id();
        String reweighted = nodes.get(n / 3).id();
        switch (algorithm) {
            case KETAMA_160:
            case KETAMA_1000:
                return ring(algorithm, nodes, added, middle, reweighted);
            case MAGLEV:
                return maglev(nodes, added, middle, reweighted);
            default:
                return hashed(algorithm, nodes, added, middle, reweighted, keys, seed);
        }
    }

    // ------------------------------------------------------------------ rings: exact

    private static Row ring(Algorithm algorithm, List<Node<String>> nodes, Node<String> added, String middle, String reweighted) {
        RingConfig config = algorithm == Algorithm.KETAMA_160 ? RingConfig.ketamaFixedPoints()
                : RingConfig.ketamaFixedPoints().toBuilder().name("ketama-fixed-1000").weights(WeightPolicy.perWeight(1000)).build();
        double[] millis = new double[3];
        Ring<String> ring = null;
        for (int i = 0; i < millis.length; i++) {
            long t0 = System.nanoTime();
            ring = Ring.of(config, nodes);
            millis[i] = (System.nanoTime() - t0) / 1e6;
        }
        Map<String, Double> shares = ring.shares();
        double[] load = new double[nodes.size()];
        int i = 0;
        for (Node<String> node : nodes) {
            load[i++] = shares.getOrDefault(node.id(), 0.0) * nodes.size();
        }
        double movedAdd = Ring.diff(ring, ring.with(added)).movedFraction();
        double movedRemove = Ring.diff(ring, ring.without(middle)).movedFraction();
        double movedWeight = Ring.diff(ring, ring.withWeight(reweighted, 2)).movedFraction();
        // Ring's arrays: point value and owner (4 + 4 bytes) and a bucket index of 2^bits + 1 ints.
        int points = ring.points();
        int bits = Math.max(1, 30 - Integer.numberOfLeadingZeros(Math.max(2, points)));
        double bytes = (8.0 * points + 4.0 * ((1 << bits) + 1)) / nodes.size();
        return new Row(algorithm, nodes.size(), max(load), sd(load), true, 0, Double.NaN, Double.NaN,
                movedAdd, movedRemove, movedWeight, true, bytes, median(millis));
    }

    // ------------------------------------------------------------------ maglev: exact, from the table

    private static Row maglev(List<Node<String>> nodes, Node<String> added, String middle, String reweighted) {
        int m = MaglevRouter.defaultTableSize(nodes.size());
        double[] millis = new double[3];
        MaglevRouter<String> router = null;
        for (int i = 0; i < millis.length; i++) {
            long t0 = System.nanoTime();
            router = MaglevRouter.of(m, nodes);
            millis[i] = (System.nanoTime() - t0) / 1e6;
        }
        double[] load = new double[nodes.size()];
        for (int e = 0; e < m; e++) {
            load[router.entryOwner(e)] += nodes.size() / (double) m;
        }
        return new Row(Algorithm.MAGLEV, nodes.size(), max(load), sd(load), true, 0, Double.NaN, Double.NaN,
                tableMoved(router, router.with(added)), tableMoved(router, router.without(middle)),
                tableMoved(router, router.withWeight(reweighted, 2)), true,
                router.tableBytes() / (double) nodes.size(), median(millis));
    }

    /** Fraction of entries whose owner id differs: exact for key hashes uniform over 2^64 (up to M / 2^64). */
    private static double tableMoved(MaglevRouter<String> a, MaglevRouter<String> b) {
        long moved = 0;
        for (int e = 0; e < a.tableSize(); e++) {
            if (!a.nodes().get(a.entryOwner(e)).id().equals(b.nodes().get(b.entryOwner(e)).id())) {
                moved++;
            }
        }
        return moved / (double) a.tableSize();
    }

    // ------------------------------------------------------------------ slot router and rendezvous: sampled

    private static Row hashed(Algorithm algorithm, List<Node<String>> nodes, Node<String> added, String middle, String reweighted,
                              int keys, long seed) {
        int n = nodes.size();
        double[] millis = new double[3];
        HashedRouter<String> router = null;
        for (int i = 0; i < millis.length; i++) {
            long t0 = System.nanoTime();
            router = algorithm == Algorithm.SLOT ? SlotRouter.of(nodes) : WeightedRendezvousRouter.of(nodes);
            millis[i] = (System.nanoTime() - t0) / 1e6;
        }
        int samples = algorithm == Algorithm.RENDEZVOUS ? (int) Math.min(keys, Math.max(1000, RENDEZVOUS_WORK / n)) : keys;
        // By construction: a slot router's node gets (slots held) / (all held slots) of the key space;
        // rendezvous gives w / W. With equal weights both are exactly 1 / N.
        double[] load = new double[n];
        if (router instanceof SlotRouter<String> slots) {
            for (int s = 0; s < slots.capacity(); s++) {
                if (slots.slotOwner(s) >= 0) {
                    load[slots.slotOwner(s)] += n / (double) slots.totalWeight();
                }
            }
        } else {
            Arrays.fill(load, 1.0);
        }
        long[] counts = new long[n];
        SplittableRandom random = new SplittableRandom(seed);
        for (int k = 0; k < samples; k++) {
            counts[router.indexOfHash(random.nextLong())]++;
        }
        long[] ideal = new long[n];
        SplittableRandom uniform = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int k = 0; k < samples; k++) {
            ideal[uniform.nextInt(n)]++;
        }
        double sampledPeak = max(counts) * (double) n / samples;
        double idealPeak = max(ideal) * (double) n / samples;
        return new Row(algorithm, n, max(load), sd(load), false, samples, sampledPeak, idealPeak,
                sampledMoved(router, router.with(added), samples, seed + 1),
                sampledMoved(router, router.without(middle), samples, seed + 2),
                sampledMoved(router, router.withWeight(reweighted, 2), samples, seed + 3), false,
                router.tableBytes() / (double) n, median(millis));
    }

    private static double sampledMoved(HashedRouter<String> a, HashedRouter<String> b, int samples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long moved = 0;
        for (int k = 0; k < samples; k++) {
            long h = random.nextLong();
            if (!a.nodes().get(a.indexOfHash(h)).id().equals(b.nodes().get(b.indexOfHash(h)).id())) {
                moved++;
            }
        }
        return moved / (double) samples;
    }

    // ------------------------------------------------------------------ statistics

    static double max(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    static long max(long[] v) {
        long m = 0;
        for (long x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    /** Population standard deviation of load / mean (the loads are already relative to the mean). */
    static double sd(double[] load) {
        double sum = 0;
        for (double x : load) {
            sum += x;
        }
        double mean = sum / load.length;
        double sq = 0;
        for (double x : load) {
            sq += (x - mean) * (x - mean);
        }
        return Math.sqrt(sq / load.length) / mean;
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
