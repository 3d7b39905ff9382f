package io.hashring.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Identity and minimal movement of the native routers, each on 300 generated fleets (2 to 40
 * nodes, weights 1 to 4) with 2,000 sampled key hashes per fleet.
 */
class NativeRouterPropertiesTest {

    private static final int TRIES = 300;
    private static final int KEYS = 2000;

    @Provide
    Arbitrary<List<Node<String>>> fleets() {
        Arbitrary<Node<String>> node = Combinators.combine(
                Arbitraries.integers().between(0, 255), Arbitraries.integers().between(1, 254),
                Arbitraries.of(11211, 11212), Arbitraries.integers().between(1, 4))
                .as((a, b, port, w) -> Node.of("10." + a + "." + b + ".7:" + port, w));
        return node.list().ofMinSize(2).ofMaxSize(40).uniqueElements(Node::id);
    }

    @Provide
    Arbitrary<NativeRoutersTest.Algorithm> algorithms() {
        return Arbitraries.of(NativeRoutersTest.Algorithm.class);
    }

    @Provide
    Arbitrary<NativeRoutersTest.Algorithm> minimal() {
        return Arbitraries.of(NativeRoutersTest.Algorithm.SLOT, NativeRoutersTest.Algorithm.RENDEZVOUS);
    }

    private static String owner(HashedRouter<String> r, long h) {
        return r.nodes().get(r.indexOfHash(h)).id();
    }

    @Property(tries = TRIES)
    void removingAMiddleServerAndReAddingItPutsItsKeysBack(@ForAll("algorithms") NativeRoutersTest.Algorithm algorithm,
                                                          @ForAll("fleets") List<Node<String>> fleet, @ForAll long seed) {
        HashedRouter<String> router = algorithm.of(fleet);
        Node<String> middle = fleet.get(fleet.size() / 2);
        HashedRouter<String> back = router.without(middle.id()).with(middle);
        SplittableRandom keys = new SplittableRandom(seed);
        for (int k = 0; k < KEYS; k++) {
            long h = keys.nextLong();
            assertThat(owner(back, h)).as("%s after removing and re-adding %s", algorithm, middle).isEqualTo(owner(router, h));
        }
    }

    /**
     * The nodes before the middle one are removed first, freeing slots that may lie on the middle
     * node's path before its own; re-added, it must still take its own slots (its tombstones) back.
     */
    @Property(tries = TRIES)
    void slotRouterReAddsTheSameSlotsAfterOtherRemovalsToo(@ForAll("fleets") List<Node<String>> fleet, @ForAll long seed) {
        SlotRouter<String> reduced = SlotRouter.of(fleet);
        Node<String> middle = fleet.get(fleet.size() / 2);
        for (Node<String> earlier : fleet.subList(0, fleet.size() / 2)) {
            reduced = reduced.without(earlier.id());
        }
        SlotRouter<String> back = reduced.without(middle.id()).with(middle);
        SplittableRandom keys = new SplittableRandom(seed);
        for (int k = 0; k < KEYS; k++) {
            long h = keys.nextLong();
            assertThat(owner(back, h)).as("after removing the nodes before %s, then it, then re-adding it", middle)
                    .isEqualTo(owner(reduced, h));
        }
    }

    @Property(tries = TRIES)
    void addingANodeMovesKeysOnlyToIt(@ForAll("minimal") NativeRoutersTest.Algorithm algorithm,
                                     @ForAll("fleets") List<Node<String>> fleet, @ForAll long seed) {
        HashedRouter<String> router = algorithm.of(fleet.subList(1, fleet.size()));
        HashedRouter<String> grown = router.with(fleet.get(0));
        SplittableRandom keys = new SplittableRandom(seed);
        for (int k = 0; k < KEYS; k++) {
            long h = keys.nextLong();
            String after = owner(grown, h);
            if (!after.equals(fleet.get(0).id())) {
                assertThat(after).as("%s: a key that did not go to the new node %s", algorithm, fleet.get(0)).isEqualTo(owner(router, h));
            }
        }
    }

    @Property(tries = TRIES)
    void removingANodeMovesOnlyItsKeys(@ForAll("minimal") NativeRoutersTest.Algorithm algorithm,
                                      @ForAll("fleets") List<Node<String>> fleet, @ForAll long seed) {
        HashedRouter<String> router = algorithm.of(fleet);
        String gone = fleet.get(seed == Long.MIN_VALUE ? 0 : (int) (Math.abs(seed) % fleet.size())).id();
        HashedRouter<String> shrunk = router.without(gone);
        SplittableRandom keys = new SplittableRandom(seed);
        for (int k = 0; k < KEYS; k++) {
            long h = keys.nextLong();
            String before = owner(router, h);
            if (!before.equals(gone)) {
                assertThat(owner(shrunk, h)).as("%s: a key of %s after removing %s", algorithm, before, gone).isEqualTo(before);
            }
        }
    }

    @Property(tries = TRIES)
    void aWeightChangeMovesKeysOnlyToOrFromThatNode(@ForAll("minimal") NativeRoutersTest.Algorithm algorithm,
                                                   @ForAll("fleets") List<Node<String>> fleet, @ForAll long seed) {
        HashedRouter<String> router = algorithm.of(fleet);
        Node<String> changed = fleet.get(fleet.size() - 1);
        int weight = changed.weight() == 4 ? 1 : changed.weight() + 2;
        HashedRouter<String> reweighted = router.withWeight(changed.id(), weight);
        HashedRouter<String> restored = reweighted.withWeight(changed.id(), changed.weight());
        SplittableRandom keys = new SplittableRandom(seed);
        for (int k = 0; k < KEYS; k++) {
            long h = keys.nextLong();
            String before = owner(router, h);
            String after = owner(reweighted, h);
            if (!before.equals(after)) {
                assertThat(weight > changed.weight() ? after : before)
                        .as("%s: a key moved between two nodes whose weight did not change", algorithm).isEqualTo(changed.id());
            }
            assertThat(owner(restored, h)).as("%s: weight changed back", algorithm).isEqualTo(before);
        }
    }
}
