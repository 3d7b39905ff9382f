package io.hashring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashring.hash.interop.InteropMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input: exit code 2 and exactly one line on stderr that names the problem and the valid choices. */
class CliErrorsTest {

    private static void assertUsageError(CliRun run, String... mentions) {
        assertThat(run.exitCode()).as("exit code of %s", run).isEqualTo(HashringCli.EXIT_USAGE);
        assertThat(run.errLines()).as("stderr of %s", run).hasSize(1);
        assertThat(run.err()).as("stderr of %s", run).doesNotContain("Exception", "\tat ").contains(mentions);
        assertThat(run.out()).as("stdout of %s", run).isEmpty();
    }

    @ParameterizedTest(name = "hashring {0} --help")
    @ValueSource(strings = {"seed", "route", "modes", "demo", "inspect", "diff"})
    void everyCommandHasHelp(String command) {
        CliRun run = CliRun.run(command, "--help");
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.out()).contains("Usage: hashring " + command);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void topLevelHelpListsTheCommandsAndExitCodes() {
        CliRun run = CliRun.run("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("seed", "route", "modes", "demo", "inspect", "diff", "watch", "Exit codes:", "2   bad input");
    }

    @Test
    void unknownCommandListsTheValidCommands() {
        assertUsageError(CliRun.run("rout"), "'rout'", "valid commands: seed, route, modes, inspect, diff, watch, demo");
    }

    @Test
    void noCommandListsTheValidCommands() {
        assertUsageError(CliRun.run(), "missing command", "valid commands: seed, route, modes, inspect, diff, watch, demo");
    }

    @Test
    void missingRequiredOptionIsNamed() {
        assertUsageError(CliRun.run("diff", "a:1"), "AFTER");
        assertUsageError(CliRun.run("route"), "no servers", "--topology FILE or --servers");
    }

    @Test
    void unknownOptionIsNamed() {
        assertUsageError(CliRun.run("demo", "--nodez", "3"), "--nodez");
    }

    @Test
    @DisplayName("an unknown mode is named and every registered mode is listed")
    void unknownModeListsTheValidModes() {
        CliRun run = CliRun.run("route", "--mode", "no-such-mode", "--servers", "10.0.0.1:11211");
        assertUsageError(run, "unknown mode 'no-such-mode'");
        for (String name : CliRun.names()) {
            assertThat(run.err()).contains(name);
        }
    }

    @ParameterizedTest(name = "demo {0} {1}")
    @org.junit.jupiter.params.provider.CsvSource({"--nodes,0", "--nodes,-3", "--keys,0", "--added,-1", "--nodes,x"})
    void demoRejectsOutOfRangeNumbers(String option, String value) {
        assertUsageError(CliRun.run("demo", option, value), option, value);
    }

    @Test
    void malformedServerSpecsAreNamed() {
        assertThat(assertBadSpec("10.0.0.1")).contains("'10.0.0.1'", "HOST:PORT");
        assertThat(assertBadSpec("10.0.0.1:http")).contains("port 'http'");
        assertThat(assertBadSpec("[::1:11211")).contains("'[::1:11211'");
        assertThat(assertBadSpec("10.0.0.1:70000")).contains("70000");
        assertThat(assertBadSpec("10.0.0.1:11211,,10.0.0.2:11211")).contains("empty server spec");
    }

    @Test
    void zeroWeightIsNamed() {
        assertThat(assertBadSpec("10.0.0.1:11211:0")).contains("'10.0.0.1:11211:0'", "weight", "was 0");
    }

    private static String assertBadSpec(String csv) {
        try {
            Cluster.servers("--servers", csv);
        } catch (UsageError e) {
            assertThat(e.getMessage()).startsWith("--servers").doesNotContain("\n");
            return e.getMessage();
        }
        throw new AssertionError("--servers '" + csv + "' was accepted");
    }

    // ------------------------------------------------------------------ through a registered mode

    @Test
    void malformedSpecThroughTheCommandExitsTwo() {
        InteropMode mode = CliRun.modes().get(0);
        assertUsageError(CliRun.run("route", "--mode", mode.name(), "--servers", "10.0.0.1:11211:0"), "was 0");
        assertUsageError(CliRun.run("inspect", "--mode", mode.name(), "--servers", "nohost"), "'nohost'");
        assertUsageError(CliRun.run("diff", "--mode", mode.name(), "a:1", "a:"), "'a:'");
    }

    @Test
    void unknownHashListsTheModesHashes() {
        for (InteropMode mode : CliRun.modes()) {
            CliRun run = CliRun.run("route", "--mode", mode.name(), "--hash", "no_such_hash", "--servers", "10.0.0.1:11211");
            if (mode.hashes().isEmpty()) {
                assertUsageError(run, "mode '" + mode.name() + "'", "fixed key hash", "'no_such_hash'");
            } else {
                assertUsageError(run, "unknown hash 'no_such_hash'", String.join(", ", mode.hashes()));
            }
        }
    }

    @Test
    void missingKeysFileIsNamed(@TempDir Path dir) {
        InteropMode mode = CliRun.modes().get(0);
        Path missing = dir.resolve("missing.txt");
        assertUsageError(CliRun.run("route", "--mode", mode.name(), "--servers", "10.0.0.1:11211", "--keys", missing.toString()),
                missing.toString(), "no such file");
        assertUsageError(CliRun.run("route", "--mode", mode.name(), "--servers", "10.0.0.1:11211", "--keys", dir.toString()),
                "directory");
    }

    @Test
    void unreadableKeysFileIsNamed(@TempDir Path dir) throws IOException {
        InteropMode mode = CliRun.modes().get(0);
        Path file = Files.writeString(dir.resolve("keys.txt"), "a\n");
        org.junit.jupiter.api.Assumptions.assumeTrue(file.toFile().setReadable(false, false) && !Files.isReadable(file),
                "cannot make a file unreadable here (running as root?)");
        assertUsageError(CliRun.run("route", "--mode", mode.name(), "--servers", "10.0.0.1:11211", "--keys", file.toString()),
                file.toString());
    }

    @Test
    void nonUtf8InputExitsTwoNamingTheLine() {
        InteropMode mode = CliRun.modes().get(0);
        byte[] input = {'a', '\n', (byte) 0xFF, '\n'};
        CliRun run = CliRun.withStdin(input, "route", "--mode", mode.name(), "--servers", "10.0.0.1:11211");
        assertThat(run.exitCode()).as("%s", run).isEqualTo(HashringCli.EXIT_USAGE);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.err()).contains("not valid UTF-8", "line 2");
    }
}
