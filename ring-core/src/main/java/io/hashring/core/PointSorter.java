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

    /**
     * Sorts {@code entries[0, size)} by their high 32 bits as a signed int (the flipped point value
     * of a {@link PointTable} entry, so ring order), keeping entries of equal value in their order,
     * which is insertion order (config order, then point order) and what the tie rules look at.
     *
     * <p>Build entries are made in owner order (node 0's points, then node 1's, ...) and an entry
     * is {@code value << 32 | owner}, so for them that order is the order of the whole long: equal
     * values sort by owner, and two equal entries are the same node's point twice. The sort therefore
     * compares whole longs. Point values are hashes, spread evenly, so it is a bucket sort: one pass
     * counts the entries per bucket of the top bits (about two per bucket), one pass moves each
     * entry to its bucket, and one insertion sort pass orders the buckets' insides (about one move
     * per entry); a layout whose values cluster, so that the moves pass 8 per entry, is finished by
     * {@link Arrays#sort(long[], int, int)} instead: O(P log P) at worst. May return a new array.
     *
     * @param entries entries in owner order: each entry's owner is >= the owner of every entry before it
     */
    static long[] sortEntries(long[] entries, int size) {
        if (size < 64) {
            insertionSort(entries, 0, size);
            return entries;
        }
        int bits = 31 - Integer.numberOfLeadingZeros(size) - 1; // 2^bits buckets: 2 to 4 entries each
        int shift = 32 - bits;
        int[] start = new int[(1 << bits) + 1];
        for (int i = 0; i < size; i++) {
            start[bucket(entries[i], shift) + 1]++;
        }
        for (int b = 1; b < start.length; b++) {
            start[b] += start[b - 1];
        }
        long[] out = new long[size];
        int[] next = Arrays.copyOf(start, start.length - 1);
        for (int i = 0; i < size; i++) {
            long e = entries[i];
            out[next[bucket(e, shift)]++] = e;
        }
        // Entries are now in bucket order; finish with one insertion sort pass, whose moves are
        // the inversions inside buckets (about one per entry for hashed values). Values that
        // cluster in a few buckets make that quadratic: past a budget of moves, Arrays.sort.
        long budget = 8L * size;
        for (int i = 1; i < size; i++) {
            long e = out[i];
            int j = i - 1;
            while (j >= 0 && out[j] > e) {
                out[j + 1] = out[j];
                j--;
            }
            out[j + 1] = e;
            budget -= i - 1 - j;
            if (budget < 0) {
                Arrays.sort(out, 0, size);
                break;
            }
        }
        return out;
    }

    /** The bucket of an entry: the top bits of its value in ring order. */
    private static int bucket(long entry, int shift) {
        return ((int) (entry >>> 32) ^ PointTable.FLIP) >>> shift;
    }

    private static void insertionSort(long[] a, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            long e = a[i];
            int j = i - 1;
            while (j >= from && a[j] > e) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = e;
        }
    }
}
