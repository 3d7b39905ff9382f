package io.hashring.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModuloRouterTest {

    @Test
    void routesByHashModuloBucketCountWithWeightRepeatedBuckets() {
        ModuloRouter<String> router = ModuloRouter.of(HashFunction.md5(), List.of(Node.of("a:1", 2), Node.of("b:1", 1)));
        for (String key : List.of("k1", "k2", "k3", "k4", "k5", "k6")) {
            long h = Integer.toUnsignedLong(HashFunction.md5().hash(key));
            String expected = switch ((int) (h % 3)) {
                case 0, 1 -> "a:1";
                default -> "b:1";
            };
            assertThat(router.route(key)).as(key).isEqualTo(expected);
        }
    }

    @Test
    void candidatesStartAtThePrimaryAndListEachNodeOnce() {
        ModuloRouter<String> router = ModuloRouter.of("a:1", "b:1", "c:1");
        for (int i = 0; i < 50; i++) {
            List<String> c = router.candidates("key" + i);
            assertThat(c).hasSize(3).doesNotHaveDuplicates();
            assertThat(c.get(0)).isEqualTo(router.route("key" + i));
        }
    }

    @Test
    void badInput() {
        ModuloRouter<String> empty = ModuloRouter.of();
        assertThatThrownBy(() -> empty.route("k")).isInstanceOf(EmptyRingException.class);
        assertThat(empty.candidates("k")).isEmpty();
        assertThatThrownBy(() -> ModuloRouter.of("a:1", "a:1")).isInstanceOf(DuplicateNodeException.class);
        assertThatThrownBy(() -> ModuloRouter.of("a:1").without("b:1")).isInstanceOf(UnknownNodeException.class);
    }

    /**
     * The seed experiment, ring only: 8 nodes, 500 random keys, 5 nodes added. Ketama keeps about
     * 8/13 of the hash space in place (up to the arcs of 13 x 160 random points), and the keys
     * that stay follow the exact kept share (up to the sample of 500); modulo keeps only the keys
     * whose hash agrees modulo 8 and 13, 8 of every 104 residues: 1/13. Tolerances from
     * {@link ShareTolerance} (5 sigma).
     */
    @Test
    void seedExperimentKetamaKeepsMostKeysModuloLosesMost() {
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            before.add("10.0.0." + (i + 1) + ":11211");
        }
        List<String> after = new ArrayList<>(before);
        for (int i = 8; i < 13; i++) {
            after.add("10.0.0." + (i + 1) + ":11211");
        }
        SplittableRandom random = new SplittableRandom(2026);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            keys.add("user:" + Long.toHexString(random.nextLong()));
        }
        Ring<String> ring8 = Ring.ketama(before.toArray(String[]::new));
        Ring<String> ring13 = Ring.ketama(after.toArray(String[]::new));
        ModuloRouter<String> mod8 = ModuloRouter.of(before.toArray(String[]::new));
        ModuloRouter<String> mod13 = ModuloRouter.of(after.toArray(String[]::new));
        double kept = 1 - Ring.diff(ring8, ring13).movedFraction();
        assertThat(kept).as("exact ketama retention, expected 8/13")
                .isCloseTo(8 / 13.0, offset(ShareTolerance.of(8 / 13.0, ring13.points(), 0)));
        long ketamaKept = keys.stream().filter(k -> ring8.route(k).equals(ring13.route(k))).count();
        long moduloKept = keys.stream().filter(k -> mod8.route(k).equals(mod13.route(k))).count();
        assertThat(ketamaKept / 500.0).as("ketama retention of 500 keys, exact share %.4f", kept)
                .isCloseTo(kept, offset(ShareTolerance.of(kept, 0, keys.size())));
        assertThat(moduloKept / 500.0).as("modulo retention of 500 keys, expected 1/13")
                .isCloseTo(1 / 13.0, offset(ShareTolerance.of(1 / 13.0, 0, keys.size())));
    }
}
