package io.hashring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashring.core.ModuloRouter;
import io.hashring.core.Ring;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The seed experiment: its counts, its exact expectations, and how the two agree. */
class DemoCommandTest {

    private static final Pattern ROW = Pattern.compile(
            "(?m)^(ketama ring \\(md5\\)|modulo \\(md5 mod n\\))\\s+(\\d+) of (\\d+) = [\\d.]+%\\s+([\\d.]+)%");
    private static final Pattern RING_MOVED = Pattern.compile("Ring\\.diff: ([\\d.]+)% of the hash space moves");

    record Figures(int ringKept, int moduloKept, int keys, double ringExpected, double moduloExpected, double ringMoved) {
    }

    private static Figures figures(CliRun run) {
        assertThat(run.exitCode()).as("%s", run).isZero();
        Matcher m = ROW.matcher(run.out());
        assertThat(m.find()).as("ketama row in%n%s", run.out()).isTrue();
        int ringKept = Integer.parseInt(m.group(2));
        int keys = Integer.parseInt(m.group(3));
        double ringExpected = Double.parseDouble(m.group(4)) / 100;
        assertThat(m.find()).as("modulo row in%n%s", run.out()).isTrue();
        int moduloKept = Integer.parseInt(m.group(2));
        double moduloExpected = Double.parseDouble(m.group(4)) / 100;
        Matcher moved = RING_MOVED.matcher(run.out());
        assertThat(moved.find()).as("Ring.diff figure in%n%s", run.out()).isTrue();
        return new Figures(ringKept, moduloKept, keys, ringExpected, moduloExpected, Double.parseDouble(moved.group(1)) / 100);
    }

    @Test
    void defaultIsEightNodesFiveHundredKeysFiveAdded() {
        CliRun run = CliRun.run("demo");
        assertThat(run.out()).startsWith("Seed experiment (in memory, no memcached): 8 nodes, 500 random keys (seed 42), then 5 nodes added (13 in all).");
        assertThat(figures(run).keys()).isEqualTo(500);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void moduloExpectationIsTheArithmeticCount() {
        // h mod 8 == h mod 13 exactly for h mod 104 in [0, 8): 2^32 = 104 * 41297762 + 48, so 8 * 41297762 + 8 hashes.
        CliRun run = CliRun.run("demo");
        assertThat(run.out()).contains("for 330382104 of 2^32 hashes");
        assertThat(figures(run).moduloExpected()).isEqualTo(7.69 / 100);
        // n -> n: nothing moves; 1 -> 2: the even hashes stay (2^31).
        assertThat(DemoCommand.moduloKeptHashes(7, 7)).isEqualTo(1L << 32);
        assertThat(DemoCommand.moduloKeptHashes(1, 2)).isEqualTo(1L << 31);
        // 2 -> 4: h mod 4 in {0, 1}: half of all hashes.
        assertThat(DemoCommand.moduloKeptHashes(2, 4)).isEqualTo(1L << 31);
    }

    @Test
    void ringExpectationIsOneMinusTheExactMovedFractionAndNearTheIdeal() {
        Figures f = figures(CliRun.run("demo"));
        assertThat(f.ringExpected() + f.ringMoved()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.00011));
        // Ideal: only the 5 new nodes' share (5/13 = 38.5%) moves; 160-point ketama lands within a few points of it.
        assertThat(f.ringMoved()).isBetween(0.30, 0.47);
    }

    @Test
    void countsAgreeWithTheExactExpectationsWithinFourSigma() {
        // A fixed seed makes this deterministic; 4 sigma is where a correct experiment fails 6 times in 100,000 seeds.
        for (long seed : new long[] {42, 7, 2024}) {
            Figures f = figures(CliRun.run("demo", "--keys", "20000", "--seed", Long.toString(seed)));
            assertWithinSigmas(f.ringKept(), f.keys(), f.ringExpected(), "ketama, seed " + seed);
            assertWithinSigmas(f.moduloKept(), f.keys(), f.moduloExpected(), "modulo, seed " + seed);
            assertThat(f.ringKept()).as("ring keeps more keys than modulo").isGreaterThan(f.moduloKept() * 5);
        }
    }

    private static void assertWithinSigmas(int kept, int n, double p, String what) {
        double sigma = Math.sqrt(n * p * (1 - p));
        assertThat(Math.abs(kept - n * p)).as("%s: kept %d of %d, expected %.1f (sigma %.1f)", what, kept, n, n * p, sigma)
                .isLessThanOrEqualTo(4 * sigma);
    }

    @Test
    void countsAreWhatRingCoreRoutesForTheSameKeys() {
        Figures f = figures(CliRun.run("demo", "--nodes", "4", "--added", "1", "--keys", "3000", "--seed", "9"));
        Ring<String> before = Ring.ketama("10.0.0.1:11211", "10.0.0.2:11211", "10.0.0.3:11211", "10.0.0.4:11211");
        Ring<String> after = before.with(io.hashring.core.Node.of("10.0.0.5:11211"));
        ModuloRouter<String> modBefore = ModuloRouter.of("10.0.0.1:11211", "10.0.0.2:11211", "10.0.0.3:11211", "10.0.0.4:11211");
        ModuloRouter<String> modAfter = modBefore.with(io.hashring.core.Node.of("10.0.0.5:11211"));
        RandomKeys keys = new RandomKeys(9);
        int ring = 0;
        int modulo = 0;
        for (int i = 0; i < 3000; i++) {
            String key = keys.next();
            ring += before.route(key).equals(after.route(key)) ? 1 : 0;
            modulo += modBefore.route(key).equals(modAfter.route(key)) ? 1 : 0;
        }
        assertThat(f.ringKept()).isEqualTo(ring);
        assertThat(f.moduloKept()).isEqualTo(modulo);
    }

    @Test
    void optionsShapeTheExperiment() {
        CliRun run = CliRun.run("demo", "--nodes", "4", "--added", "1", "--keys", "100", "--seed", "3");
        assertThat(run.out()).startsWith("Seed experiment (in memory, no memcached): 4 nodes, 100 random keys (seed 3), then 1 nodes added (5 in all).")
                .contains("4 of 5 = 80.00% keep their node", "h mod 4 = h mod 5");
    }

    @Test
    void sameSeedSameOutput() {
        assertThat(CliRun.run("demo", "--seed", "5").out()).isEqualTo(CliRun.run("demo", "--seed", "5").out());
    }

    @Test
    void serverIdsAreDistinctHostPortPairs() {
        String[] ids = DemoCommand.servers(0, 600);
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(ids[0]).isEqualTo("10.0.0.1:11211");
        assertThat(ids[255]).isEqualTo("10.0.1.0:11211");
    }
}
