package io.hashring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashring.client.topology.Topology;
import io.hashring.client.topology.TopologyFile;
import io.hashring.core.Router;
import io.hashring.hash.interop.InteropModes;
import io.hashring.hash.interop.Server;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Topology files, the default mode, {@code --format json}, {@code inspect} and {@code diff} as an operator uses them. */
class TopologyCommandsTest {

    /** The example topologies (Maven runs tests in the module's directory). */
    static final Path EXAMPLES = Path.of("").toAbsolutePath().getParent().resolve("examples/topologies");
    static final String EIGHT = EXAMPLES.resolve("eight-servers.json").toString();
    static final String THIRTEEN = EXAMPLES.resolve("thirteen-servers.json").toString();

    static String servers(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add("10.0.0." + i + ":11211");
        }
        return String.join(",", out);
    }

    private static void assertOneLineUsageError(CliRun run, String... mentions) {
        assertThat(run.exitCode()).as("%s", run).isEqualTo(HashringCli.EXIT_USAGE);
        assertThat(run.errLines()).as("%s", run).hasSize(1);
        assertThat(run.err()).as("%s", run).contains(mentions).doesNotContain("Exception", "\tat ");
        assertThat(run.out()).isEmpty();
    }

    // ------------------------------------------------------------------ diff as a deployment gate

    @Test
    @DisplayName("diff of 8 -> 13 equal servers moves within 2 points of 5/13 for the default placement")
    void diffEightToThirteenMovesAboutFiveThirteenths() {
        CliRun run = CliRun.run("diff", EIGHT, THIRTEEN, "--format", "json");
        assertThat(run.exitCode()).as("%s", run).isZero();
        Map<String, Object> json = CliRun.json(run.out());
        assertThat(((Map<?, ?>) json.get("before")).get("mode")).isEqualTo(Topology.DEFAULT_MODE);
        double exact = ((Number) json.get("movedHashSpace")).doubleValue();
        double sampled = ((Number) json.get("movedSampledKeys")).doubleValue();
        assertThat(exact).isCloseTo(5 / 13.0, Offset.offset(0.02));
        // 100,000 sampled keys: one sd of the sampled fraction is 0.15 points; 1 point is 6.5 sd.
        assertThat(sampled).isCloseTo(exact, Offset.offset(0.01));
        double flows = 0;
        for (Object o : (List<?>) json.get("flows")) {
            Map<?, ?> f = (Map<?, ?>) o;
            assertThat(Integer.parseInt(((String) f.get("to")).replaceAll("10\\.0\\.0\\.(\\d+):11211", "$1")))
                    .as("keys move only to the added servers: %s", f).isGreaterThan(8);
            flows += ((Number) f.get("share")).doubleValue();
        }
        assertThat(flows).isCloseTo(exact, Offset.offset(1e-6));
        // The same change given as server lists is the same diff.
        CliRun lists = CliRun.run("diff", servers(8), servers(13), "--format", "json");
        assertThat(CliRun.json(lists.out()).get("movedHashSpace")).isEqualTo(json.get("movedHashSpace"));
    }

    @Test
    @DisplayName("--max-moved 0.3 fails the 8 -> 13 change (exit 1, one line); 0.5 passes it")
    void maxMovedGatesTheDeployment() {
        CliRun failed = CliRun.run("diff", EIGHT, THIRTEEN, "--max-moved", "0.3");
        assertThat(failed.exitCode()).as("%s", failed).isEqualTo(HashringCli.EXIT_FAILURE);
        assertThat(failed.errLines()).hasSize(1);
        assertThat(failed.err()).contains("of the keys move (exact), more than --max-moved 30.000%");
        assertThat(failed.out()).contains("gate:", "> --max-moved 30.000%", "from (rows) -> to (columns)");
        CliRun passed = CliRun.run("diff", EIGHT, THIRTEEN, "--max-moved", "0.5");
        assertThat(passed.exitCode()).as("%s", passed).isZero();
        assertThat(passed.err()).isEmpty();
        assertThat(CliRun.json(CliRun.run("diff", EIGHT, THIRTEEN, "--max-moved", "0.5", "--format", "json").out()))
                .containsEntry("passed", true);
        assertOneLineUsageError(CliRun.run("diff", EIGHT, THIRTEEN, "--max-moved", "30"), "--max-moved must be a fraction 0..1");
    }

    @Test
    void diffMatrixShowsEveryFlowOnce() {
        CliRun run = CliRun.run("diff", servers(3), servers(4));
        assertThat(run.exitCode()).as("%s", run).isZero();
        String row = run.out().lines().filter(l -> l.startsWith("10.0.0.1:11211 ")).findFirst().orElseThrow();
        assertThat(row).containsPattern("10\\.0\\.0\\.1:11211\\s+[\\d.]+%\\s+[\\d.]+%$");
        assertThat(run.out()).contains("from \\ to", "10.0.0.4:11211", "total");
    }

    @Test
    void diffAcrossModesIsSampled() {
        CliRun run = CliRun.run("diff", "--mode", "libmemcached-modula", servers(3), servers(4));
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.out()).contains("sampled keys (seed 1; not both rings");
    }

    // ------------------------------------------------------------------ malformed topology files

    static Path file(Path dir, String name, String json) throws IOException {
        return Files.writeString(dir.resolve(name), json);
    }

    @ParameterizedTest(name = "{0} rejects a malformed topology file in one line")
    @ValueSource(strings = {"route", "inspect", "diff", "seed"})
    void malformedTopologyFilesAreOneLineWithLineColumnAndField(String command, @TempDir Path dir) throws IOException {
        Path trailing = file(dir, "trailing.json", "{\n  \"servers\": [\n    {\"host\": \"a\", \"port\": 1},\n  ]\n}\n");
        Path weight = file(dir, "weight.json", "{\n  \"servers\": [\n    {\"host\": \"a\", \"port\": 1, \"weight\": 0}\n  ]\n}\n");
        Path mode = file(dir, "mode.json", "{\n  \"mode\": \"ketamma\",\n  \"servers\": [{\"host\": \"a\", \"port\": 1}]\n}\n");
        String[][] cases = {
                {trailing.toString(), trailing + ":3:29: servers: trailing comma before ']'"},
                {weight.toString(), weight + ":3:40: servers[0].weight: must be a whole number >= 1, was 0"},
                {mode.toString(), mode + ":2:11: mode: unknown mode 'ketamma'; valid modes: ketama-fixed-points, hashring-native, libketama"}};
        for (String[] c : cases) {
            CliRun run = switch (command) {
                case "diff" -> CliRun.run("diff", c[0], servers(2));
                default -> CliRun.run(command, "--topology", c[0]);
            };
            assertOneLineUsageError(run, c[1]);
            assertThat(run.err()).startsWith("hashring " + command + ": ");
        }
    }

    @Test
    void missingTopologyFileAndConflictingSourcesAreOneLine(@TempDir Path dir) {
        assertOneLineUsageError(CliRun.run("inspect", "--topology", dir.resolve("none.json").toString()), "none.json", "no such file");
        assertOneLineUsageError(CliRun.run("inspect", "--topology", EIGHT, "--servers", "a:1"), "not both");
        assertOneLineUsageError(CliRun.run("inspect"), "no servers");
        assertOneLineUsageError(CliRun.run("inspect", "--servers", "a:1", "--format", "yaml"), "--format", "table, json");
    }

    // ------------------------------------------------------------------ every command takes --topology; the default mode

    @Test
    void routeWithATopologyFilePlacesLikeItsMode() throws IOException {
        Path php = EXAMPLES.resolve("php-fleet.json");
        Topology t = TopologyFile.read(php);
        Router<Server> peer = InteropModes.byName("libmemcached-ketama-weighted").router(t.servers(), null);
        List<String> keys = ModeCommandsTest.keys(300);
        CliRun run = CliRun.withStdin(String.join("\n", keys) + "\n", "route", "--topology", php.toString());
        assertThat(run.exitCode()).as("%s", run).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            assertThat(lines.get(i)).isEqualTo(keys.get(i) + "\t" + peer.route(keys.get(i)).address());
        }
        CliRun json = CliRun.withStdin("user:42\n", "route", "--topology", php.toString(), "--format", "json");
        assertThat(CliRun.json(json.out())).containsEntry("key", "user:42").containsEntry("server", peer.route("user:42").address());
    }

    @Test
    void theDefaultModeIsTheDefaultPlacement() {
        CliRun run = CliRun.run("inspect", "--servers", servers(3));
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.out()).startsWith("mode ketama-fixed-points, 3 servers (--servers)");
        Router<Server> defaults = io.hashring.client.Placement.defaults().router(Cluster.servers("x", servers(3)));
        CliRun routed = CliRun.withStdin("a\nb\nc\n", "route", "--servers", servers(3));
        assertThat(routed.out()).isEqualTo("a\t" + defaults.route("a").address() + "\nb\t" + defaults.route("b").address() + "\nc\t"
                + defaults.route("c").address() + "\n");
        // --mode overrides a topology file's mode.
        CliRun php = CliRun.run("inspect", "--topology", EXAMPLES.resolve("php-fleet.json").toString(), "--mode", "libketama");
        assertThat(php.out()).startsWith("mode libketama, 3 servers");
    }

    // ------------------------------------------------------------------ inspect

    private static final Pattern BALANCE = Pattern.compile("hash space:\\s+peak-to-mean ([\\d.]+), standard deviation ([\\d.]+)");

    @Test
    void inspectShowsSharesAndBalance() {
        CliRun run = CliRun.run("inspect", "--servers", "10.0.0.1:11211,10.0.0.2:11211:2,10.0.0.3:11211", "--format", "json");
        assertThat(run.exitCode()).as("%s", run).isZero();
        Map<String, Object> json = CliRun.json(run.out());
        assertThat(json).containsEntry("exact", true).containsEntry("mode", Topology.DEFAULT_MODE);
        List<?> servers = (List<?>) json.get("servers");
        assertThat(servers).hasSize(3);
        double exact = 0;
        double sampled = 0;
        double peak = 0;
        double sq = 0;
        for (Object o : servers) {
            Map<?, ?> s = (Map<?, ?>) o;
            int weight = (Integer) s.get("weight");
            assertThat(s.get("points")).as("%s", s).isEqualTo(160 * weight);
            assertThat(((Number) s.get("weightShare")).doubleValue()).isCloseTo(weight / 4.0, Offset.offset(1e-9));
            double share = ((Number) s.get("hashSpaceShare")).doubleValue();
            exact += share;
            sampled += ((Number) s.get("sampledShare")).doubleValue();
            double load = share / (weight / 4.0);
            peak = Math.max(peak, load);
            sq += (load - 1) * (load - 1);
        }
        assertThat(exact).isCloseTo(1.0, Offset.offset(1e-6));
        assertThat(sampled).isCloseTo(1.0, Offset.offset(1e-6));
        Map<?, ?> balance = (Map<?, ?>) ((Map<?, ?>) json.get("balance")).get("hashSpace");
        assertThat(((Number) balance.get("peakToMean")).doubleValue()).isCloseTo(peak, Offset.offset(1e-6)).isGreaterThan(1.0);
        assertThat(((Number) balance.get("stddev")).doubleValue()).isCloseTo(Math.sqrt(sq / 3), Offset.offset(1e-6));
        CliRun table = CliRun.run("inspect", "--servers", "10.0.0.1:11211,10.0.0.2:11211:2,10.0.0.3:11211");
        Matcher m = BALANCE.matcher(table.out());
        assertThat(m.find()).as(table.out()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isCloseTo(peak, Offset.offset(0.0006));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang bound, not a speed claim
    @DisplayName("inspect of 10,000 servers: every server once, exact shares summing to 1")
    void inspectOfTenThousandServers(@TempDir Path dir) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            list.add("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255) + ":11211");
        }
        Path svg = dir.resolve("big.svg");
        CliRun run = CliRun.run("inspect", "--servers", String.join(",", list), "--samples", "20000", "--format", "json",
                "--svg", svg.toString());
        assertThat(run.exitCode()).as("%s", run.err()).isZero();
        Map<String, Object> json = CliRun.json(run.out());
        List<?> servers = (List<?>) json.get("servers");
        assertThat(servers).hasSize(10_000);
        double exact = 0;
        for (int i = 0; i < servers.size(); i++) {
            Map<?, ?> s = (Map<?, ?>) servers.get(i);
            assertThat(s.get("address")).isEqualTo(list.get(i));
            exact += ((Number) s.get("hashSpaceShare")).doubleValue();
        }
        assertThat(exact).isCloseTo(1.0, Offset.offset(1e-5));
        assertThat(svg).content().contains("... 9952 servers between the most and least loaded ...");
    }

    @Test
    @DisplayName("--svg draws the ring's arcs and one load bar per server")
    void inspectSvg(@TempDir Path dir) throws IOException {
        Path svg = dir.resolve("ring.svg");
        CliRun run = CliRun.run("inspect", "--topology", EIGHT, "--svg", svg.toString());
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.out()).contains("picture: " + svg);
        String text = Files.readString(svg);
        assertThat(text).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>\n")
                .contains("hashring inspect: ketama-fixed-points, 8 servers", "0 = 2^32", "1,280 points");
        assertThat(Pattern.compile("<rect x=").matcher(text).results().count()).as("load bars").isEqualTo(8);
        // 1,280 points: consecutive points of one server merge, so there are fewer arcs than points but many.
        assertThat(Pattern.compile("<path d=").matcher(text).results().count()).isBetween(500L, 1281L);
        for (int i = 1; i <= 8; i++) {
            assertThat(text).contains(">10.0.0." + i + ":11211<");
        }
        // Not a ring: no circle to draw, still the bars.
        Path mod = dir.resolve("mod.svg");
        assertThat(CliRun.run("inspect", "--servers", servers(3), "--mode", "libmemcached-modula", "--svg", mod.toString()).exitCode())
                .isZero();
        assertThat(Files.readString(mod)).contains("not a ring").doesNotContain("<path d=");
        assertOneLineUsageError(CliRun.run("inspect", "--servers", servers(3), "--svg", dir.resolve("no/such/dir.svg").toString()),
                "cannot write --svg");
    }

    // ------------------------------------------------------------------ output failures

    @ParameterizedTest(name = "{0}: a failed write to stdout is exit 1, one line")
    @ValueSource(strings = {"inspect", "diff", "demo"})
    void outputErrorsExitOne(String command) {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("stdout closed");
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = switch (command) {
            case "diff" -> new String[] {"diff", servers(2), servers(3)};
            case "demo" -> new String[] {"demo"};
            default -> new String[] {"inspect", "--servers", servers(2)};
        };
        int code = HashringCli.commandLine(new ByteArrayInputStream(new byte[0]), broken, err).execute(args);
        assertThat(code).isEqualTo(HashringCli.EXIT_FAILURE);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(1).allMatch(l -> l.contains("cannot write the output"));
    }
}
