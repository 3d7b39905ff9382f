package io.hashring.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/**
 * Ring invariants, each checked on at least 1,000 generated topologies. Monotonicity is checked
 * for {@link RingConfig#ketamaFixedPoints()}, where it holds for any weights; for libmemcached's
 * formula it holds only while no other node's point count changes (see {@link LibmemcachedFormulaTest}).
 */
class RingPropertiesTest {

    private static final int TRIES = 1000;

    @Provide
    Arbitrary<List<Node<String>>> topologies() {
        return topologies(1);
    }

    /** Topologies with at least two nodes, so one can be removed and another remains. */
    @Provide
    Arbitrary<List<Node<String>>> twoOrMore() {
        return topologies(2);
    }

    private static Arbitrary<List<Node<String>>> topologies(int minSize) {
        Arbitrary<Node<String>> node = Combinators.combine(
                Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 255),
                Arbitraries.of(11211, 11212, 22122),
                Arbitraries.integers().between(1, 5))
                .as((a, b, port, w) -> Node.of("10." + a + "." + b + ".1:" + port, w));
        return node.list().ofMinSize(minSize).ofMaxSize(12).uniqueElements(Node::id);
    }

    @Provide
    Arbitrary<RingConfig> configs() {
        return Arbitraries.of(RingConfig.libmemcachedKetama(), RingConfig.libketama(), RingConfig.ketamaFixedPoints(),
                RingConfig.ketamaFixedPoints().toBuilder().search(SearchRule.FLOOR).ties(TieRule.LAST).build(),
                RingConfig.ketamaFixedPoints().toBuilder().search(SearchRule.STRICT).build());
    }

    /** Nodes in 192.168/16, so never on a {@link #topologies()} ring (those are in 10/8). */
    @Provide
    Arbitrary<Node<String>> newcomers() {
        return Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.integers().between(1, 5))
                .as((a, w) -> Node.of("192.168." + a + ".9:11211", w));
    }

    @Property(tries = TRIES)
    void sameConfigurationSameAnswer(@ForAll("configs") RingConfig config, @ForAll("topologies") List<Node<String>> nodes,
                                     @ForAll @Size(min = 1, max = 20) List<@StringLength(max = 40) String> keys) {
        Ring<String> one = Ring.of(config, nodes);
        Ring<String> two = Ring.of(config, new ArrayList<>(nodes));
        assertSameRing(two, one);
        for (String key : keys) {
            assertThat(two.route(key)).isEqualTo(one.route(key));
        }
    }

    @Property(tries = TRIES)
    void incrementalChangesEqualFreshBuilds(@ForAll("configs") RingConfig config, @ForAll("topologies") List<Node<String>> nodes,
                                            @ForAll("newcomers") Node<String> added, @ForAll @IntRange(min = 1, max = 7) int weight) {
        Ring<String> ring = Ring.of(config, nodes);
        List<Node<String>> plus = new ArrayList<>(nodes);
        plus.add(added);
        assertSameRing(ring.with(added), Ring.of(config, plus));

        String victim = nodes.get(0).id();
        List<Node<String>> minus = new ArrayList<>(nodes.subList(1, nodes.size()));
        assertSameRing(ring.without(victim), Ring.of(config, minus));

        List<Node<String>> reweighted = new ArrayList<>(nodes);
        reweighted.set(0, nodes.get(0).withWeight(weight));
        assertSameRing(ring.withWeight(victim, weight), Ring.of(config, reweighted));
    }

    @Property(tries = TRIES)
    void addingANodeMovesKeysOnlyToIt(@ForAll("topologies") List<Node<String>> nodes, @ForAll("newcomers") Node<String> added,
                                      @ForAll @Size(min = 50, max = 50) List<@StringLength(min = 1, max = 30) String> keys) {
        Ring<String> before = Ring.of(RingConfig.ketamaFixedPoints(), nodes);
        Ring<String> after = before.with(added);
        for (String key : keys) {
            String was = before.route(key);
            String is = after.route(key);
            if (!was.equals(is)) {
                assertThat(is).as("key '%s' moved from %s", key, was).isEqualTo(added.id());
            }
        }
        RingDiff diff = Ring.diff(before, after);
        diff.flows().forEach((from, to) -> assertThat(to.keySet()).containsOnly(added.id()));
        assertThat(diff.movedFraction()).isEqualTo(after.share(added.id()));
    }

    @Property(tries = TRIES)
    void removingANodeMovesOnlyItsKeys(@ForAll("twoOrMore") List<Node<String>> nodes,
                                       @ForAll @Size(min = 50, max = 50) List<@StringLength(min = 1, max = 30) String> keys) {
        String victim = nodes.get(nodes.size() / 2).id();
        Ring<String> before = Ring.of(RingConfig.ketamaFixedPoints(), nodes);
        Ring<String> after = before.without(victim);
        for (String key : keys) {
            String was = before.route(key);
            if (!was.equals(victim)) {
                assertThat(after.route(key)).as("key '%s' of a surviving node", key).isEqualTo(was);
            } else {
                assertThat(after.route(key)).as("a removed node's key goes to its next candidate")
                        .isEqualTo(before.candidates(key).get(1));
            }
        }
        assertThat(Ring.diff(before, after).flows().keySet()).containsOnly(victim);
    }

    @Property(tries = TRIES)
    void candidatesAreEveryNodeOnceInRingOrder(@ForAll("configs") RingConfig config, @ForAll("topologies") List<Node<String>> nodes,
                                               @ForAll @StringLength(max = 40) String key) {
        Ring<String> ring = Ring.of(config, nodes);
        List<String> candidates = ring.candidates(key);
        Set<String> ids = new HashSet<>();
        nodes.forEach(n -> ids.add(n.id()));
        assertThat(candidates).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
        assertThat(candidates.get(0)).isEqualTo(ring.route(key));

        // Walk the ring clockwise from the key's point: distinct owners in order of first appearance.
        List<String> walk = new ArrayList<>();
        int start = ring.pointAt(ring.hashFunction().hash(key)).index();
        for (int i = 0; i < ring.points(); i++) {
            String owner = ring.point((start + i) % ring.points()).owner().id();
            if (!walk.contains(owner)) {
                walk.add(owner);
            }
        }
        assertThat(candidates.subList(0, walk.size())).isEqualTo(walk);
    }

    @Property(tries = TRIES)
    void pointsPerNodeFollowTheWeightPolicy(@ForAll("configs") RingConfig config, @ForAll("topologies") List<Node<String>> nodes) {
        Ring<String> ring = Ring.of(config, nodes);
        long total = nodes.stream().mapToLong(Node::weight).sum();
        int sum = 0;
        for (Node<String> node : nodes) {
            int expected = config.weights().points(node.weight(), total, nodes.size());
            assertThat(ring.pointCount(node.id())).as(node.id()).isEqualTo(expected);
            sum += expected;
        }
        // Exact collisions among P random 32-bit points: Poisson with mean P^2 / 2^33, at most 0.011
        // here (P <= 12 nodes x 5 x 160 = 9,600). More than 3 has probability below 1e-9 per try.
        assertThat(ring.points()).as("distinct points: all points less the rare exact collisions").isBetween(sum - 3, sum);
        if (config == RingConfig.ketamaFixedPoints()) {
            for (Node<String> node : nodes) {
                assertThat(ring.pointCount(node.id())).isEqualTo(160 * node.weight());
            }
        }
    }

    /**
     * Keys spread like the hash space: for K uniformly hashed keys, a node with share p receives
     * Binomial(K, p) of them. The bound is 6 standard deviations (plus one key of slack for the
     * discreteness), so a correct ring fails a single check with probability below 2e-9, and a
     * whole 1,000-try run (about 6,500 checks) below 2e-5.
     */
    @Property(tries = TRIES)
    void keySharesTrackHashSpaceShares(@ForAll("configs") RingConfig config, @ForAll("topologies") List<Node<String>> nodes,
                                       @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int salt) {
        Ring<String> ring = Ring.of(config, nodes);
        int k = 2000;
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < k; i++) {
            counts.merge(ring.route("key-" + salt + "-" + i), 1, Integer::sum);
        }
        ring.shares().forEach((id, p) -> {
            double expected = k * p;
            double sigma = Math.sqrt(k * p * (1 - p));
            assertThat((double) counts.getOrDefault(id, 0)).as("keys on %s with share %.4f", id, p)
                    .isBetween(expected - 6 * sigma - 1, expected + 6 * sigma + 1);
        });
    }

    private static void assertSameRing(Ring<String> actual, Ring<String> expected) {
        assertThat(actual.nodes()).isEqualTo(expected.nodes());
        assertThat(actual.points()).isEqualTo(expected.points());
        for (int i = 0; i < expected.points(); i++) {
            assertThat(actual.point(i)).isEqualTo(expected.point(i));
        }
    }
}
