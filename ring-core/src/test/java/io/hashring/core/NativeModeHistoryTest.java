package io.hashring.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The client layer's native mode ({@link NativeRouting}) is history-independent: a router changed
 * by any sequence of adds, removals and weight changes routes every key (primary and failover
 * order) exactly like one built fresh from the resulting server list, in any order. This is what
 * lets a client changed at runtime agree with a client started later from the new list.
 */
class NativeModeHistoryTest {

    private static final int KEYS = 2000;

    @Provide
    Arbitrary<List<Integer>> changes() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMinSize(1).ofMaxSize(30);
    }

    @Property(tries = 300)
    void aRouterChangedStepByStepEqualsOneBuiltFreshFromTheResultingList(
            @ForAll @IntRange(min = 1, max = 30) int start, @ForAll("changes") List<Integer> changes, @ForAll long seed) {
        // A pool of 40 possible servers; the fleet starts with the first `start` of them.
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            pool.add("10.0." + (i % 7) + "." + (i * 13 % 251) + ":11211");
        }
        Map<String, Integer> fleet = new LinkedHashMap<>();
        List<Node<String>> initial = new ArrayList<>();
        for (String id : pool.subList(0, start)) {
            fleet.put(id, 1);
            initial.add(Node.of(id, 1, id));
        }
        HashedRouter<String> changed = NativeRouting.router(initial);
        for (int c : changes) {
            String id = pool.get(c % pool.size());
            int op = (c / pool.size()) % 3;
            if (!fleet.containsKey(id)) {
                int w = 1 + (c / 120) % 4;
                changed = changed.with(Node.of(id, w, id));
                fleet.put(id, w);
            } else if (op == 0 && fleet.size() > 1) {
                changed = changed.without(id);
                fleet.remove(id);
            } else {
                int w = 1 + (c / 120) % 4;
                changed = changed.withWeight(id, w);
                fleet.put(id, w);
            }
        }
        List<Node<String>> list = new ArrayList<>();
        fleet.forEach((id, w) -> list.add(Node.of(id, w, id)));
        Collections.shuffle(list, new Random(seed));
        HashedRouter<String> fresh = NativeRouting.router(list);

        HashCursor a = changed.cursor();
        HashCursor b = fresh.cursor();
        SplittableRandom keys = new SplittableRandom(seed);
        for (int k = 0; k < KEYS; k++) {
            long h = keys.nextLong();
            a.resetHash(h);
            b.resetHash(h);
            for (int i = 0; i < Math.min(3, list.size()); i++) {
                assertThat(changed.value(a.next())).as("candidate %d of key hash %d after %s", i, h, changes)
                        .isEqualTo(fresh.value(b.next()));
            }
        }
    }
}
