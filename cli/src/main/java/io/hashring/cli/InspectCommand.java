package io.hashring.cli;

import io.hashring.core.Node;
import io.hashring.core.Ring;
import io.hashring.core.Router;
import io.hashring.hash.interop.Server;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hashring inspect}: per server, its weight, its points and its share. For a ring the share
 * is exact ({@link Ring#shares()}, the fraction of the 2^32 hash space it owns); for any other
 * router it is the fraction of {@code --samples} random keys routed to it.
 */
@Command(name = "inspect",
        mixinStandardHelpOptions = true,
        description = {
                "Shows each server's weight, points on the ring and share of the hash space.",
                "Shares are exact for ring-based modes, otherwise the share of --samples random keys (the sample",
                "count is printed)."})
final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--mode", required = true, paramLabel = "MODE", description = "Interop mode (see 'hashring modes').")
    String mode;

    @Option(names = "--hash", paramLabel = "NAME", description = "Key hash, for modes that let the user choose.")
    String hash;

    @Option(names = "--servers", required = true, paramLabel = "SPEC[,SPEC...]",
            description = "Servers in configuration order, each HOST:PORT[:WEIGHT[:NAME]]; IPv6 hosts in brackets.")
    String servers;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "100000",
            description = "Random keys to sample when the mode is not ring-based (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "Seed of the sampled keys (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        if (samples < 1 || samples > DemoCommand.MAX_KEYS) {
            throw new UsageError("--samples must be 1.." + DemoCommand.MAX_KEYS + ", was " + samples);
        }
        Topology topology = Topology.of(mode, hash, "--servers", servers);
        PrintWriter out = spec.commandLine().getOut();
        Ring<Server> ring = Topology.ringOf(topology.router());
        out.printf(Locale.ROOT, "mode %s%s, %d servers%n", topology.mode().name(),
                topology.hash() == null ? "" : " (hash " + topology.hash() + ")", topology.servers().size());
        int width = "server".length();
        for (Server server : topology.servers()) {
            width = Math.max(width, label(server).length());
        }
        String row = "%-" + width + "s  %6s  %8s  %8s%n";
        if (ring != null) {
            out.printf(Locale.ROOT, "%d distinct points on the ring; shares are exact (Ring.shares)%n%n", ring.points());
            out.printf(Locale.ROOT, row, "server", "weight", "points", "share");
            Map<String, Double> shares = ring.shares();
            for (Node<Server> node : inConfigurationOrder(ring.nodes(), topology.servers())) {
                out.printf(Locale.ROOT, row, label(node.value()), node.weight(), ring.pointCount(node.id()),
                        percent(shares.getOrDefault(node.id(), 0.0)));
            }
        } else {
            Router<Server> router = topology.router();
            Map<Server, long[]> counts = new HashMap<>();
            for (Server server : topology.servers()) {
                counts.put(server, new long[1]);
            }
            RandomKeys keys = new RandomKeys(seed);
            for (int i = 0; i < samples; i++) {
                counts.computeIfAbsent(router.route(keys.next()), s -> new long[1])[0]++;
            }
            out.printf(Locale.ROOT, "router %s is not a ring; shares are sampled over %d random keys (seed %d)%n%n",
                    router.getClass().getSimpleName(), samples, seed);
            out.printf(Locale.ROOT, row, "server", "weight", "points", "share");
            List<Server> list = topology.servers();
            for (Server server : list) {
                out.printf(Locale.ROOT, row, label(server), server.weight(), "-", percent(counts.get(server)[0] / (double) samples));
            }
        }
        out.flush();
        return HashringCli.EXIT_OK;
    }

    /**
     * The ring's nodes in the order the servers were configured (a mode may order its ring's nodes
     * differently, e.g. twemproxy sorts by name); nodes whose server is not in {@code servers} last.
     */
    static List<Node<Server>> inConfigurationOrder(List<Node<Server>> nodes, List<Server> servers) {
        List<Node<Server>> sorted = new ArrayList<>(nodes);
        sorted.sort(Comparator.comparingInt((Node<Server> n) -> {
            int i = servers.indexOf(n.value());
            return i < 0 ? Integer.MAX_VALUE : i;
        }));
        return sorted;
    }

    /** The address as configured, and the server's name when it has one. */
    static String label(Server server) {
        return server.name() == null ? server.address() : server.address() + " (" + server.name() + ")";
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.3f%%", 100 * fraction);
    }
}
