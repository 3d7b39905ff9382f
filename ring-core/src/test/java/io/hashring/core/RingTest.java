package io.hashring.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashring.core.internal.Md5;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RingTest {

    /** A layout with hand-picked points: node "a" gets 100, 300; "b" gets 200, 400 (unsigned values). */
    private static final PointLayout FIXED = (id, count, out) -> {
        int[] pts = switch (id) {
            case "a" -> new int[] {100, 300};
            case "b" -> new int[] {200, 400};
            case "c" -> new int[] {300, 0xFFFF_FFF0};
            default -> throw new IllegalArgumentException(id);
        };
        System.arraycopy(pts, 0, out, 0, count);
    };

    private static Ring<String> fixed(SearchRule search, TieRule ties, String... ids) {
        RingConfig config = RingConfig.builder().name("fixed").hash(HashFunction.md5())
                .weights(WeightPolicy.uniform(2)).layout(FIXED).search(search).ties(ties).build();
        List<Node<String>> nodes = new ArrayList<>();
        for (String id : ids) {
            nodes.add(Node.of(id));
        }
        return Ring.of(config, nodes);
    }

    @Nested
    @DisplayName("search rules pick the owning point, with wrap-around")
    class SearchRules {
        @Test
        void ceilTakesTheFirstPointAtOrAboveTheHash() {
            Ring<String> ring = fixed(SearchRule.CEIL, TieRule.FIRST, "a", "b");
            assertThat(ring.value(ring.indexOfHash(0))).isEqualTo("a");
            assertThat(ring.value(ring.indexOfHash(100))).isEqualTo("a");
            assertThat(ring.value(ring.indexOfHash(101))).isEqualTo("b");
            assertThat(ring.value(ring.indexOfHash(200))).isEqualTo("b");
            assertThat(ring.value(ring.indexOfHash(399))).isEqualTo("b");
            assertThat(ring.value(ring.indexOfHash(400))).isEqualTo("b");
            assertThat(ring.value(ring.indexOfHash(401))).as("past the last point wraps to the first").isEqualTo("a");
            assertThat(ring.value(ring.indexOfHash(-1))).isEqualTo("a");
        }

        @Test
        void strictTakesTheFirstPointAboveTheHash() {
            Ring<String> ring = fixed(SearchRule.STRICT, TieRule.FIRST, "a", "b");
            assertThat(ring.value(ring.indexOfHash(99))).isEqualTo("a");
            assertThat(ring.value(ring.indexOfHash(100))).isEqualTo("b");
            assertThat(ring.value(ring.indexOfHash(300))).isEqualTo("b");
            assertThat(ring.value(ring.indexOfHash(400))).isEqualTo("a");
            assertThat(ring.value(ring.indexOfHash(-1))).isEqualTo("a");
        }

        @Test
        void floorTakesTheLastPointAtOrBelowTheHash() {
            Ring<String> ring = fixed(SearchRule.FLOOR, TieRule.FIRST, "a", "b");
            assertThat(ring.value(ring.indexOfHash(99))).as("below the first point wraps to the last").isEqualTo("b");
            assertThat(ring.value(ring.indexOfHash(100))).isEqualTo("a");
            assertThat(ring.value(ring.indexOfHash(199))).isEqualTo("a");
            assertThat(ring.value(ring.indexOfHash(200))).isEqualTo("b");
            assertThat(ring.value(ring.indexOfHash(-1))).isEqualTo("b");
        }

        @Test
        void pointsAreOrderedUnsigned() {
            Ring<String> ring = fixed(SearchRule.CEIL, TieRule.FIRST, "a", "c");
            assertThat(Integer.toUnsignedLong(ring.point(ring.points() - 1).value())).isEqualTo(0xFFFF_FFF0L);
            assertThat(ring.value(ring.indexOfHash(0x8000_0000))).as("a hash above 2^31 goes to the point near 2^32").isEqualTo("c");
            assertThat(ring.value(ring.indexOfHash(0xFFFF_FFF1))).isEqualTo("a");
        }
    }

    @Nested
    @DisplayName("tie rules decide who owns a duplicated point")
    class TieRules {
        @Test
        void firstInsertedWins() {
            Ring<String> ring = fixed(SearchRule.CEIL, TieRule.FIRST, "a", "c");
            assertThat(ring.value(ring.indexOfHash(300))).isEqualTo("a");
            assertThat(ring.points()).as("duplicates collapse to one point").isEqualTo(3);
        }

        @Test
        void lastInsertedWins() {
            Ring<String> ring = fixed(SearchRule.CEIL, TieRule.LAST, "a", "c");
            assertThat(ring.value(ring.indexOfHash(300))).isEqualTo("c");
        }

        @Test
        void aRuleThatPicksAnOutsiderIsRejected() {
            RingConfig config = RingConfig.builder().hash(HashFunction.md5()).weights(WeightPolicy.uniform(2))
                    .layout(FIXED).ties((point, contenders, ids) -> 42).build();
            assertThatThrownBy(() -> Ring.of(config, List.of(Node.of("a"), Node.of("c"))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("42");
        }
    }

    @Nested
    @DisplayName("libmemcached weighted ketama is the default")
    class Ketama {
        @Test
        void equalServersGet160PointsEach() {
            Ring<String> ring = Ring.ketama("10.0.0.1:11211", "10.0.0.2:11211", "10.0.0.3:11212");
            assertThat(ring.pointCount("10.0.0.1:11211")).isEqualTo(160);
            assertThat(ring.pointCount("10.0.0.3:11212")).isEqualTo(160);
        }

        @Test
        void twentyFiveEqualServersGet156PointsEachButLibketamaGives160() {
            // docs/interop.md#weight-formulas: the libmemcached float formula rounds down at n = 25; libketama's does not.
            List<Node<String>> nodes = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                nodes.add(Node.of("10.0.0." + i + ":11211"));
            }
            assertThat(Ring.of(RingConfig.libmemcachedKetama(), nodes).pointCount("10.0.0.7:11211")).isEqualTo(156);
            assertThat(Ring.of(RingConfig.libketama(), nodes).pointCount("10.0.0.7:11211")).isEqualTo(160);
        }

        @Test
        void theDefaultPortIsDroppedFromPointKeys() {
            // libmemcached hashes "host-i" for port 11211, "host:port-i" otherwise.
            Ring<String> withPort = Ring.ketama("cache1:11211");
            Ring<String> libketama = Ring.of(RingConfig.libketama(), List.of(Node.of("cache1")));
            int[] expected = new int[4];
            byte[] pointKey = "cache1-0".getBytes(StandardCharsets.US_ASCII);
            Md5.words(pointKey, 0, pointKey.length, expected);
            List<Integer> points = new ArrayList<>();
            for (int i = 0; i < withPort.points(); i++) {
                points.add(withPort.point(i).value());
            }
            assertThat(points).contains(expected[0], expected[1], expected[2], expected[3]);
            assertThat(libketama.point(0).value()).isEqualTo(withPort.point(0).value());
        }

        @Test
        void weightsScalePoints() {
            Map<String, Integer> weights = new LinkedHashMap<>();
            weights.put("a:1", 1);
            weights.put("b:1", 3);
            Ring<String> ring = Ring.ketama(weights);
            // pct = 1/4 -> v = 0.25*160/4*2 = 20 -> 80 points; 3/4 -> 60 -> 240 points.
            assertThat(ring.pointCount("a:1")).isEqualTo(80);
            assertThat(ring.pointCount("b:1")).isEqualTo(240);
        }

        @Test
        void byteAndTextKeysRouteAlike() {
            Ring<String> ring = Ring.ketama("a:1", "b:1", "c:1");
            for (String key : List.of("foo", "bar", "é-ü", "日本語", "x".repeat(300))) {
                byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
                assertThat(ring.route(utf8)).as(key).isEqualTo(ring.route(key));
                byte[] padded = new byte[utf8.length + 4];
                System.arraycopy(utf8, 0, padded, 2, utf8.length);
                assertThat(ring.route(padded, 2, utf8.length)).as("slice of " + key).isEqualTo(ring.route(key));
            }
        }
    }

    @Nested
    @DisplayName("bad input gets a specific error and changes nothing")
    class BadInput {
        private final Ring<String> ring = Ring.ketama("a:1", "b:1");

        @Test
        void nullKeys() {
            assertThatThrownBy(() -> ring.route((String) null)).isInstanceOf(NullPointerException.class).hasMessage("key is null");
            assertThatThrownBy(() -> ring.route((byte[]) null)).isInstanceOf(NullPointerException.class).hasMessage("key is null");
            assertThatThrownBy(() -> ring.candidates((String) null)).isInstanceOf(NullPointerException.class);
        }

        @Test
        void blankOrNullIds() {
            assertThatThrownBy(() -> Node.of("  ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank: '  '");
            assertThatThrownBy(() -> Node.of((String) null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
        }

        @Test
        void nonPositiveWeights() {
            assertThatThrownBy(() -> Node.of("a:1", 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("weight of node 'a:1' must be positive, was 0");
            assertThatThrownBy(() -> ring.withWeight("a:1", -3)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("was -3");
        }

        @Test
        void duplicateIds() {
            assertThatThrownBy(() -> Ring.ketama("a:1", "a:1")).isInstanceOf(DuplicateNodeException.class)
                    .hasMessageContaining("'a:1'");
            assertThatThrownBy(() -> ring.with(Node.of("b:1"))).isInstanceOf(DuplicateNodeException.class);
            assertThatThrownBy(() -> Ring.<String>builder(RingConfig.libketama()).node("x", 1, "x").node("x", 2, "y"))
                    .isInstanceOf(DuplicateNodeException.class);
        }

        @Test
        void unknownNodes() {
            assertThatThrownBy(() -> ring.without("zzz")).isInstanceOf(UnknownNodeException.class)
                    .hasMessageContaining("'zzz'").hasMessageContaining("a:1");
            assertThatThrownBy(() -> ring.withWeight("zzz", 2)).isInstanceOf(UnknownNodeException.class);
        }

        @Test
        void emptyRings() {
            Ring<String> empty = ring.without("a:1").without("b:1");
            assertThat(empty.isEmpty()).isTrue();
            assertThatThrownBy(() -> empty.route("k")).isInstanceOf(EmptyRingException.class).hasMessageContaining("no nodes");
            assertThat(empty.candidates("k")).isEmpty();
            assertThat(empty.with(Node.of("c:1")).route("k")).isEqualTo("c:1");
        }

        @Test
        void aFailedChangeLeavesThePublishedSnapshotInPlace() {
            RingHolder<String> holder = new RingHolder<>(ring);
            assertThatThrownBy(() -> holder.without("nope")).isInstanceOf(UnknownNodeException.class);
            assertThatThrownBy(() -> holder.with(Node.of("a:1"))).isInstanceOf(DuplicateNodeException.class);
            assertThat(holder.get()).isSameAs(ring);
        }

        @Test
        void missingConfigParts() {
            assertThatThrownBy(() -> RingConfig.builder().name("x").build()).isInstanceOf(IllegalStateException.class)
                    .hasMessage("ring config 'x' has no hash function");
        }
    }

    @Nested
    @DisplayName("candidates list every node once, in ring order")
    class Candidates {
        @Test
        void primaryFirstThenNextDistinctClockwise() {
            Ring<String> ring = fixed(SearchRule.CEIL, TieRule.FIRST, "a", "b");
            assertThat(fromHash(ring, 150)).containsExactly("b", "a");
            assertThat(fromHash(ring, 401)).containsExactly("a", "b");
        }

        @Test
        void nodesWithoutPointsComeLastInConfigOrder() {
            Map<String, Integer> weights = new LinkedHashMap<>();
            weights.put("tiny:1", 1);
            weights.put("big:1", 100_000);
            weights.put("tiny:2", 1);
            Ring<String> ring = Ring.ketama(weights);
            assertThat(ring.pointCount("tiny:1")).isZero();
            assertThat(ring.candidates("key")).containsExactly("big:1", "tiny:1", "tiny:2");
        }

        @Test
        void cursorIsReusableAndMatchesTheList() {
            Ring<String> ring = Ring.ketama("a:1", "b:1", "c:1", "d:1");
            Ring<String>.Cursor cursor = ring.cursor();
            for (String key : List.of("k1", "k2", "k3")) {
                cursor.reset(key);
                List<String> walked = new ArrayList<>();
                for (int i = cursor.next(); i >= 0; i = cursor.next()) {
                    walked.add(ring.value(i));
                }
                assertThat(walked).as("a reused cursor walks %s like a fresh walk from its hash", key)
                        .isEqualTo(fromHash(ring, ring.hashFunction().hash(key)));
                assertThat(walked.get(0)).isEqualTo(ring.route(key));
            }
        }
    }

    /** Distinct owners clockwise from the point of {@code hash}, read off the point table directly. */
    static List<String> fromHash(Ring<String> ring, int hash) {
        List<String> out = new ArrayList<>();
        int p = ring.pointAt(hash).index();
        for (int step = 0; step < ring.points(); step++) {
            String owner = ring.point((p + step) % ring.points()).owner().value();
            if (!out.contains(owner)) {
                out.add(owner);
            }
        }
        return out;
    }

    @Test
    void diffOfAnAddedNodeIsExactlyItsShare() {
        Ring<String> before = Ring.ketama("a:1", "b:1", "c:1");
        Ring<String> after = before.with(Node.of("d:1"));
        RingDiff diff = Ring.diff(before, after);
        assertThat(diff.movedFraction()).isEqualTo(after.share("d:1"));
        assertThat(diff.flows().values()).allSatisfy(to -> assertThat(to.keySet()).containsOnly("d:1"));
        assertThat(Ring.diff(before, before).movedFraction()).isZero();
        double sum = after.shares().values().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void sharesMatchACountOverAnEvenlySpacedHashSample() {
        Ring<String> ring = Ring.ketama("a:1", "b:1", "c:1");
        Map<String, Integer> counts = new HashMap<>();
        int samples = 1 << 20;
        long step = (1L << 32) / samples;
        for (int i = 0; i < samples; i++) {
            counts.merge(ring.value(ring.indexOfHash((int) (i * step))), 1, Integer::sum);
        }
        // Each arc is counted to within one sample per boundary: 480 points -> at most 480 samples off per node.
        ring.shares().forEach((id, share) ->
                assertThat(counts.get(id) / (double) samples).as(id).isCloseTo(share, org.assertj.core.data.Offset.offset(480.0 / samples)));
    }
}
