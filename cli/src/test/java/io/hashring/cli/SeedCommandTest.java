package io.hashring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashring.testkit.MemcachedCluster;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hashring seed} on live memcached: the README's first command. The full runs are separate
 * JVMs (the main class on the test class path), each with its own testkit base port, so the test
 * can tell its own memcached processes from those of other builds and check that none outlives
 * the command. Timeouts bound hangs only.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SeedCommandTest {

    private static final Pattern ROW = Pattern.compile(
            "(?m)^(spymemcached 2\\.12\\.3|xmemcached 2\\.4\\.8|hashring-spymemcached|hashring-xmemcached)\\s+(.+?)\\s{2,}"
                    + "(client rebuilt on the grown list|addServer on the live client|addServer, warm migration on)\\s+(\\d+) of (\\d+) = [\\d.]+%\\s+([\\d.]+)%"
                    + "\\s+([\\d.]+)%\\s+(\\d+) of (\\d+)$");

    record Run(int exit, String out, String err) {
    }

    private static String java() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    private static ProcessBuilder seedProcess(int basePort, Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m", "-Dhashring.testkit.basePort=" + basePort,
                "-Djava.io.tmpdir=" + dir, "-cp", System.getProperty("java.class.path"), HashringCli.class.getName(), "seed"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
    }

    private static Run finish(Process p, Path dir) throws Exception {
        assertThat(p.waitFor(150, TimeUnit.SECONDS)).as("seed finished").isTrue();
        return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    /** memcached processes listening on ports base..base+span-1 (any owner). */
    private static List<String> memcachedOn(int base, int span) throws IOException {
        List<String> found = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(h -> {
            String cmd = h.info().commandLine().orElse("");
            if (h.info().command().map(c -> c.endsWith("memcached")).orElse(false)) {
                Matcher m = Pattern.compile("-p (\\d+)").matcher(cmd);
                if (m.find()) {
                    int port = Integer.parseInt(m.group(1));
                    if (port >= base && port < base + span && h.isAlive()) {
                        found.add(h.pid() + " " + cmd);
                    }
                }
            }
        });
        return found;
    }

    /** Waits (bounded) until no memcached listens in the range; returns those still there. */
    private static List<String> awaitNoMemcachedOn(int base, int span) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> left = memcachedOn(base, span);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = memcachedOn(base, span);
        }
        return left;
    }

    @Test
    @DisplayName("the README's first command: 8 nodes, 500 keys, add 5; nine rows; exit 0; no memcached left running")
    void defaultRunPrintsTheLiveRetentionTableAndStopsItsNodes(@TempDir Path dir) throws Exception {
        int base = 24_500;
        Run run = finish(seedProcess(base, dir).start(), dir);
        assertThat(run.exit()).as("exit code; stderr:%n%s", run.err()).isZero();
        assertThat(run.out()).startsWith("Seed experiment on live memcached: 8 nodes, 500 random keys (seed 42)");
        assertThat(run.err()).as("progress on stderr").contains("hashring: started 8 memcached nodes", "storing 500 keys",
                "stopping the nodes");
        Matcher m = ROW.matcher(run.out());
        List<String> clients = new ArrayList<>();
        while (m.find()) {
            clients.add(m.group(1) + " / " + m.group(2));
            int readable = Integer.parseInt(m.group(4));
            int keys = Integer.parseInt(m.group(5));
            double expected = Double.parseDouble(m.group(6)) / 100;
            assertThat(keys).isEqualTo(500);
            assertThat(Double.parseDouble(m.group(7))).as("ideal 8/13").isEqualTo(61.54);
            assertThat(Integer.parseInt(m.group(8))).as("%s: keys stored on the node its model names", clients.get(clients.size() - 1))
                    .isEqualTo(500);
            if (m.group(2).endsWith("+ warm migration")) {
                // The bar for warm migration: at least 99% of the keys stored before the change are readable.
                assertThat(expected).isEqualTo(1.0);
                assertThat(readable).as("%s: keys still readable with warm migration", clients.get(clients.size() - 1))
                        .isGreaterThanOrEqualTo(495);
                continue;
            }
            // Which keys stay is fixed by the key set and the servers' ports (which fall back to random ports when
            // taken), so the count is a binomial sample of the exact share: 4.5 sigma, a false failure about 1 in 150,000 per row.
            double sigma = Math.sqrt(500 * expected * (1 - expected));
            assertThat((double) readable).as("%s: keys still readable vs expected %.4f", clients.get(clients.size() - 1), expected)
                    .isBetween(500 * expected - 4.5 * sigma, 500 * expected + 4.5 * sigma);
            if (m.group(2).contains("hashring-native")) {
                // Rendezvous: only keys an added server wins move, so the exact share is the ideal W_before / W_after.
                assertThat(expected).as("native mode keeps exactly 8/13").isCloseTo(8 / 13.0, org.assertj.core.data.Offset.offset(1e-4));
            } else if (m.group(2).startsWith("modulo")) {
                assertThat(expected).isCloseTo(0.0769, org.assertj.core.data.Offset.offset(1e-9));
            } else {
                assertThat(expected).as("a ring keeps about 8/13").isBetween(0.55, 0.68);
            }
        }
        assertThat(clients).as("rows of%n%s", run.out()).containsExactly(
                "spymemcached 2.12.3 / modulo: ArrayModNodeLocator, NATIVE_HASH (its defaults)",
                "spymemcached 2.12.3 / ketama: KetamaNodeLocator, KETAMA_HASH",
                "xmemcached 2.4.8 / ketama: KetamaMemcachedSessionLocator",
                "hashring-spymemcached / default placement: ketama-fixed-points",
                "hashring-xmemcached / default placement: ketama-fixed-points",
                "hashring-spymemcached / native placement: hashring-native",
                "hashring-xmemcached / native placement: hashring-native",
                "hashring-spymemcached / default placement: ketama-fixed-points + warm migration",
                "hashring-xmemcached / default placement: ketama-fixed-points + warm migration");
        assertThat(memcachedOn(base, 13)).as("memcached processes the seed run left behind").isEmpty();
    }

    @Test
    @DisplayName("Ctrl-C while it works stops every node it started")
    void interruptStopsTheNodes(@TempDir Path dir) throws Exception {
        int base = 24_600;
        Process p = seedProcess(base, dir, "--keys", "20000").start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(dir.resolve("err.txt")).contains("storing") && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(p.isAlive()).as("still working when interrupted; stderr:%n%s", Files.readString(dir.resolve("err.txt"))).isTrue();
        assertThat(memcachedOn(base, 13)).as("nodes running before the interrupt").isNotEmpty();
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGINT").isTrue();
        assertThat(awaitNoMemcachedOn(base, 13)).as("memcached processes left after Ctrl-C").isEmpty();
    }

    @Test
    @DisplayName("--servers runs on an existing loopback cluster; --json prints one row object per client")
    void existingServersAndJson() throws Exception {
        try (MemcachedCluster cluster = MemcachedCluster.start(7)) {
            CliRun run = CliRun.run("seed", "--servers", String.join(",", cluster.addresses()), "--nodes", "4", "--add", "3",
                    "--keys", "300", "--json");
            assertThat(run.exitCode()).as("%s", run).isZero();
            Map<String, Object> json = CliRun.json(run.out());
            assertThat(json).containsEntry("nodes", 4).containsEntry("added", 3).containsEntry("keys", 300);
            assertThat(json.get("servers")).isEqualTo(cluster.addresses());
            List<?> rows = (List<?>) json.get("rows");
            assertThat(rows).hasSize(SeedRows.ROWS.size());
            for (Object o : rows) {
                Map<?, ?> row = (Map<?, ?>) o;
                assertThat(row.get("stored")).as("%s", row).isEqualTo(300);
                assertThat(row.get("storedAsModelled")).as("%s", row).isEqualTo(300);
                double expected = ((Number) row.get("expected")).doubleValue();
                if (expected == 1.0) { // warm migration: at least 99% readable
                    assertThat(((Number) row.get("readable")).intValue()).as("%s", row).isGreaterThanOrEqualTo(297);
                    continue;
                }
                double sigma = Math.sqrt(300 * expected * (1 - expected));
                assertThat(((Number) row.get("readable")).doubleValue()).as("%s", row)
                        .isBetween(300 * expected - 4.5 * sigma, 300 * expected + 4.5 * sigma);
            }
            // The servers are the user's: still running afterwards.
            assertThat(cluster.server(0).stats()).isNotEmpty();
        }
    }

    @Test
    void serversMustBeLoopbackAndMatchTheCounts() {
        CliRun run = CliRun.run("seed", "--servers", thirteenDistinct("10.0.0."));
        assertThat(run.exitCode()).as("%s", run).isEqualTo(HashringCli.EXIT_USAGE);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.err()).contains("--servers: 10.0.0.1:11211 is not a loopback address");
        CliRun count = CliRun.run("seed", "--servers", "127.0.0.1:1,127.0.0.1:2");
        assertThat(count.exitCode()).isEqualTo(HashringCli.EXIT_USAGE);
        assertThat(count.err()).contains("names 2 servers", "--nodes 8 + --add 5 = 13");
    }

    private static String thirteenDistinct(String prefix) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= 13; i++) {
            out.add(prefix + i + ":11211");
        }
        return String.join(",", out);
    }

    @Test
    @DisplayName("without memcached it stops at once with one line saying what to install, exit 2")
    void missingMemcachedIsOneLine(@TempDir Path dir) throws Exception {
        ProcessBuilder pb = seedProcess(24_700, dir);
        pb.environment().put("PATH", dir.toString());
        pb.environment().remove("MEMCACHED_BIN");
        Run run = finish(pb.start(), dir);
        assertThat(run.exit()).as("%s", run).isEqualTo(HashringCli.EXIT_USAGE);
        List<String> errors = run.err().lines().toList();
        assertThat(errors).as("stderr:%n%s", run.err()).hasSize(1);
        assertThat(errors.get(0)).startsWith("hashring seed: cannot start memcached:").contains("apt-get install -y memcached");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void dryRunNeedsNoMemcached() {
        CliRun run = CliRun.run("seed", "--dry-run");
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.out()).startsWith("Seed experiment (in memory, no memcached): 8 nodes, 500 random keys (seed 42)");
        Map<String, Object> json = CliRun.json(CliRun.run("seed", "--dry-run", "--format", "json").out());
        assertThat((List<?>) json.get("rows")).hasSize(2);
        assertThat(CliRun.run("seed", "--dry-run", "--servers", "127.0.0.1:1").exitCode()).isEqualTo(HashringCli.EXIT_USAGE);
    }

    @Test
    void badNumbersAreOneLine() {
        for (String[] args : List.of(new String[] {"--keys", "0"}, new String[] {"--nodes", "0"}, new String[] {"--add", "-1"},
                new String[] {"--nodes", "51"}, new String[] {"--format", "xml"})) {
            List<String> all = new ArrayList<>(List.of("seed"));
            all.addAll(List.of(args));
            CliRun run = CliRun.run(all.toArray(String[]::new));
            assertThat(run.exitCode()).as("%s", run).isEqualTo(HashringCli.EXIT_USAGE);
            assertThat(run.errLines()).as("%s", run).hasSize(1);
            assertThat(run.err()).contains(args[0]);
        }
    }
}
