package io.hashring.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashring.core.HashFunction;
import io.hashring.core.Node;
import io.hashring.core.PointLayout;
import io.hashring.core.Ring;
import io.hashring.core.RingConfig;
import io.hashring.core.SearchRule;
import io.hashring.core.TieRule;
import io.hashring.core.WeightPolicy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Ring#with} and {@link Ring#without} must give exactly the ring a full build of the same
 * node list gives, point for point and owner for owner, however they get there. The benchmarks
 * time those two operations, so they check here that the fast path is still the right answer,
 * above all where it is hardest: tied point values. A layout that squeezes every point into 1024
 * values makes most points tie, under each tie rule, including a custom one that needs the full
 * list of contenders; the ketama rows check the realistic case (a few ties in 16,000 points).
 */
class IncrementalChangesTest {

    /** MD5 points squeezed into 1024 values: ties everywhere. */
    private static final PointLayout CROWDED = (id, count, out) -> {
        for (int i = 0; i < count; i++) {
            byte[] key = (id + "#" + i).getBytes(StandardCharsets.UTF_8);
            out[i] = HashFunction.md5().hash(key, 0, key.length) & 0xffc00000; // top 10 bits only: 1024 values around the circle
        }
    };

    /** A tie rule that looks at every contender: the node with the greatest id wins. */
    private static final TieRule GREATEST_ID = (point, contenders, ids) -> {
        int best = contenders[0];
        for (int c : contenders) {
            if (ids.get(c).compareTo(ids.get(best)) > 0) {
                best = c;
            }
        }
        return best;
    };

    static Stream<Arguments> configs() {
        RingConfig.Builder crowded = RingConfig.builder().hash(HashFunction.md5()).weights(WeightPolicy.perWeight(40))
                .layout(CROWDED).search(SearchRule.CEIL);
        return Stream.of(
                Arguments.of("crowded, ties FIRST", crowded.name("crowded-first").ties(TieRule.FIRST).build(), 12),
                Arguments.of("crowded, ties LAST", crowded.name("crowded-last").ties(TieRule.LAST).build(), 12),
                Arguments.of("crowded, ties to the greatest id", crowded.name("crowded-custom").ties(GREATEST_ID).build(), 12),
                Arguments.of("spymemcached ketama", Fixtures.spymemcachedKetama(), 100),
                Arguments.of("libmemcached weighted ketama", RingConfig.libmemcachedKetama(), 60));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void everyChangeEqualsAFullBuildOfTheSameNodes(String name, RingConfig config, int size) {
        SplittableRandom random = new SplittableRandom(name.hashCode());
        List<Node<String>> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            nodes.add(Node.of("10.0." + i + ".1:11211", 1 + random.nextInt(3)));
        }
        Ring<String> ring = Ring.of(config, nodes);
        int fresh = size;
        for (int step = 0; step < 40; step++) {
            if (nodes.size() > 1 && random.nextBoolean()) {
                String victim = nodes.remove(random.nextInt(nodes.size())).id();
                ring = ring.without(victim);
                assertSameRing(ring, Ring.of(config, nodes), name + ", step " + step + ": without " + victim);
            } else {
                Node<String> added = Node.of("10.1." + fresh++ + ".1:11211", 1 + random.nextInt(3));
                nodes.add(added);
                ring = ring.with(added);
                assertSameRing(ring, Ring.of(config, nodes), name + ", step " + step + ": with " + added.id());
            }
        }
    }

    private static void assertSameRing(Ring<String> actual, Ring<String> expected, String what) {
        assertThat(actual.nodes()).as(what + ": nodes").isEqualTo(expected.nodes());
        assertThat(actual.points()).as(what + ": distinct points").isEqualTo(expected.points());
        for (int i = 0; i < expected.points(); i++) {
            assertThat(actual.point(i).value()).as(what + ": value of point " + i).isEqualTo(expected.point(i).value());
            assertThat(actual.point(i).ownerIndex()).as(what + ": owner of point " + i + " (value " + Integer.toUnsignedString(expected.point(i).value()) + ")")
                    .isEqualTo(expected.point(i).ownerIndex());
        }
        for (Node<String> node : expected.nodes()) {
            assertThat(actual.pointCount(node.id())).as(what + ": point count of " + node.id()).isEqualTo(expected.pointCount(node.id()));
        }
        for (int k = 0; k < 20; k++) {
            String key = "key-" + k;
            assertThat(actual.candidates(key)).as(what + ": candidates of " + key + " (nodes without points come last)")
                    .isEqualTo(expected.candidates(key));
        }
    }
}
