package io.hashring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashring.core.Node;
import io.hashring.core.Ring;
import io.hashring.core.RingConfig;
import io.hashring.core.Router;
import io.hashring.hash.interop.InteropMode;
import io.hashring.hash.interop.InteropModes;
import io.hashring.hash.interop.Server;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code route} streams: a million keys through the CLI's main class in a separate JVM whose heap
 * is capped at 32 MiB. Collecting the keys or the output would need well over 32 MiB (a million
 * short strings alone take about 60 MiB), so finishing with exit 0 and the right million lines is
 * the proof; the GC log's peak heap occupancy is reported beside it.
 */
class RouteStreamingTest {

    private static final int KEYS = 1_000_000;
    private static final String HEAP = "-Xmx32m";
    private static final long TIMEOUT_MINUTES = 5; // a bound, not a performance threshold
    private static final Pattern GC_HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private static String key(int i) {
        // Printable keys of 10..40 bytes; one in ten has bytes >= 0x80.
        String base = "user:" + Integer.toHexString(i * 0x9E3779B1) + ":" + i;
        return i % 10 == 0 ? base + ":caf\u00e9" : base;
    }

    @Test
    void routesAMillionKeysInFlatMemoryInInputOrder(@TempDir Path dir) throws Exception {
        List<Server> servers = List.of(Server.parse("10.0.0.1:11211"), Server.parse("10.0.0.2:11211:2"),
                Server.parse("10.0.0.3:11212"), Server.parse("[2001:db8::1]:11211"));
        String csv = CliRun.csv(servers);

        Path input = dir.resolve("keys.txt");
        try (BufferedWriter w = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            for (int i = 0; i < KEYS; i++) {
                w.write(key(i));
                w.write('\n');
            }
        }

        // Through the CLI when a mode is registered; through the same streaming core over a ring-core ring otherwise.
        InteropMode mode = InteropModes.all().stream().filter(m -> CliRun.router(m, servers) != null).findFirst().orElse(null);
        Router<Server> expected;
        List<String> command = new ArrayList<>(List.of(javaBin(), HEAP, "-Xlog:gc:file=" + dir.resolve("gc.log"),
                "-cp", System.getProperty("java.class.path")));
        if (mode != null) {
            expected = mode.router(servers, null);
            command.addAll(List.of(HashringCli.class.getName(), "route", "--mode", mode.name(), "--servers", csv));
        } else {
            List<Node<Server>> nodes = new ArrayList<>();
            servers.forEach(s -> nodes.add(Node.of(s.address(), s.weight(), s)));
            expected = Ring.of(RingConfig.libmemcachedKetama(), nodes);
            command.addAll(List.of(StreamProbe.class.getName(), csv));
        }

        Path output = dir.resolve("routed.txt");
        Path errors = dir.resolve("stderr.txt");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectInput(input.toFile()).redirectOutput(output.toFile())
                .redirectError(errors.toFile()).start();
        boolean finished = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String stderr = Files.readString(errors);
        assertThat(finished).as("route finished within %d minutes", TIMEOUT_MINUTES).isTrue();
        assertThat(process.exitValue()).as("exit code; stderr: %s", stderr).isZero();
        assertThat(stderr).isEmpty();

        Map<String, Integer> perServer = new HashMap<>();
        int lines = 0;
        try (BufferedReader r = Files.newBufferedReader(output, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null && lines <= KEYS) {
                String key = key(lines);
                String address = expected.route(key).address();
                if (!line.equals(key + "\t" + address)) {
                    assertThat(line).as("line %d", lines + 1).isEqualTo(key + "\t" + address);
                }
                perServer.merge(address, 1, Integer::sum);
                lines++;
            }
        }
        assertThat(lines).isEqualTo(KEYS);
        assertThat(perServer).hasSize(servers.size());

        long[] heap = heapMiB(dir.resolve("gc.log"));
        System.out.printf("route streaming: %d keys via %s in %.1f s (%s, %d GCs, heap used at most %d MiB before a GC and %d MiB after,"
                        + " %d bytes out)%n",
                KEYS, mode == null ? "StreamProbe (no interop mode registered)" : "hashring route --mode " + mode.name(),
                seconds, HEAP, heap[2], heap[0], heap[1], Files.size(output));
    }

    /** {max heap used before a GC, max live heap after a GC, number of GCs}, from a -Xlog:gc file. */
    private static long[] heapMiB(Path gcLog) throws IOException {
        long[] out = new long[3];
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_HEAP.matcher(line);
            if (m.find()) {
                out[0] = Math.max(out[0], Long.parseLong(m.group(1)));
                out[1] = Math.max(out[1], Long.parseLong(m.group(2)));
                out[2]++;
            }
        }
        return out;
    }

    private static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
