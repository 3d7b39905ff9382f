package io.hashring.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * libmemcached's float formula makes every node's point count depend on the whole ring. That is
 * the peer's behaviour and we reproduce it; these tests pin down its consequences.
 */
class LibmemcachedFormulaTest {

    private static List<Node<String>> servers(int n) {
        List<Node<String>> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(Node.of("10.1." + i / 250 + "." + i % 250 + ":11211"));
        }
        return nodes;
    }

    @Test
    void theNodeCountsWhereEqualServersGet156PointsMatchInteropMd() {
        // docs/interop.md#weight-formulas lists the first such n: 25, 47, 50, 55, 61, 71, 94, 100, 107, 109, 110, 115, 122,
        // and 105 values of n <= 1024 in all.
        List<Integer> ns = new ArrayList<>();
        WeightPolicy lm = WeightPolicy.libmemcached();
        for (int n = 1; n <= 1024; n++) {
            int points = lm.points(1, n, n);
            assertThat(points).as("n=%d", n).isIn(156, 160);
            if (points == 156) {
                ns.add(n);
            }
        }
        assertThat(ns).startsWith(25, 47, 50, 55, 61, 71, 94, 100, 107, 109, 110, 115, 122).hasSize(105);
        List<Integer> ketama = new ArrayList<>();
        for (int n = 1; n <= 250; n++) {
            if (WeightPolicy.libketama().points(1, n, n) == 156) {
                ketama.add(n);
            }
        }
        assertThat(ketama).containsExactly(61, 122, 237, 244);
    }

    @Test
    void growingFrom24To25ServersMovesKeysBetweenOldServersUnderLibmemcachedButNotUnderFixedPoints() {
        Ring<String> lm24 = Ring.of(RingConfig.libmemcachedKetama(), servers(24));
        Ring<String> lm25 = lm24.with(Node.of("10.9.9.9:11211"));
        assertThat(lm25.pointCount("10.1.0.0:11211")).isEqualTo(156);
        RingDiff lm = Ring.diff(lm24, lm25);
        double amongOld = lm.movedFraction() - lm25.share("10.9.9.9:11211");
        assertThat(amongOld).as("share moved between old servers").isGreaterThan(0.0);

        Ring<String> fixed24 = Ring.of(RingConfig.ketamaFixedPoints(), servers(24));
        Ring<String> fixed25 = fixed24.with(Node.of("10.9.9.9:11211"));
        assertThat(Ring.diff(fixed24, fixed25).movedFraction()).isEqualTo(fixed25.share("10.9.9.9:11211"));
    }
}
