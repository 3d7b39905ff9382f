package io.hashring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {

    @Test
    void helpDescribesTheMeasurementsAndOptions() {
        CliRun run = CliRun.run("simulate", "--help");
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.out()).contains("--nodes", "--keys", "--format", "--svg", "--algorithms", "hashring-native");
    }

    @Test
    void tableHasOneRowPerAlgorithmAndSizeWithTheMeasuredFigures() {
        CliRun run = CliRun.run("simulate", "--nodes", "10,50", "--keys", "200000");
        assertThat(run.exitCode()).as("%s", run).isZero();
        for (String algorithm : new String[] {"slot", "maglev", "rendezvous", "ketama-160", "ketama-1000"}) {
            assertThat(run.out()).containsPattern("(?m)^\\| " + algorithm + " \\| 10 \\|").containsPattern("(?m)^\\| " + algorithm + " \\| 50 \\|");
        }
        // ketama-160 at 10 servers: the exact peak/mean of the libmemcached-shaped ring is well above 1.05.
        Matcher ketama = Pattern.compile("(?m)^\\| ketama-160 \\| 10 \\| ([\\d.]+) \\|").matcher(run.out());
        assertThat(ketama.find()).isTrue();
        assertThat(Double.parseDouble(ketama.group(1))).isGreaterThan(1.05);
        // The slot router: every node one slot, and removal moves about 1/N (sampled: 20,000 of 200,000 keys,
        // sd 0.7%; 10% is 14 sd).
        Matcher slot = Pattern.compile("(?m)^\\| slot \\| 10 \\| 1\\.0000 \u2020 \\| 0\\.0000 \\| [\\d.]+ \\([\\d.]+, 200000 keys\\)"
                + " \\| ~[\\d.]+ \\(([\\d.]+)\\) \\| ~[\\d.]+ \\(([\\d.]+)\\)").matcher(run.out());
        assertThat(slot.find()).as("slot row in%n%s", run.out()).isTrue();
        assertThat(Double.parseDouble(slot.group(2))).isBetween(0.9, 1.1);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void jsonAndSvg(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("plot.svg");
        CliRun run = CliRun.run("simulate", "--nodes", "10,100", "--keys", "100000", "--algorithms", "slot,maglev,rendezvous",
                "--format", "json", "--svg", svg.toString());
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.out()).startsWith("[\n").contains("\"algorithm\": \"maglev\", \"n\": 100,").contains("\"balance\": \"exact\"")
                .doesNotContain("ketama");
        String plot = Files.readString(svg, StandardCharsets.UTF_8);
        assertThat(plot).startsWith("<svg").contains("<polyline").contains("rendezvous: hashring-native", "slot: SlotRouter").endsWith("</svg>\n");
    }

    @Test
    void badInputIsOneLineNamingTheValue() {
        assertThat(CliRun.run("simulate", "--format", "xml").errLines()).singleElement().asString()
                .contains("--format must be table or json, was 'xml'");
        assertThat(CliRun.run("simulate", "--nodes", "0").errLines()).singleElement().asString().contains("was 0");
        assertThat(CliRun.run("simulate", "--keys", "5").errLines()).singleElement().asString().contains("--keys must be 1000..");
        CliRun bad = CliRun.run("simulate", "--algorithms", "jump");
        assertThat(bad.exitCode()).isEqualTo(HashringCli.EXIT_USAGE);
        assertThat(bad.errLines()).singleElement().asString().contains("unknown algorithm 'jump'; valid: slot, maglev");
    }
}
