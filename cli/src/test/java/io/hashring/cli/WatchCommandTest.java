package io.hashring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code hashring watch}: a running watch, fed new versions of its file, bounded by --count. */
class WatchCommandTest {

    static final long BOUND_MS = 20_000;

    static String topology(int n) {
        List<String> servers = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            servers.add("{\"host\": \"10.0.0." + i + "\", \"port\": 11211}");
        }
        return "{\n  \"servers\": [\n    " + String.join(",\n    ", servers) + "\n  ]\n}\n";
    }

    /** Replaces the file in one step, as config management tools do (write aside, rename). */
    static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A watch running on its own thread, its output readable while it runs. */
    static final class Running implements AutoCloseable {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final ExecutorService thread = Executors.newSingleThreadExecutor();
        final Future<Integer> exit;

        Running(String... args) {
            exit = thread.submit(() -> HashringCli.commandLine(new ByteArrayInputStream(new byte[0]), out, err).execute(args));
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }

        void await(Supplier<String> stream, String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BOUND_MS);
            while (!stream.get().contains(text)) {
                assertThat(exit.isDone() || System.nanoTime() - deadline > 0)
                        .as("'%s' not printed within %d ms (or the watch ended):%n--- out%n%s--- err%n%s", text, BOUND_MS, out(), err())
                        .isFalse();
                Thread.sleep(10);
            }
        }

        int exitCode() throws Exception {
            return exit.get(BOUND_MS, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            thread.shutdownNow();
        }
    }

    @Test
    @Timeout(60)
    @DisplayName("prints the first version, then each change with diff's moved figures; --count ends it with exit 0")
    void versionsAndWhatTheyMove(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cache.json");
        write(file, topology(8));
        try (Running watch = new Running("watch", file.toString(), "--interval", "20", "--count", "3", "--samples", "20000")) {
            watch.await(watch::out, "version 1: 8 servers");
            write(file, topology(13));
            watch.await(watch::out, "version 2: 13 servers");
            write(file, topology(13).replace("\n    ", " ")); // same topology, other spacing: not a version
            Thread.sleep(200);
            write(file, topology(12));
            assertThat(watch.exitCode()).as("exit after --count 3; %s", watch.err()).isZero();
            String out = watch.out();
            assertThat(out).contains("version 1: 8 servers (" + file + "), mode ketama-fixed-points",
                    "  servers: 10.0.0.1:11211, 10.0.0.2:11211, ",
                    "  added:   10.0.0.9:11211, 10.0.0.10:11211, 10.0.0.11:11211, 10.0.0.12:11211, 10.0.0.13:11211",
                    "version 3: 12 servers", "  removed: 10.0.0.13:11211");
            assertThat(out).doesNotContain("version 4");
            // The moved figures are diff's own, line for line.
            String diff = CliRun.run("diff", topologyFile(dir, "a.json", 8), topologyFile(dir, "b.json", 13), "--samples", "20000").out();
            String movedLine = diff.lines().filter(l -> l.startsWith("moved:")).findFirst().orElseThrow();
            assertThat(out.lines().filter(l -> l.startsWith("moved:")).findFirst()).contains(movedLine);
            String matrixHead = diff.lines().filter(l -> l.startsWith("from (rows)")).findFirst().orElseThrow();
            assertThat(out).contains(matrixHead);
            assertThat(watch.err()).isEmpty();
        }
    }

    @Test
    @Timeout(60)
    @DisplayName("a malformed version is one line on stderr, once; the watch keeps its version and takes the next good one")
    void malformedVersionRejected(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cache.json");
        write(file, topology(3));
        try (Running watch = new Running("watch", file.toString(), "--interval", "20", "--count", "2")) {
            watch.await(watch::out, "version 1: 3 servers");
            write(file, "{\n  \"servers\": [\n    {\"host\": \"a\", \"port\": 1},\n  ]\n}\n");
            watch.await(watch::err, "rejected");
            Thread.sleep(200); // more polls of the same bad file: still one line
            Files.delete(file);
            watch.await(() -> watch.err().lines().count() >= 2 ? "two" : "", "two");
            write(file, topology(4));
            assertThat(watch.exitCode()).as("exit after --count 2").isZero();
            assertThat(watch.err().lines().toList()).containsExactly(
                    "hashring watch: rejected " + file + ":3:29: servers: trailing comma before ']'; remove the ',' (JSON allows no trailing commas) (still on version 1)",
                    "hashring watch: rejected " + file + ": cannot read the topology file: no such file (still on version 1)");
            assertThat(watch.out()).contains("version 2: 4 servers", "  added:   10.0.0.4:11211");
        }
    }

    @Test
    @DisplayName("a malformed first version, a bad --interval or --count: one line, exit 2")
    void badInput(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"servers\": []}");
        Path good = Files.writeString(dir.resolve("good.json"), topology(2));
        CliRun run = CliRun.run("watch", bad.toString(), "--count", "1");
        assertThat(run.exitCode()).as("%s", run).isEqualTo(HashringCli.EXIT_USAGE);
        assertThat(run.errLines()).as("%s", run).hasSize(1);
        assertThat(run.err()).startsWith("hashring watch: " + bad);
        assertThat(CliRun.run("watch", good.toString(), "--interval", "0").err())
                .isEqualTo("hashring watch: --interval must be 1..3600000 ms, was 0" + System.lineSeparator());
        assertThat(CliRun.run("watch", good.toString(), "--count", "0").err())
                .isEqualTo("hashring watch: --count must be at least 1, was 0" + System.lineSeparator());
        CliRun once = CliRun.run("watch", good.toString(), "--count", "1");
        assertThat(once.exitCode()).as("%s", once).isZero();
        assertThat(once.out()).startsWith("version 1: 2 servers (" + good + "), mode ketama-fixed-points");
    }

    private static String topologyFile(Path dir, String name, int n) throws IOException {
        return Files.writeString(dir.resolve(name), topology(n)).toString();
    }
}
