package io.hashring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashring.core.Router;
import io.hashring.hash.interop.InteropMode;
import io.hashring.hash.interop.InteropModes;
import io.hashring.hash.interop.Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hashring modes} lists each mode's options; {@code --option NAME=VALUE} reaches the mode in every command. */
class ModeOptionsCliTest {

    private static final List<String> TAGGED = tagged();

    private static List<String> tagged() {
        List<String> keys = new ArrayList<>(List.of("user1", "{user1}", "a{user1}b", "{}user1", "{user1", "{a}{b}", "é{ü}"));
        for (int i = 0; i < 200; i++) {
            keys.add("p" + i + ":{u" + (i % 7) + "}");
        }
        return keys;
    }

    @Test
    @DisplayName("modes prints one options line per mode, with the peer's defaults")
    void modesPrintsEachModesOptionsWithDefaults() {
        CliRun run = CliRun.run("modes");
        assertThat(run.exitCode()).as("%s", run).isZero();
        List<String> lines = run.out().lines().toList();
        List<InteropMode> all = InteropModes.all();
        assertThat(lines.stream().filter(l -> l.trim().startsWith("options: ")).count())
                .as("an options line for the native mode and each interop mode").isEqualTo(all.size() + 1);
        assertThat(optionsLineOf(lines, "twemproxy-ketama")).isEqualTo("options: hash_tag=\"\" (defaults; set with --option NAME=VALUE)");
        assertThat(optionsLineOf(lines, "twemproxy-modula-auto-eject")).startsWith("options: hash_tag=\"\" ");
        assertThat(optionsLineOf(lines, "pymemcache")).startsWith("options: seed=0 ");
        assertThat(optionsLineOf(lines, "uhashring-ketama")).startsWith("options: replicas=4, vnodes=40 ");
        assertThat(optionsLineOf(lines, "dalli")).isEqualTo("options: none (--option not accepted)");
    }

    private static String optionsLineOf(List<String> lines, String mode) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(mode + " ")) {
                for (int j = i + 1; j < lines.size() && lines.get(j).startsWith(" "); j++) {
                    if (lines.get(j).trim().startsWith("options: ")) {
                        return lines.get(j).trim();
                    }
                }
            }
        }
        throw new AssertionError("no options line under mode " + mode);
    }

    @Test
    @DisplayName("route --option places keys as the mode with those options does, and differently from without")
    void routeWithOptionsAgreesWithTheModesRouter() {
        List<Server> five = List.of(Server.parse("10.0.0.1:11211"), Server.parse("10.0.0.2:11211:3"), Server.parse("10.0.0.3:11212:2"),
                Server.parse("10.0.0.4:11213"), Server.parse("10.0.0.5:11214:5"));
        String csv = CliRun.csv(five);
        String input = String.join("\n", TAGGED) + "\n";
        record Case(String mode, Map<String, String> options, String[] args) { }
        List<Case> cases = List.of(
                new Case("twemproxy-ketama", Map.of("hash_tag", "{}"), new String[] {"--option", "hash_tag={}"}),
                new Case("twemproxy-modula", Map.of("hash_tag", "{}"), new String[] {"--option", "hash_tag={}"}),
                new Case("pymemcache", Map.of("seed", "42"), new String[] {"--option", "seed=42"}),
                new Case("uhashring-ketama", Map.of("replicas", "2", "vnodes", "7"),
                        new String[] {"--option", "replicas=2", "--option", "vnodes=7"}));
        for (Case c : cases) {
            Router<Server> with = InteropModes.byName(c.mode()).router(five, null, c.options());
            Router<Server> without = InteropModes.byName(c.mode()).router(five, null);
            List<String> args = new ArrayList<>(List.of("route", "--mode", c.mode(), "--servers", csv));
            args.addAll(List.of(c.args()));
            CliRun run = CliRun.withStdin(input, args.toArray(String[]::new));
            assertThat(run.exitCode()).as("%s", run).isZero();
            List<String> lines = run.out().lines().toList();
            assertThat(lines).hasSize(TAGGED.size());
            int differ = 0;
            for (int i = 0; i < TAGGED.size(); i++) {
                String key = TAGGED.get(i);
                assertThat(lines.get(i)).as("%s %s line %d", c.mode(), c.options(), i + 1)
                        .isEqualTo(key + "\t" + with.route(key).address());
                differ += with.route(key).equals(without.route(key)) ? 0 : 1;
            }
            assertThat(differ).as("%s: keys the options move (else the check above proves nothing)", c.mode()).isPositive();
        }
    }

    @Test
    @DisplayName("inspect and diff take --option too; a hash_tag router has no exact ring shares")
    void inspectAndDiffTakeOptions() {
        String three = CliRun.csv(CliRun.THREE);
        CliRun plain = CliRun.run("inspect", "--mode", "twemproxy-ketama", "--servers", three);
        CliRun tagged = CliRun.run("inspect", "--mode", "twemproxy-ketama", "--servers", three, "--option", "hash_tag={}");
        assertThat(plain.exitCode()).as("%s", plain).isZero();
        assertThat(tagged.exitCode()).as("%s", tagged).isZero();
        assertThat(plain.out()).contains("shares are exact");
        assertThat(tagged.out()).doesNotContain("shares are exact").contains("hash_tag={}");

        List<Server> four = new ArrayList<>(CliRun.THREE);
        four.add(Server.parse("10.0.0.9:11211"));
        CliRun diff = CliRun.run("diff", three, CliRun.csv(four), "--mode", "uhashring-ketama", "--option", "vnodes=7",
                "--format", "json", "--samples", "20000");
        assertThat(diff.exitCode()).as("%s", diff).isZero();
        Map<String, Object> json = CliRun.json(diff.out());
        CliRun diffDefault = CliRun.run("diff", three, CliRun.csv(four), "--mode", "uhashring-ketama", "--format", "json",
                "--samples", "20000");
        assertThat(json.get("before").toString()).contains("options={vnodes=7}");
        assertThat(json.get("after").toString()).contains("options={vnodes=7}");
        CliRun same = CliRun.run("diff", three, three, "--mode", "twemproxy-ketama", "--option", "hash_tag={}", "--format", "json");
        assertThat(same.exitCode()).as("%s", same).isZero();
        assertThat(((Number) CliRun.json(same.out()).get("movedSampledKeys")).doubleValue())
                .as("the same servers and options on both sides move nothing").isZero();
        assertThat(json.get("movedHashSpace")).as("vnodes=7 moves another share than the default 40").isNotNull()
                .isNotEqualTo(CliRun.json(diffDefault.out()).get("movedHashSpace"));
    }

    @Test
    @DisplayName("watch takes --option for every version of the file")
    void watchTakesOptions(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("t.json"), WatchCommandTest.topology(3));
        CliRun run = CliRun.run("watch", file.toString(), "--count", "1", "--mode", "twemproxy-ketama", "--option", "hash_tag={}");
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.out()).contains("twemproxy-ketama", "hash_tag={}");
    }

    @Test
    @DisplayName("a bad --option is one line naming it, in route, inspect, diff, watch and seed")
    void badOptionsAreOneLineUsageErrors(@TempDir Path dir) throws IOException {
        String three = CliRun.csv(CliRun.THREE);
        Path file = Files.writeString(dir.resolve("t.json"), WatchCommandTest.topology(3));
        List<String[]> runs = List.of(
                new String[] {"route", "--mode", "twemproxy-ketama", "--servers", three, "--option", "hash_tag={"},
                new String[] {"inspect", "--mode", "pymemcache", "--servers", three, "--option", "seed=x"},
                new String[] {"diff", three, three, "--mode", "uhashring-ketama", "--option", "replicas=9"},
                new String[] {"watch", file.toString(), "--count", "1", "--mode", "dalli", "--option", "hash_tag={}"},
                new String[] {"seed", "--topology", file.toString(), "--mode", "twemproxy-ketama", "--option", "hash_tag=abc"},
                new String[] {"route", "--servers", three, "--option", "seed=1"},
                new String[] {"route", "--mode", "pymemcache", "--servers", three, "--option", "seed"},
                new String[] {"route", "--mode", "pymemcache", "--servers", three, "--option", "seed=1", "--option", "seed=2"});
        List<String> expected = List.of("option 'hash_tag' of mode twemproxy-ketama must be empty (off) or two ASCII characters",
                "option 'seed' of mode pymemcache must be a decimal integer", "option 'replicas' of mode uhashring-ketama must be an "
                        + "integer in [1, 4]; got '9'", "mode dalli has no options; got 'hash_tag'",
                "got 'abc'", "mode 'ketama-fixed-points' has no options; got seed", "--option 'seed' is not NAME=VALUE",
                "--option seed is given twice");
        for (int i = 0; i < runs.size(); i++) {
            CliRun run = CliRun.withStdin("k\n", runs.get(i));
            assertThat(run.exitCode()).as("%s", run).isEqualTo(HashringCli.EXIT_USAGE);
            assertThat(run.errLines()).as("%s", run).hasSize(1);
            assertThat(run.err()).as("%s", run).contains(expected.get(i));
        }
    }
}
