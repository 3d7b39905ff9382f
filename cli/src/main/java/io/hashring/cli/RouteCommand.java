package io.hashring.cli;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.hashring.core.Router;
import io.hashring.hash.interop.Server;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hashring route}: one {@code KEY<TAB>HOST:PORT} line per input key, in input order. Streams:
 * one key in memory at a time, so a million keys run in a few megabytes of heap.
 */
@Command(name = "route",
        mixinStandardHelpOptions = true,
        description = {
                "Routes keys like the peer a mode names: KEY<TAB>HOST:PORT per key, in input order.",
                "Keys are read from stdin or --keys FILE (UTF-8, one per line; a trailing CR and a leading byte order mark are",
                "dropped; a line longer than 4096 bytes is refused: memcached keys are at most 250). HOST:PORT is",
                "the server exactly as given in --servers. Streams: memory stays flat however many keys."},
        footer = {"", "Example:", "  printf 'foo%nbar%n' | hashring route --mode libmemcached-ketama-weighted --servers 10.0.0.1:11211,10.0.0.2:11211:2",
                "  hashring route --topology cluster.json --keys keys.txt --format json"})
final class RouteCommand implements Callable<Integer> {

    @ParentCommand
    HashringCli parent;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    Output.FormatOption format;

    @Option(names = "--keys", paramLabel = "FILE", description = "Read keys from FILE instead of stdin.")
    Path keys;

    @Override
    public Integer call() throws IOException {
        Cluster topology = cluster.resolve();
        if (keys == null) {
            route(parent.stdin(), topology);
        } else {
            try (InputStream in = open(keys)) {
                route(in, topology);
            }
        }
        return HashringCli.EXIT_OK;
    }

    private void route(InputStream in, Cluster topology) throws IOException {
        Writer out = new BufferedWriter(new OutputStreamWriter(parent.stdout(), StandardCharsets.UTF_8), 1 << 16);
        String source = keys == null ? "stdin" : "'" + keys + "'";
        route(in, out, topology.router(), topology.servers(), source, format.json());
    }

    /** {@link #route(InputStream, Writer, Router, List, String, boolean)} with tab-separated output. */
    static long route(InputStream in, Writer out, Router<Server> router, List<Server> servers, String source) throws IOException {
        return route(in, out, router, servers, source, false);
    }

    /**
     * Routes every line of {@code in} (UTF-8) and writes {@code KEY\tHOST:PORT\n} per line to {@code out}
     * (with {@code json}: one object {@code {"key": KEY, "server": HOST:PORT}} per line), then flushes.
     * Holds one line at a time.
     *
     * @throws UsageError if the input is not UTF-8 or the router rejects a key (naming the line)
     */
    static long route(InputStream in, Writer out, Router<Server> router, List<Server> servers, String source, boolean json)
            throws IOException {
        // Server.address() builds a string per call; print the configured spelling from a table instead.
        Map<Server, String> addresses = new IdentityHashMap<>();
        for (Server server : servers) {
            addresses.put(server, server.address());
        }
        LineReader lines = new LineReader(in, MAX_KEY_LINE_BYTES);
        long count = 0;
        String key;
        while ((key = readLine(lines, source)) != null) {
            Server server;
            try {
                server = router.route(key);
            } catch (RuntimeException e) {
                throw new UsageError("cannot route key '" + key + "' on line " + lines.lineNumber() + " of " + source
                        + ": " + Cluster.oneLine(String.valueOf(e.getMessage())));
            }
            String address = addresses.get(server);
            if (address == null) {
                address = server.address(); // a router that hands out equal copies of our servers
                addresses.put(server, address);
            }
            if (json) {
                out.write("{\"key\": \"");
                out.write(JsonStringEncoder.getInstance().quoteAsString(key));
                out.write("\", \"server\": \"");
                out.write(JsonStringEncoder.getInstance().quoteAsString(address));
                out.write("\"}\n");
            } else {
                out.write(key);
                out.write('\t');
                out.write(address);
                out.write('\n');
            }
            count++;
        }
        out.flush();
        return count;
    }

    /**
     * The longest key line read: memcached's keys are at most 250 bytes; the margin leaves room for
     * keys a proxy shortens or hashes itself. A longer line is refused before more of it is held.
     */
    static final int MAX_KEY_LINE_BYTES = 4096;

    private static String readLine(LineReader lines, String source) throws IOException {
        try {
            return lines.readLine();
        } catch (CharacterCodingException e) {
            throw new UsageError("input from " + source + " is not valid UTF-8 on line " + lines.lineNumber());
        } catch (LineReader.LineTooLongException e) {
            throw new UsageError("line " + lines.lineNumber() + " of " + source + " is longer than " + MAX_KEY_LINE_BYTES
                    + " bytes: not a key (memcached keys are at most 250 bytes)");
        }
    }

    private static InputStream open(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new UsageError("cannot read --keys '" + file + "': it is a directory");
            }
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new UsageError("cannot read --keys '" + file + "': no such file");
        } catch (AccessDeniedException e) {
            throw new UsageError("cannot read --keys '" + file + "': permission denied");
        } catch (IOException e) {
            throw new UsageError("cannot read --keys '" + file + "': " + e.getMessage());
        }
    }
}
