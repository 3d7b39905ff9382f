package io.hashring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 12, item 5: output errors exit 1; oversized and malformed input is one line and exit 2, never a stack trace. */
class CliHardeningTest {

    /** An output stream that fails every write, like /dev/full. */
    private static final class FullDevice extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            throw new IOException("No space left on device");
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException("No space left on device");
        }
    }

    private static CliRun runTo(OutputStream out, InputStream in, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = HashringCli.run(in, out, err, args);
        return new CliRun(code, "", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("route to a full device (a PrintStream, like System.out, or a plain stream): exit 1, one line")
    void outputErrorsExitOne() {
        for (OutputStream out : List.of(new PrintStream(new FullDevice(), true), new FullDevice())) {
            CliRun r = runTo(out, new ByteArrayInputStream("a\nb\n".getBytes(StandardCharsets.UTF_8)),
                    "route", "--servers", "10.0.0.1:11211,10.0.0.2:11211");
            assertThat(r.exitCode()).as("%s", r).isEqualTo(HashringCli.EXIT_FAILURE);
            assertThat(r.errLines()).as("%s", r).hasSize(1);
            assertThat(r.err()).containsAnyOf("cannot write the output", "No space left on device");
        }
        CliRun inspect = runTo(new PrintStream(new FullDevice(), true), new ByteArrayInputStream(new byte[0]),
                "inspect", "--servers", "10.0.0.1:11211", "--samples", "100");
        assertThat(inspect.exitCode()).as("%s", inspect).isEqualTo(HashringCli.EXIT_FAILURE);
        assertThat(inspect.errLines()).hasSize(1);
    }

    @Test
    @DisplayName("an endless key line is refused after 4096 bytes, without reading on: exit 2, one line")
    void endlessKeyLineIsRefused() {
        long[] read = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                read[0]++;
                return 'k';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'k');
                read[0] += len;
                return len;
            }
        };
        CliRun r = runTo(new ByteArrayOutputStream(), endless, "route", "--servers", "10.0.0.1:11211");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(HashringCli.EXIT_USAGE);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("line 1 of stdin is longer than 4096 bytes");
        assertThat(read[0]).as("bytes read").isLessThanOrEqualTo(4096 + (1 << 16));
    }

    @Test
    @DisplayName("a UTF-8 byte order mark at the start is not part of the first key")
    void byteOrderMarkIsDropped() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] keys = "first\nsecond\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[bom.length + keys.length];
        System.arraycopy(bom, 0, withBom, 0, 3);
        System.arraycopy(keys, 0, withBom, 3, keys.length);
        String servers = "10.0.0.1:11211,10.0.0.2:11211,10.0.0.3:11211";
        CliRun plain = CliRun.withStdin(keys, "route", "--servers", servers);
        CliRun marked = CliRun.withStdin(withBom, "route", "--servers", servers);
        assertThat(marked.exitCode()).as("%s", marked).isZero();
        assertThat(marked.out()).isEqualTo(plain.out()).startsWith("first\t");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:80:1:abcd::1", "2001:db8::1:11211", "::1", "ho\tst:11211", "host\n:11211",
            "host\u0007:11211", "10.0.0.1:\u0661\u0661\u0662\u0661\u0661", "10.0.0.1:\uFF11\uFF12", "10.0.0.1:11211:\u0662"})
    @DisplayName("malformed server specs: exit 2, one line naming the problem")
    void malformedServerSpecs(String spec) {
        CliRun r = CliRun.withStdin("k\n", "route", "--servers", spec);
        assertThat(r.exitCode()).as("%s", r).isEqualTo(HashringCli.EXIT_USAGE);
        assertThat(r.errLines()).as("%s", r).hasSize(1);
        assertThat(r.out()).isEmpty();
        if (spec.contains("::") || spec.startsWith("2001")) {
            assertThat(r.err()).contains("IPv6 host must be in brackets");
        } else if (spec.startsWith("10.")) {
            assertThat(r.err()).contains("is not a number (ASCII digits 0-9)");
        } else {
            assertThat(r.err()).contains("control characters and whitespace are not allowed");
        }
    }

    @Test
    @DisplayName("bracketed IPv6 and names with colons still parse")
    void bracketedIpv6Parses() {
        CliRun r = CliRun.withStdin("k\n", "route", "--servers", "[2001:db8::1]:11211,cafe:11212:2:a:b");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).matches("k\t(\\[2001:db8::1\\]:11211|cafe:11212)\n");
    }

    @Test
    @DisplayName("xmemcached-election with weight 2^31-1 is rejected up front with its bound")
    void electionWeightIsBounded() {
        long t0 = System.nanoTime();
        CliRun r = CliRun.withStdin("k\n", "route", "--mode", "xmemcached-election", "--servers", "10.0.0.1:11211:2147483647");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(HashringCli.EXIT_USAGE);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("total weight 2147483647 is more than the 100000");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).as("rejected before any work").isLessThan(10);
    }

    @Test
    @DisplayName("ketama-fixed-points rejects weights whose points cannot fit, naming the bound")
    void fixedPointsWeightIsBounded() {
        CliRun r = CliRun.withStdin("k\n", "route", "--servers", "10.0.0.1:11211:13000000,10.0.0.2:11211");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(HashringCli.EXIT_USAGE);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("more than the 134217728 a ring holds").contains("total weight at most 838860");
    }

    @Test
    @DisplayName("100,000 servers under -Xmx256m: one line, exit 2, no OutOfMemoryError")
    void hugeTopologyUnderSmallHeap(@TempDir Path dir) throws Exception {
        StringBuilder json = new StringBuilder("{\"servers\": [");
        for (int i = 0; i < 100_000; i++) {
            json.append(i == 0 ? "" : ",").append("{\"host\": \"10.").append(i >> 16).append('.').append((i >> 8) & 255)
                    .append('.').append(i & 255).append("\", \"port\": 11211}");
        }
        Path topology = Files.writeString(dir.resolve("big.json"), json.append("]}").toString());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), HashringCli.class.getName(),
                "route", "--topology", topology.toString()));
        Process p = new ProcessBuilder(command).redirectInput(Files.writeString(dir.resolve("in.txt"), "k\n").toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("route over 100,000 servers did not end within 120 s");
        }
        List<String> err = Files.readAllLines(dir.resolve("err.txt"));
        assertThat(err).as("stderr").hasSize(1);
        assertThat(err.get(0)).doesNotContain("OutOfMemoryError").contains("ring would have 16000000 points");
        assertThat(p.exitValue()).isEqualTo(HashringCli.EXIT_USAGE);
    }

    @Test
    @DisplayName("xmemcached modes look host names up once, announced on stderr; the next run in the JVM does not look again")
    void reverseLookupsAreAnnouncedAndDoneOnce() {
        String servers = "127.0.0.91:11211,127.0.0.92:11211,127.0.0.91:11212";
        CliRun first = CliRun.withStdin("a\nb\n", "route", "--mode", "xmemcached-ketama", "--servers", servers);
        assertThat(first.exitCode()).as("%s", first).isZero();
        assertThat(first.errLines()).as("%s", first).hasSize(1);
        assertThat(first.err()).contains("looking up the reverse DNS names of 2 hosts").contains("at most 30 s");
        assertThat(first.out().lines()).hasSize(2);
        CliRun again = CliRun.withStdin("a\nb\n", "route", "--mode", "xmemcached-election", "--servers", servers);
        assertThat(again.err()).as("already looked up").isEmpty();
        CliRun other = CliRun.withStdin("a\n", "route", "--mode", "libmemcached-ketama", "--servers", "127.0.0.93:11211");
        assertThat(other.err()).as("a mode without lookups").isEmpty();
    }
}
