package io.hashring.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What every native router promises, run across all three; then what each one adds. */
class NativeRoutersTest {

    /** The routers under test, each built over a node list. */
    enum Algorithm {
        SLOT(SlotRouter::of), MAGLEV(MaglevRouter::of), RENDEZVOUS(WeightedRendezvousRouter::of);

        private final Function<List<Node<String>>, HashedRouter<String>> factory;

        Algorithm(Function<List<Node<String>>, HashedRouter<String>> factory) {
            this.factory = factory;
        }

        HashedRouter<String> of(List<Node<String>> nodes) {
            return factory.apply(nodes);
        }
    }

    static List<Node<String>> servers(int n) {
        List<Node<String>> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(Node.of("10.0." + i / 250 + "." + (i % 250 + 1) + ":11211"));
        }
        return nodes;
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    @DisplayName("route, indexOf, the cursor's first candidate and the byte path agree")
    void routeAndCursorAgree(Algorithm algorithm) {
        HashedRouter<String> router = algorithm.of(servers(37));
        HashCursor cursor = router.cursor();
        for (int k = 0; k < 2000; k++) {
            String key = "user:" + k;
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            int primary = router.indexOf(key);
            assertThat(router.route(key)).isEqualTo(router.value(primary)).isEqualTo(router.nodes().get(primary).id());
            assertThat(router.indexOf(bytes, 0, bytes.length)).isEqualTo(primary);
            assertThat(router.route(bytes)).isEqualTo(router.route(key));
            assertThat(cursor.reset(key).next()).as("cursor primary for %s", key).isEqualTo(primary);
        }
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    @DisplayName("candidates give every node once, primary first, and a reused cursor repeats them")
    void candidatesAreCompleteAndDistinct(Algorithm algorithm) {
        HashedRouter<String> router = algorithm.of(servers(23));
        HashCursor cursor = router.cursor();
        for (int k = 0; k < 300; k++) {
            String key = "k" + k;
            List<String> all = router.candidates(key);
            assertThat(all).hasSize(23).doesNotHaveDuplicates().first().isEqualTo(router.route(key));
            cursor.reset("other");
            cursor.next();
            cursor.reset(key);
            List<String> again = new ArrayList<>();
            for (int i = cursor.next(); i >= 0; i = cursor.next()) {
                again.add(router.value(i));
            }
            assertThat(again).isEqualTo(all);
            assertThat(cursor.next()).isEqualTo(-1);
        }
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    @DisplayName("an empty router throws EmptyRingException on routing and has no candidates")
    void emptyRouter(Algorithm algorithm) {
        HashedRouter<String> router = algorithm.of(List.of());
        assertThat(router.isEmpty()).isTrue();
        assertThatThrownBy(() -> router.route("k")).isInstanceOf(EmptyRingException.class).hasMessageContaining("no nodes");
        assertThat(router.candidates("k")).isEmpty();
        assertThat(router.cursor().reset("k").next()).isEqualTo(-1);
        HashedRouter<String> one = router.with(Node.of("a:1"));
        assertThat(one.route("k")).isEqualTo("a:1");
        assertThat(one.without("a:1").isEmpty()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    @DisplayName("bad input gets a specific exception naming the bad value")
    void badInput(Algorithm algorithm) {
        HashedRouter<String> router = algorithm.of(servers(3));
        assertThatThrownBy(() -> router.route((String) null)).isInstanceOf(NullPointerException.class).hasMessage("key is null");
        assertThatThrownBy(() -> router.candidates((byte[]) null)).isInstanceOf(NullPointerException.class).hasMessage("key is null");
        assertThatThrownBy(() -> algorithm.of(List.of(Node.of("a:1"), Node.of("a:1"))))
                .isInstanceOf(DuplicateNodeException.class).hasMessageContaining("'a:1'");
        assertThatThrownBy(() -> router.with(Node.of("10.0.0.1:11211"))).isInstanceOf(DuplicateNodeException.class);
        assertThatThrownBy(() -> router.without("nope:1")).isInstanceOf(UnknownNodeException.class)
                .hasMessageContaining("'nope:1'").hasMessageContaining("10.0.0.2:11211");
        assertThatThrownBy(() -> router.withWeight("10.0.0.1:11211", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be positive, was 0");
        List<Node<String>> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> algorithm.of(withNull)).isInstanceOf(NullPointerException.class).hasMessage("nodes contains null");
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    @DisplayName("changes return new snapshots and leave the receiver as it was")
    void changesAreImmutable(Algorithm algorithm) {
        HashedRouter<String> router = algorithm.of(servers(10));
        List<String> before = new ArrayList<>();
        for (int k = 0; k < 500; k++) {
            before.add(router.route("k" + k));
        }
        router.with(Node.of("new:1"));
        router.without("10.0.0.3:11211");
        router.withWeight("10.0.0.4:11211", 3);
        for (int k = 0; k < 500; k++) {
            assertThat(router.route("k" + k)).isEqualTo(before.get(k));
        }
        assertThat(router.size()).isEqualTo(10);
    }

    @Test
    @DisplayName("slot router: removing a node moves only its keys, each to its old second candidate")
    void slotRemovalGoesToTheSecondCandidate() {
        checkRemovalFollowsFailover(SlotRouter.of(servers(50)));
    }

    @Test
    @DisplayName("rendezvous: removing a node moves only its keys, each to its old second candidate")
    void rendezvousRemovalGoesToTheSecondCandidate() {
        checkRemovalFollowsFailover(WeightedRendezvousRouter.of(servers(50)));
    }

    private static void checkRemovalFollowsFailover(HashedRouter<String> router) {
        String gone = "10.0.0.17:11211";
        HashedRouter<String> after = router.without(gone);
        for (int k = 0; k < 20000; k++) {
            String key = "key-" + k;
            List<String> candidates = router.candidates(key);
            String expected = candidates.get(0).equals(gone) ? candidates.get(1) : candidates.get(0);
            assertThat(after.route(key)).as("owner of %s after removing %s", key, gone).isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("slot router: a node of weight w holds w slots; the default capacity is the power of two >= 2W, at least 16")
    void slotCapacity() {
        assertThat(SlotRouter.defaultCapacity(0)).isEqualTo(16);
        assertThat(SlotRouter.defaultCapacity(8)).isEqualTo(16);
        assertThat(SlotRouter.defaultCapacity(9)).isEqualTo(32);
        assertThat(SlotRouter.defaultCapacity(1000)).isEqualTo(2048);
        assertThat(SlotRouter.defaultCapacity(1024)).isEqualTo(2048);
        SlotRouter<String> router = SlotRouter.of(List.of(Node.of("a:1", 3), Node.of("b:1", 5)));
        int[] held = new int[2];
        int free = 0;
        for (int s = 0; s < router.capacity(); s++) {
            if (router.slotOwner(s) < 0) {
                free++;
            } else {
                held[router.slotOwner(s)]++;
            }
        }
        assertThat(held).containsExactly(3, 5);
        assertThat(free).isEqualTo(16 - 8);
        assertThat(router.tableBytes()).isEqualTo(64);
        assertThatThrownBy(() -> SlotRouter.of(4, servers(5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity 4 is below the total weight 5");
        assertThatThrownBy(() -> SlotRouter.of(0, servers(0))).hasMessageContaining("capacity must be in [1, 2^30], was 0");
    }

    @Test
    @DisplayName("slot router: a change beyond the capacity rebuilds with a larger one; within it, the capacity stays")
    void slotGrowth() {
        SlotRouter<String> router = SlotRouter.of(16, servers(15));
        SlotRouter<String> full = router.with(Node.of("x:1"));
        assertThat(full.capacity()).isEqualTo(16);
        assertThat(full.without("x:1").capacity()).isEqualTo(16);
        SlotRouter<String> grown = full.with(Node.of("y:1"));
        assertThat(grown.capacity()).isEqualTo(SlotRouter.defaultCapacity(17));
        assertThat(grown.route("k")).isNotNull();
    }

    @Test
    @DisplayName("slot router: every held slot gets the same share, so weights are honoured within 2% (sampled)")
    void slotWeights() {
        checkWeights(SlotRouter.of(weighted()));
    }

    @Test
    @DisplayName("rendezvous: weights are honoured within 2% (sampled)")
    void rendezvousWeights() {
        checkWeights(WeightedRendezvousRouter.of(weighted()));
    }

    @Test
    @DisplayName("maglev: weights are honoured within 2% (exact, from the table)")
    void maglevWeights() {
        MaglevRouter<String> router = MaglevRouter.of(weighted());
        long[] entries = new long[router.size()];
        for (int e = 0; e < router.tableSize(); e++) {
            entries[router.entryOwner(e)]++;
        }
        for (int i = 0; i < router.size(); i++) {
            double share = entries[i] / (double) router.tableSize();
            double expected = router.nodes().get(i).weight() / (double) router.totalWeight();
            assertThat(share / expected).as("node %s share / weight share", router.nodes().get(i)).isBetween(0.98, 1.02);
        }
    }

    private static List<Node<String>> weighted() {
        List<Node<String>> nodes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            nodes.add(Node.of("w" + i + ":11211", 1 + i % 5));
        }
        return nodes;
    }

    /**
     * 4,000,000 sampled key hashes; the lightest node (weight 1 of 34) expects 117,647 keys, so
     * 2% is 5.9 standard deviations: a correct router fails this with probability below 1e-8 per node.
     */
    private static void checkWeights(HashedRouter<String> router) {
        long[] counts = NativeHarness.counts(router, 4_000_000, 7);
        for (int i = 0; i < router.size(); i++) {
            double share = counts[i] / 4_000_000.0;
            double expected = router.nodes().get(i).weight() / (double) router.totalWeight();
            assertThat(share / expected).as("node %s share / weight share", router.nodes().get(i)).isBetween(0.98, 1.02);
        }
    }

    @Test
    @DisplayName("maglev: equal weights give every node floor or ceil of M/N entries")
    void maglevBalance() {
        MaglevRouter<String> router = MaglevRouter.of(servers(100));
        assertThat(router.tableSize()).isEqualTo(10007);
        long[] entries = new long[100];
        for (int e = 0; e < router.tableSize(); e++) {
            entries[router.entryOwner(e)]++;
        }
        assertThat(entries).containsOnly(100, 101);
        assertThat(MaglevRouter.defaultTableSize(1)).isEqualTo(101);
        assertThatThrownBy(() -> MaglevRouter.of(100, servers(3))).hasMessageContaining("must be a prime in [2, 2^30], was 100");
    }

    @Test
    @DisplayName("maglev: placement does not depend on the order of the node list")
    void maglevIgnoresListOrder() {
        List<Node<String>> nodes = servers(30);
        List<Node<String>> reversed = new ArrayList<>(nodes);
        java.util.Collections.reverse(reversed);
        MaglevRouter<String> a = MaglevRouter.of(nodes);
        MaglevRouter<String> b = MaglevRouter.of(reversed);
        for (int k = 0; k < 5000; k++) {
            assertThat(b.route("k" + k)).isEqualTo(a.route("k" + k));
        }
    }

    @Test
    @DisplayName("slot router and rendezvous: balance of a 100-node fleet within 5% of the mean (sampled)")
    void balance() {
        // 2,000,000 keys over 100 nodes: 20,000 each, sd 0.7%; 5% is 7 sd (false failure < 1e-10).
        Set<Double> peaks = new HashSet<>();
        for (HashedRouter<String> router : List.of(SlotRouter.of(servers(100)), WeightedRendezvousRouter.of(servers(100)))) {
            double peak = NativeHarness.peakToMean(router, NativeHarness.counts(router, 2_000_000, 11));
            assertThat(peak).as("%s peak/mean", router).isLessThan(1.05);
            peaks.add(peak);
        }
        assertThat(peaks).hasSize(2);
    }

    @Test
    @DisplayName("native routing names its mode and builds weighted rendezvous")
    void nativeRouting() {
        assertThat(NativeRouting.MODE).isEqualTo("hashring-native");
        WeightedRendezvousRouter<String> router = NativeRouting.router("a:1", "b:1", "c:1");
        for (int i = 0; i < 100; i++) {
            assertThat(router.route("k" + i)).isEqualTo(WeightedRendezvousRouter.of("c:1", "a:1", "b:1").route("k" + i));
        }
        assertThat(NativeRouting.router(servers(3)).size()).isEqualTo(3);
    }
}
