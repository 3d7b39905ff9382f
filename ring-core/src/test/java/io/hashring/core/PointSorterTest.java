package io.hashring.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link PointSorter#sortEntries}: the same order as a stable sort by the high 32 bits (signed),
 * including the order of entries that share a value (the tie rules depend on it), for entries in
 * owner order as a build makes them.
 */
class PointSorterTest {

    /** A stable reference: {@link List#sort} is a stable merge sort. */
    private static long[] reference(long[] entries, int size) {
        List<Long> list = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            list.add(entries[i]);
        }
        list.sort(Comparator.comparingInt(e -> (int) (e >> 32)));
        return list.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * Random entries whose values come from a small pool when {@code distinctValues} is small (so
     * many share a value), with owners in insertion order as a build makes them, plus values at the
     * signed extremes.
     */
    @Property(tries = 300)
    void sortsLikeAStableSortByValue(@ForAll @IntRange(min = 0, max = 5000) int size,
                                     @ForAll @IntRange(min = 1, max = 100_000) int distinctValues,
                                     @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] pool = new int[distinctValues];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = switch (i) {
                case 0 -> Integer.MIN_VALUE;
                case 1 -> Integer.MAX_VALUE;
                case 2 -> -1;
                case 3 -> 0;
                default -> random.nextInt();
            };
        }
        long[] entries = new long[size + 3]; // slack past size must be ignored
        for (int i = 0; i < size; i++) {
            entries[i] = PointTable.entry(pool[random.nextInt(pool.length)], i);
        }
        long[] expected = reference(entries, size);
        long[] sorted = PointSorter.sortEntries(entries, size);
        assertThat(Arrays.copyOf(sorted, size)).isEqualTo(expected);
    }

    @Test
    void clusteredValuesLandInOneBucketAndStillSort() {
        // Only the lowest byte of the value differs: every entry is in one bucket (sorted by Arrays.sort).
        long[] entries = new long[1000];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = PointTable.entry(0x7f3a_5c00 | (999 - i) % 256, i);
        }
        long[] expected = reference(entries, entries.length);
        assertThat(PointSorter.sortEntries(entries, entries.length)).isEqualTo(expected);
    }

    @Test
    void smallInputsUseTheInsertionSortAndStayStable() {
        long[] entries = {PointTable.entry(5, 0), PointTable.entry(-3, 1), PointTable.entry(5, 2), PointTable.entry(-3, 3),
                PointTable.entry(Integer.MIN_VALUE, 4)};
        assertThat(PointSorter.sortEntries(entries.clone(), entries.length)).containsExactly(
                PointTable.entry(Integer.MIN_VALUE, 4), PointTable.entry(-3, 1), PointTable.entry(-3, 3),
                PointTable.entry(5, 0), PointTable.entry(5, 2));
    }
}
