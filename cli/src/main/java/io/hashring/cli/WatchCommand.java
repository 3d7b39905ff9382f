package io.hashring.cli;

import io.hashring.hash.interop.Server;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hashring watch TOPOLOGY_FILE}: reads the file every {@code --interval} ms and prints each
 * new version (its servers, what was added, removed or reweighted) and what it moves, with
 * {@code diff}'s figures ({@link DiffCommand#diff}). A malformed or invalid new version is one line
 * on stderr (file, line, column, field) and the watch goes on with the version it has, as a
 * hashring client watching the file does. {@code --count N} ends the watch after N versions.
 */
@Command(name = "watch",
        mixinStandardHelpOptions = true,
        description = {
                "Watches a topology file and prints each new version and what it moves (diff's figures: the moved",
                "fraction of the hash space and of --samples random keys, and the flows from -> to). A malformed or",
                "invalid version is one line on stderr and the watch keeps the version it has. Runs until --count",
                "versions (the first included) have been printed, or until interrupted."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:--count versions printed", "1:the output failed", "2:bad input (the first version is malformed)"},
        footer = {"", "Examples:", "  hashring watch /etc/hashring/cache.json", "  hashring watch cache.json --interval 200 --count 2"})
final class WatchCommand implements Callable<Integer> {

    /** A version lists its servers up to this many; beyond, the first ones and how many more. */
    static final int SERVERS_SHOWN = 20;
    static final long MAX_INTERVAL_MS = 3_600_000;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TOPOLOGY_FILE", description = "The topology file to watch.")
    Path file;

    @Option(names = "--interval", paramLabel = "MS", defaultValue = "1000",
            description = "Time between two reads of the file, in ms (default: ${DEFAULT-VALUE}).")
    long interval;

    @Option(names = "--count", paramLabel = "N",
            description = "Stop after N versions, the first included (default: run until interrupted).")
    Integer count;

    @Option(names = "--mode", paramLabel = "MODE", description = "Placement for every version (default: the file's own).")
    String mode;

    @Option(names = "--hash", paramLabel = "NAME", description = "Key hash, for modes that let the user choose.")
    String hash;

    @Option(names = "--option", paramLabel = "NAME=VALUE",
            description = "A placement option of the mode, as its peer spells it (repeatable; see 'hashring modes').")
    List<String> options;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "100000",
            description = "Random keys to route through both versions (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "Seed of the sampled keys (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws InterruptedException {
        if (interval < 1 || interval > MAX_INTERVAL_MS) {
            throw new UsageError("--interval must be 1.." + MAX_INTERVAL_MS + " ms, was " + interval);
        }
        if (count != null && count < 1) {
            throw new UsageError("--count must be at least 1, was " + count);
        }
        if (samples < 1 || samples > DemoCommand.MAX_KEYS) {
            throw new UsageError("--samples must be 1.." + DemoCommand.MAX_KEYS + ", was " + samples);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        byte[] seen = bytes();
        Cluster current = Cluster.of(file, null, mode, hash, Cluster.options(options));
        int version = 1;
        printFirst(out, current);
        while (count == null || version < count) {
            Thread.sleep(interval);
            byte[] now = bytes();
            if (Arrays.equals(now, seen)) {
                continue;
            }
            seen = now;
            Cluster next;
            try {
                next = Cluster.of(file, null, mode, hash, Cluster.options(options));
            } catch (UsageError e) {
                // Once per content: an unchanged bad file is not read again (the bytes check above).
                err.println(spec.qualifiedName() + ": rejected " + Cluster.oneLine(e.getMessage()) + " (still on version " + version + ")");
                err.flush();
                continue;
            }
            if (next.topology().equals(current.topology())) {
                continue; // the bytes changed, the topology did not (spacing, field order)
            }
            version++;
            printChange(out, version, current, next);
            current = next;
        }
        return HashringCli.EXIT_OK;
    }

    /** The file's bytes, or null when it cannot be read now (Cluster.of then names why). */
    private byte[] bytes() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
    }

    private void printFirst(PrintWriter out, Cluster c) {
        out.printf(Locale.ROOT, "version 1: %d servers (%s), mode %s%n", c.servers().size(), c.source(), c.placement());
        out.println("  servers: " + list(addresses(c.servers())));
        Output.finish(out);
    }

    private void printChange(PrintWriter out, int version, Cluster before, Cluster after) {
        out.println();
        out.printf(Locale.ROOT, "version %d: %d servers (%s), mode %s%n", version, after.servers().size(), after.source(), after.placement());
        Map<String, Server> a = byAddress(before.servers());
        Map<String, Server> b = byAddress(after.servers());
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        b.forEach((address, s) -> {
            Server old = a.get(address);
            if (old == null) {
                added.add(address);
            } else if (!old.equals(s)) {
                changed.add(old + " -> " + s);
            }
        });
        a.keySet().stream().filter(address -> !b.containsKey(address)).forEach(removed::add);
        if (!added.isEmpty()) {
            out.println("  added:   " + list(added));
        }
        if (!removed.isEmpty()) {
            out.println("  removed: " + list(removed));
        }
        if (!changed.isEmpty()) {
            out.println("  changed: " + list(changed));
        }
        if (!before.placement().equals(after.placement())) {
            out.println("  mode:    " + before.placement() + " -> " + after.placement());
        }
        DiffCommand.Result r = DiffCommand.diff(before, after, samples, seed);
        DiffCommand.printMoved(out, r, samples, seed);
        DiffCommand.printFlows(out, r);
        Output.finish(out);
    }

    private static Map<String, Server> byAddress(List<Server> servers) {
        Map<String, Server> out = new LinkedHashMap<>();
        for (Server s : servers) {
            out.put(s.address(), s);
        }
        return out;
    }

    private static List<String> addresses(List<Server> servers) {
        List<String> out = new ArrayList<>(servers.size());
        for (Server s : servers) {
            out.add(s.toString());
        }
        return out;
    }

    private static String list(List<String> items) {
        if (items.size() <= SERVERS_SHOWN) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, SERVERS_SHOWN)) + ", ... (" + (items.size() - SERVERS_SHOWN) + " more)";
    }
}
