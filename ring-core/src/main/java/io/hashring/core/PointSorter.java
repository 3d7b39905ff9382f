package io.hashring.core;

import java.util.Arrays;

/** Sorts generated points by unsigned value, carrying their owners along. Linear time. */
final class PointSorter {

    private PointSorter() {
    }

    /**
     * Stable LSD radix sort of {@code values[0, size)} as unsigned ints (3 passes of 11, 11 and 10
     * bits), carrying {@code owners} along. Returns {values, owners}, possibly new arrays. O(size).
     * Stable: equal values keep their insertion order, which the tie rules look at.
     */
    static int[][] sortUnsigned(int[] values, int[] owners, int size) {
        if (size < 64) {
            // Insertion sort: stable, and cheaper than three counting passes for a handful of points.
            for (int i = 1; i < size; i++) {
                int v = values[i];
                int ow = owners[i];
                int j = i - 1;
                while (j >= 0 && Integer.compareUnsigned(values[j], v) > 0) {
                    values[j + 1] = values[j];
                    owners[j + 1] = owners[j];
                    j--;
                }
                values[j + 1] = v;
                owners[j + 1] = ow;
            }
            return new int[][] {values, owners};
        }
        int[] v = values;
        int[] o = owners;
        int[] v2 = new int[size];
        int[] o2 = new int[size];
        int[] count = new int[2049];
        for (int shift = 0; shift < 32; shift += 11) {
            int mask = shift == 22 ? 0x3ff : 0x7ff;
            Arrays.fill(count, 0);
            for (int i = 0; i < size; i++) {
                count[((v[i] >>> shift) & mask) + 1]++;
            }
            for (int d = 0; d < 2048; d++) {
                count[d + 1] += count[d];
            }
            for (int i = 0; i < size; i++) {
                int value = v[i];
                int pos = count[(value >>> shift) & mask]++;
                v2[pos] = value;
                o2[pos] = o[i];
            }
            int[] t = v;
            v = v2;
            v2 = t;
            t = o;
            o = o2;
            o2 = t;
        }
        return new int[][] {v, o};
    }
}
