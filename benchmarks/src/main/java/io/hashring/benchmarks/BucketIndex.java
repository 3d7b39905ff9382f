package io.hashring.benchmarks;

import io.hashring.core.Ring;

/**
 * The raw baseline for "find the owner of a hash": a flat sorted {@code int[]} of point values
 * (stored XOR 0x80000000 so signed compare is unsigned order) plus a bucket index over the top
 * bits, searched by a short scan, ceil rule with wrap. No ring around it: no node list, no search
 * rule switch, no owner lookup. The routing benchmarks divide by this to show the ring's overhead.
 */
final class BucketIndex {

    private static final int FLIP = 0x80000000;

    private final int[] keys;
    private final int[] bucketStart;
    private final int shift;

    BucketIndex(Ring<?> ring) {
        int count = ring.points();
        keys = new int[count];
        for (int i = 0; i < count; i++) {
            keys[i] = ring.point(i).value() ^ FLIP;
        }
        int bits = Math.max(1, 31 - Integer.numberOfLeadingZeros(Math.max(2, count)));
        shift = 32 - bits;
        bucketStart = new int[(1 << bits) + 1];
        int p = 0;
        for (int b = 0; b < bucketStart.length; b++) {
            while (p < count && ((keys[p] ^ FLIP) >>> shift) < b) {
                p++;
            }
            bucketStart[b] = p;
        }
    }

    /** Index of the first point >= hash (unsigned), wrapping to 0. */
    int search(int hash) {
        int b = hash >>> shift;
        int lo = bucketStart[b];
        int hi = bucketStart[b + 1];
        int target = hash ^ FLIP;
        int[] k = keys;
        while (lo < hi && k[lo] < target) {
            lo++;
        }
        return lo == k.length ? 0 : lo;
    }
}
