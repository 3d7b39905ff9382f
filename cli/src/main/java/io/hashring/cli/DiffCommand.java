package io.hashring.cli;

import io.hashring.core.Node;
import io.hashring.core.Ring;
import io.hashring.core.RingDiff;
import io.hashring.core.Router;
import io.hashring.hash.interop.Server;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hashring diff}: what a topology change moves. Exact ({@link Ring#diff}, arc by arc over
 * the 2^32 hash space) when the mode builds rings; otherwise sampled over random keys. Servers
 * are matched by address ({@code HOST:PORT} as configured), so a reweighted server is the same
 * server.
 */
@Command(name = "diff",
        mixinStandardHelpOptions = true,
        description = {
                "Shows what a topology change moves: the moved fraction and the flows from -> to.",
                "Going from --servers to --to-servers: exact (Ring.diff) for ring-based modes, otherwise measured over",
                "--samples random keys."})
final class DiffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--mode", required = true, paramLabel = "MODE", description = "Interop mode (see 'hashring modes').")
    String mode;

    @Option(names = "--hash", paramLabel = "NAME", description = "Key hash, for modes that let the user choose.")
    String hash;

    @Option(names = "--servers", required = true, paramLabel = "SPEC[,SPEC...]", description = "The topology before the change.")
    String servers;

    @Option(names = "--to-servers", required = true, paramLabel = "SPEC[,SPEC...]", description = "The topology after the change.")
    String toServers;

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
        Topology before = Topology.of(mode, hash, "--servers", servers);
        List<Server> afterServers = Topology.servers("--to-servers", toServers);
        Router<Server> afterRouter = Topology.router(before.mode(), before.hash(), afterServers, "--to-servers");

        Ring<Server> ringBefore = Topology.ringOf(before.router());
        Ring<Server> ringAfter = Topology.ringOf(afterRouter);
        double moved;
        Map<String, Map<String, Double>> flows;
        String how;
        if (ringBefore != null && ringAfter != null) {
            RingDiff diff = Ring.diff(ringBefore, ringAfter);
            double[] sameServer = new double[1];
            flows = byAddress(diff.flows(), ringBefore, ringAfter, sameServer);
            moved = diff.movedFraction() - sameServer[0];
            how = "of the hash space (exact, Ring.diff)";
        } else {
            flows = new LinkedHashMap<>();
            long movedKeys = 0;
            RandomKeys keys = new RandomKeys(seed);
            for (int i = 0; i < samples; i++) {
                String key = keys.next();
                String from = before.router().route(key).address();
                String to = afterRouter.route(key).address();
                if (!from.equals(to)) {
                    movedKeys++;
                    flows.computeIfAbsent(from, k -> new LinkedHashMap<>()).merge(to, 1.0 / samples, Double::sum);
                }
            }
            moved = movedKeys / (double) samples;
            how = String.format(Locale.ROOT, "of %d random keys (seed %d; the mode's routers are not rings, so sampled)", samples, seed);
        }

        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "mode %s%s: %d servers -> %d servers%n", before.mode().name(),
                before.hash() == null ? "" : " (hash " + before.hash() + ")", before.servers().size(), afterServers.size());
        out.printf(Locale.ROOT, "moved: %s %s%n", InspectCommand.percent(moved), how);
        List<String[]> rows = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        flows.forEach((from, tos) -> tos.forEach((to, share) -> {
            rows.add(new String[] {from, to});
            shares.add(share);
        }));
        if (rows.isEmpty()) {
            out.println("no key changes server");
        } else {
            Integer[] order = new Integer[rows.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            // Largest flow first; ties in input order (stable sort).
            Arrays.sort(order, Comparator.comparing((Integer i) -> shares.get(i)).reversed());
            int fromWidth = "from".length();
            int toWidth = "to".length();
            for (String[] r : rows) {
                fromWidth = Math.max(fromWidth, r[0].length());
                toWidth = Math.max(toWidth, r[1].length());
            }
            String row = "%-" + fromWidth + "s  ->  %-" + toWidth + "s  %8s%n";
            out.println();
            out.printf(Locale.ROOT, row, "from", "to", "share");
            for (int i : order) {
                out.printf(Locale.ROOT, row, rows.get(i)[0], rows.get(i)[1], InspectCommand.percent(shares.get(i)));
            }
        }
        out.flush();
        return HashringCli.EXIT_OK;
    }

    /**
     * Rewrites a diff's node ids as the servers' configured addresses (ids may be mode-specific
     * point keys); a flow between two ids of one address is not a move and goes to {@code sameServer[0]}.
     */
    private static Map<String, Map<String, Double>> byAddress(Map<String, Map<String, Double>> flows, Ring<Server> a, Ring<Server> b,
            double[] sameServer) {
        Map<String, String> address = new HashMap<>();
        for (Node<Server> node : a.nodes()) {
            address.put(node.id(), node.value().address());
        }
        for (Node<Server> node : b.nodes()) {
            address.putIfAbsent(node.id(), node.value().address());
        }
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        flows.forEach((from, tos) -> tos.forEach((to, share) -> {
            String x = address.getOrDefault(from, from);
            String y = address.getOrDefault(to, to);
            if (x.equals(y)) {
                sameServer[0] += share; // the id changed (a mode whose ids carry more than the address), the server did not
            } else {
                out.computeIfAbsent(x, k -> new LinkedHashMap<>()).merge(y, share, Double::sum);
            }
        }));
        return out;
    }
}
