package io.hashring.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashring.hash.interop.InteropModes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Runs every example's {@code main} and checks what it prints. The timeout only bounds a hang; it
 * is not a performance threshold.
 */
@Isolated // swaps System.out
@Timeout(120)
class ExamplesSmokeTest {

    interface Main {
        void run() throws Exception;
    }

    private static String output(Main main) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }

    private static final Pattern KEPT = Pattern.compile("(\\d+) of (\\d+) keys keep their server \\([\\d.]+%\\); exact expectation ([\\d.]+)%");

    @Test
    void seedExperimentKeepsMostKeysOnTheRingAndFewWithModulo() throws Exception {
        String out = output(() -> SeedExperiment.main(new String[0]));
        assertThat(out).startsWith("8 servers, 500 random keys (seed 42), then 5 servers added:");
        Matcher m = KEPT.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        int ring = Integer.parseInt(m.group(1));
        double ringExpected = Double.parseDouble(m.group(3)) / 100;
        assertThat(m.find()).as(out).isTrue();
        int modulo = Integer.parseInt(m.group(1));
        // h mod 8 == h mod 13 for 8 of every 104 hashes: 2^32 = 104 * 41297762 + 48 gives 330382104 hashes = 7.69%.
        assertThat(m.group(3)).isEqualTo("7.69");
        // 500 keys are a binomial sample of the exact share: within 4 sigma (fixed seed, so deterministic).
        double sigma = Math.sqrt(500 * ringExpected * (1 - ringExpected));
        assertThat(Math.abs(ring - 500 * ringExpected)).isLessThanOrEqualTo(4 * sigma);
        assertThat(Math.abs(modulo - 500 * 0.0769)).isLessThanOrEqualTo(4 * Math.sqrt(500 * 0.0769 * 0.9231));
        assertThat(ring).isGreaterThan(4 * modulo);
    }

    @Test
    void quickStartRoutesFailsOverAndDiffs() throws Exception {
        String out = output(() -> QuickStart.main(new String[0]));
        assertThat(out).containsPattern("route\\(user:42:profile\\)\\s+= 10\\.0\\.0\\.[123]:11211")
                .containsPattern("candidates\\(user:42:profile\\) = \\[10\\.0\\.0\\.\\d:11211, 10\\.0\\.0\\.\\d:11211, 10\\.0\\.0\\.\\d:11211\\]")
                .containsPattern("moved: \\d+\\.\\d\\d% of the keys");
        // Adding a server moves keys only to it.
        assertThat(out.lines().filter(l -> l.contains(" -> "))).isNotEmpty().allMatch(l -> l.contains("-> 10.0.0.4:11211"));
    }

    @Test
    void interopWithPhpRoutesEveryKeyToAConfiguredServer() throws Exception {
        Assumptions.assumeTrue(InteropModes.all().stream().anyMatch(m -> m.name().equals(InteropWithPhp.MODE)),
                "mode " + InteropWithPhp.MODE + " is not registered yet");
        String out = output(() -> InteropWithPhp.main(new String[0]));
        assertThat(out).startsWith(InteropWithPhp.MODE + ": ");
        assertThat(out.lines().skip(1)).hasSize(4)
                .allMatch(l -> l.matches(".+ -> (10\\.0\\.0\\.1:11211|10\\.0\\.0\\.2:11211|cache-3\\.internal:11212)"));
    }

    @Test
    void liveTopologyChangesNeverSeesAHalfBuiltRing() throws Exception {
        String out = output(() -> LiveTopologyChanges.main(new String[0]));
        Matcher m = Pattern.compile("reader routed (\\d+) keys over (\\d+) snapshots; inconsistent lookups: (\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(Long.parseLong(m.group(1))).isPositive();
        assertThat(Long.parseLong(m.group(2))).isPositive();
        assertThat(m.group(3)).isEqualTo("0");
        // 40 changes toggling 5 servers: each toggled 8 times, so the ring ends where it started.
        assertThat(out).contains("final servers: [10.0.0.1:11211, 10.0.0.2:11211, 10.0.0.3:11211]");
    }
}
