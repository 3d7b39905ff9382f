package io.hashring.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link PointTable#ownerOf}: on rings large enough for the direct table it routes every hash to
 * the owner a plain binary search over the sorted point values gives, under {@code CEIL} (first
 * point at or above, wrapping to the first) and {@code STRICT} (first point above), including
 * buckets of eight points or more (seven slots and the overflow marker), a last bucket of seven
 * and of eight points, points at 0 and at 2^32 - 1, and every hash at, just below and just above
 * each point. Below the threshold, under {@code FLOOR}, and when node indexes and value bits do
 * not fit one int, there is no direct table and the same check holds.
 */
class PointTableDirectTest {

    private static final int NODES = 1000;

    /** Sorted distinct unsigned point values: about {@code uniform} uniform ones plus the given clusters. */
    private static int[] values(long seed, int uniform, int... clustered) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] all = new long[uniform + clustered.length];
        for (int i = 0; i < uniform; i++) {
            all[i] = random.nextLong(1L << 32);
        }
        for (int i = 0; i < clustered.length; i++) {
            all[uniform + i] = Integer.toUnsignedLong(clustered[i]);
        }
        Arrays.sort(all);
        int n = 0;
        for (int i = 0; i < all.length; i++) {
            if (i == 0 || all[i] != all[i - 1]) {
                all[n++] = all[i];
            }
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) all[i];
        }
        return out;
    }

    private static PointTable table(SearchRule rule, int[] values, long seed) {
        return table(rule, values, seed, NODES);
    }

    /** Random owners below {@code nodes}, the highest index among them. */
    private static PointTable table(SearchRule rule, int[] values, long seed, int nodes) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] entries = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            entries[i] = PointTable.entry(values[i] ^ PointTable.FLIP, random.nextInt(nodes));
        }
        entries[values.length / 2] = PointTable.entry(values[values.length / 2] ^ PointTable.FLIP, nodes - 1);
        return new PointTable(rule, nodes, entries, new int[0], null);
    }

    /** The point index a binary search over the unsigned values gives: the reference. */
    private static int reference(SearchRule rule, int[] values, int hash) {
        long h = Integer.toUnsignedLong(hash);
        int lo = 0;
        int hi = values.length;
        while (lo < hi) { // first value >= h (CEIL) or > h (STRICT, FLOOR's successor)
            int mid = (lo + hi) >>> 1;
            long v = Integer.toUnsignedLong(values[mid]);
            if (rule == SearchRule.CEIL ? v < h : v <= h) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (rule == SearchRule.FLOOR) {
            return lo == 0 ? values.length - 1 : lo - 1;
        }
        return lo == values.length ? 0 : lo;
    }

    private static void assertRoutesLikeBinarySearch(SearchRule rule, int[] values, long seed) {
        assertRoutesLikeBinarySearch(rule, values, seed, NODES);
    }

    /** 300,000 random hashes, every hash at, just below and just above each point, and the extremes. */
    private static void assertRoutesLikeBinarySearch(SearchRule rule, int[] values, long seed, int nodes) {
        PointTable table = table(rule, values, seed, nodes);
        SplittableRandom random = new SplittableRandom(seed ^ 0x5deece66dL);
        for (int i = 0; i < 300_000; i++) {
            checkHash(table, rule, values, random.nextInt());
        }
        for (int v : values) {
            checkHash(table, rule, values, v - 1);
            checkHash(table, rule, values, v);
            checkHash(table, rule, values, v + 1);
        }
        for (int hash : new int[] {0, 1, -1, -2, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            checkHash(table, rule, values, hash);
        }
    }

    private static void checkHash(PointTable table, SearchRule rule, int[] values, int hash) {
        int expected = table.owner(reference(rule, values, hash));
        int got = table.ownerOf(hash);
        if (got != expected) {
            throw new AssertionError(rule + ": hash " + Integer.toUnsignedString(hash) + " routed to node " + got
                    + ", binary search says node " + expected + " (" + values.length + " points)");
        }
    }

    /** Value bits below the bucket bits at this many points: 32 - (floor(log2 P) - 1). */
    private static int lowBits(int points) {
        return 32 - (30 - Integer.numberOfLeadingZeros(points));
    }

    /** Bucket width at this many points. */
    private static long bucketWidth(int points) {
        return 1L << lowBits(points);
    }

    /**
     * Clusters that overflow a bucket (9 and 40 points), exactly eight points in the last bucket
     * (a scan past them must stop at the wrap), and points at both ends of the hash space.
     */
    private static int[] clusteredValues(int uniform) {
        long width = bucketWidth(uniform + 60);
        int[] clusters = new int[9 + 40 + 2];
        int c = 0;
        long nine = 1000 * width;
        long forty = 2000 * width + width / 2;
        for (int i = 0; i < 9; i++) {
            clusters[c++] = (int) (nine + 7 * i);
        }
        for (int i = 0; i < 40; i++) {
            clusters[c++] = (int) (forty + i);
        }
        clusters[c++] = 0;
        clusters[c++] = -1;
        return Arrays.copyOf(clusters, c);
    }

    /**
     * Removes the uniform points in the last bucket and puts exactly {@code n} there, the highest
     * at 2^32 - 101: a hash above it must find the wrap.
     */
    private static int[] withLastBucketOf(int n, int[] values) {
        long width = bucketWidth(values.length);
        long lastStart = (1L << 32) - width;
        int kept = 0;
        while (kept < values.length && Integer.toUnsignedLong(values[kept]) < lastStart) {
            kept++;
        }
        int[] out = Arrays.copyOf(values, kept + n);
        for (int i = 0; i < n; i++) {
            out[kept + i] = (int) ((1L << 32) - 101 - 3L * (n - 1 - i));
        }
        assertThat(bucketWidth(out.length)).as("bucket width unchanged").isEqualTo(width);
        return out;
    }

    @Test
    void ceilRoutesLikeBinarySearch() {
        int[] values = values(1, PointTable.DIRECT_MIN_POINTS + 5000, clusteredValues(PointTable.DIRECT_MIN_POINTS + 5000));
        assertThat(table(SearchRule.CEIL, values, 1).hasDirectTable()).isTrue();
        assertRoutesLikeBinarySearch(SearchRule.CEIL, values, 1);
    }

    @Test
    void strictRoutesLikeBinarySearch() {
        int[] values = values(2, PointTable.DIRECT_MIN_POINTS + 5000, clusteredValues(PointTable.DIRECT_MIN_POINTS + 5000));
        assertThat(table(SearchRule.STRICT, values, 2).hasDirectTable()).isTrue();
        assertRoutesLikeBinarySearch(SearchRule.STRICT, values, 2);
    }

    @Test
    void aHashAboveTheLastBucketWrapsToTheFirstPoint() {
        for (int n : new int[] {7, 8}) {
            int[] values = withLastBucketOf(n, values(3, PointTable.DIRECT_MIN_POINTS + 5000));
            for (SearchRule rule : new SearchRule[] {SearchRule.CEIL, SearchRule.STRICT}) {
                assertThat(table(rule, values, 3).hasDirectTable()).isTrue();
                assertRoutesLikeBinarySearch(rule, values, 3);
            }
        }
    }

    /** At about 2 to 4 points per bucket the densest of 2^19 buckets overflow: the marker path runs too. */
    @Test
    void uniformRingsOverflowSomeBucketsAndStillRouteExactly() {
        int[] values = values(4, 3 * PointTable.DIRECT_MIN_POINTS / 2);
        long width = bucketWidth(values.length);
        int overflowing = 0;
        for (int i = 0, j; i < values.length; i = j) {
            long bucket = Integer.toUnsignedLong(values[i]) / width;
            j = i;
            while (j < values.length && Integer.toUnsignedLong(values[j]) / width == bucket) {
                j++;
            }
            if (j - i >= 8) {
                overflowing++;
            }
        }
        assertThat(overflowing).as("buckets with eight points or more").isPositive();
        assertRoutesLikeBinarySearch(SearchRule.CEIL, values, 4);
    }

    @Test
    void smallRingsAndFloorHaveNoDirectTableAndRouteTheSame() {
        int[] small = values(5, PointTable.DIRECT_MIN_POINTS - 1);
        assertThat(table(SearchRule.CEIL, small, 5).hasDirectTable()).isFalse();
        assertRoutesLikeBinarySearch(SearchRule.CEIL, small, 5);
        int[] large = values(6, PointTable.DIRECT_MIN_POINTS + 5000);
        assertThat(table(SearchRule.CEIL, large, 6).hasDirectTable()).isTrue();
        assertThat(table(SearchRule.FLOOR, large, 6).hasDirectTable()).isFalse();
        assertRoutesLikeBinarySearch(SearchRule.FLOOR, large, 6);
    }

    /** The most nodes whose indexes fit beside the value bits (13 value bits at 2^20 points leave 19). */
    @Test
    void nodeIndexesUpToTheSlotWidthAreRoutedAndWiderOnesUseTheBucketIndex() {
        int[] values = values(7, PointTable.DIRECT_MIN_POINTS + 1000);
        int widest = (1 << (32 - lowBits(values.length))) - 1;
        assertThat(table(SearchRule.CEIL, values, 7, widest).hasDirectTable()).isTrue();
        assertRoutesLikeBinarySearch(SearchRule.CEIL, values, 7, widest);
        assertThat(table(SearchRule.CEIL, values, 7, widest + 1).hasDirectTable()).isFalse();
        assertRoutesLikeBinarySearch(SearchRule.CEIL, values, 7, widest + 1);
    }
}
