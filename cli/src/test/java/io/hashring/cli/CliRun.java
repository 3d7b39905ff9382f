package io.hashring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashring.core.Router;
import io.hashring.hash.interop.InteropMode;
import io.hashring.hash.interop.InteropModes;
import io.hashring.hash.interop.Server;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

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

    /**
     * The first registered mode whose router over {@link #THREE} is a ring ({@link Topology#ringOf}
     * non-null, i.e. {@code PeerRouter.ring()} present). hash-functions registers ring modes
     * (libketama first), so finding none is a failure, not a skip.
     */
    static InteropMode ringMode() {
        Optional<InteropMode> mode = InteropModes.all().stream()
                .filter(m -> Cluster.ringOf(router(m, THREE)) != null)
                .findFirst();
        assertThat(mode).as("a ring-based interop mode among %s", names()).isPresent();
        return mode.get();
    }

    /** Every registered mode; an empty registry is a failure. */
    static List<InteropMode> modes() {
        List<InteropMode> all = InteropModes.all();
        assertThat(all).as("registered interop modes").isNotEmpty();
        return all;
    }

    static Router<Server> router(InteropMode mode, List<Server> servers) {
        try {
            return mode.router(servers, null);
        } catch (RuntimeException e) {
            return null; // a mode that cannot express this topology (e.g. names required)
        }
    }

    /** JSON output as maps (objects, in order), lists and scalars: jackson-core's streaming parser, no data binding. */
    @SuppressWarnings("unchecked")
    static java.util.Map<String, Object> json(String text) {
        try (com.fasterxml.jackson.core.JsonParser p = new com.fasterxml.jackson.core.JsonFactory().createParser(text)) {
            p.nextToken();
            Object v = value(p);
            assertThat(p.nextToken()).as("one JSON document in%n%s", text).isNull();
            return (java.util.Map<String, Object>) v;
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + e.getMessage() + "\n" + text, e);
        }
    }

    private static Object value(com.fasterxml.jackson.core.JsonParser p) throws java.io.IOException {
        com.fasterxml.jackson.core.JsonToken t = p.currentToken();
        if (t == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                m.put(name, value(p));
            }
            return m;
        }
        if (t == com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
            List<Object> l = new java.util.ArrayList<>();
            while (p.nextToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
                l.add(value(p));
            }
            return l;
        }
        if (t == com.fasterxml.jackson.core.JsonToken.VALUE_NULL) {
            return null;
        }
        return t.isNumeric() ? p.getNumberValue() : t.isBoolean() ? p.getBooleanValue() : p.getText();
    }

    static String csv(List<Server> servers) {
        return String.join(",", servers.stream().map(Server::toString).toList());
    }

    static List<String> names() {
        return InteropModes.all().stream().map(InteropMode::name).toList();
    }
}
