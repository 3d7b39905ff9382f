package io.hashring.cli;

import io.hashring.core.Router;
import io.hashring.hash.interop.InteropMode;
import io.hashring.hash.interop.InteropModes;
import io.hashring.hash.interop.Server;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** Runs the CLI in-process through picocli's {@code execute} with captured streams. */
record CliRun(int exitCode, String out, String err) {

    static CliRun withStdin(String stdin, String... args) {
        return withStdin(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    static CliRun withStdin(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = HashringCli.commandLine(new ByteArrayInputStream(stdin), out, err).execute(args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static CliRun run(String... args) {
        return withStdin(new byte[0], args);
    }

    /** stderr's lines (the CLI promises exactly one on failure). */
    List<String> errLines() {
        return err.lines().toList();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }

    // ------------------------------------------------------------------ modes present in this build

    static final List<Server> THREE = List.of(Server.parse("10.0.0.1:11211"), Server.parse("10.0.0.2:11212:2"),
            Server.parse("cache-3.example:11213"));

    /** The first registered mode whose router over {@link #THREE} is a ring; skips the test (with the reason) if none. */
    static InteropMode ringMode() {
        Optional<InteropMode> mode = InteropModes.all().stream()
                .filter(m -> Topology.ringOf(router(m, THREE)) != null)
                .findFirst();
        Assumptions.assumeTrue(mode.isPresent(), "no ring-based interop mode is registered yet: " + names());
        return mode.get();
    }

    /** Every registered mode; skips the test (with the reason) if the registry is still empty. */
    static List<InteropMode> modes() {
        List<InteropMode> all = InteropModes.all();
        Assumptions.assumeFalse(all.isEmpty(), "no interop modes are registered yet");
        return all;
    }

    static Router<Server> router(InteropMode mode, List<Server> servers) {
        try {
            return mode.router(servers, null);
        } catch (RuntimeException e) {
            return null; // a mode that cannot express this topology (e.g. names required)
        }
    }

    static String csv(List<Server> servers) {
        return String.join(",", servers.stream().map(Server::toString).toList());
    }

    static List<String> names() {
        return InteropModes.all().stream().map(InteropMode::name).toList();
    }
}
