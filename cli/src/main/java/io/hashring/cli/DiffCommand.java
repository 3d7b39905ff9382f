package io.hashring.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hashring.core.Node;
import io.hashring.core.Ring;
import io.hashring.core.RingDiff;
import io.hashring.core.Router;
import io.hashring.hash.interop.Server;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hashring diff BEFORE AFTER}: what a topology change moves. The moved fraction of the hash
 * space (exact, {@link Ring#diff}, arc by arc, when both placements are rings) and of
 * {@code --samples} random keys (always), and the from -&gt; to flows. Servers are matched by
 * address ({@code HOST:PORT} as configured), so a reweighted or renamed server is the same server.
 * {@code --max-moved X} makes it a deployment gate: exit 1 when more than X moves.
 */
@Command(name = "diff",
        mixinStandardHelpOptions = true,
        description = {
                "Shows what a topology change moves: the moved fraction of the hash space (exact, Ring.diff, for",
                "ring placements) and of --samples random keys, and the flows from -> to. BEFORE and AFTER are",
                "topology files or server lists HOST:PORT[:WEIGHT[:NAME]][,...]. With --max-moved X it is a",
                "deployment gate: exit 1 when more than X (a fraction, e.g. 0.3) of the keys would move."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success (and at most --max-moved moves)", "1:more than --max-moved moves, or the output failed",
                "2:bad input"},
        footer = {"", "Examples:", "  hashring diff eight-servers.json thirteen-servers.json --max-moved 0.3",
                "  hashring diff 10.0.0.1:11211,10.0.0.2:11211 10.0.0.1:11211,10.0.0.2:11211,10.0.0.3:11211 --format json"})
final class DiffCommand implements Callable<Integer> {

    /** Flows print as a matrix up to this many servers a side; beyond, as a list of the largest. */
    static final int MATRIX_MAX = 16;
    static final int LIST_MAX = 40;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BEFORE", description = "The topology before the change: a topology file or a server list.")
    String before;

    @Parameters(index = "1", paramLabel = "AFTER", description = "The topology after the change: a topology file or a server list.")
    String after;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "Placement for both sides (default: each file's own, else ketama-fixed-points).")
    String mode;

    @Option(names = "--hash", paramLabel = "NAME", description = "Key hash, for modes that let the user choose.")
    String hash;

    @Option(names = "--option", paramLabel = "NAME=VALUE",
            description = "A placement option of the mode, as its peer spells it (repeatable; see 'hashring modes').")
    List<String> options;

    @Option(names = "--max-moved", paramLabel = "X",
            description = "Exit 1 when more than this fraction (0..1) of the keys moves: exact when both sides are rings, else sampled.")
    Double maxMoved;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "100000",
            description = "Random keys to route through both sides (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "Seed of the sampled keys (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    Output.FormatOption format;

    /** What moved: {@code exact} is NaN unless both sides are rings; flows are by address, shares of all keys. */
    record Result(Cluster before, Cluster after, double exact, double sampled, Map<String, Map<String, Double>> flows,
            boolean flowsExact) {

        double gated() {
            return Double.isNaN(exact) ? sampled : exact;
        }
    }

    @Override
    public Integer call() throws IOException {
        if (samples < 1 || samples > DemoCommand.MAX_KEYS) {
            throw new UsageError("--samples must be 1.." + DemoCommand.MAX_KEYS + ", was " + samples);
        }
        if (maxMoved != null && !(maxMoved >= 0 && maxMoved <= 1)) {
            throw new UsageError("--max-moved must be a fraction 0..1 (0.3 = 30%), was " + maxMoved);
        }
        Cluster a = Cluster.ofArgument("BEFORE", before, mode, hash, Cluster.options(options));
        Cluster b = Cluster.ofArgument("AFTER", after, mode, hash, Cluster.options(options));
        Result r = diff(a, b, samples, seed);
        PrintWriter out = spec.commandLine().getOut();
        if (format.json()) {
            json(out, r);
        } else {
            table(out, r);
        }
        Output.finish(out);
        if (maxMoved != null && r.gated() > maxMoved) {
            spec.commandLine().getErr().printf(Locale.ROOT, "hashring diff: %s of the keys move (%s), more than --max-moved %s%n",
                    Output.percent(r.gated()), Double.isNaN(r.exact()) ? "sampled" : "exact", Output.percent(maxMoved));
            return HashringCli.EXIT_FAILURE;
        }
        return HashringCli.EXIT_OK;
    }

    static Result diff(Cluster a, Cluster b, int samples, long seed) {
        Ring<Server> ringA = Cluster.ringOf(a.router());
        Ring<Server> ringB = Cluster.ringOf(b.router());
        double exact = Double.NaN;
        Map<String, Map<String, Double>> flows = null;
        if (ringA != null && ringB != null && ringA.hashFunction().name().equals(ringB.hashFunction().name())) {
            RingDiff diff = Ring.diff(ringA, ringB);
            double[] sameServer = new double[1];
            flows = byAddress(diff.flows(), ringA, ringB, sameServer);
            exact = diff.movedFraction() - sameServer[0];
        }
        // Sampled: both sides route the same keys; linear in samples (no per-key allocation beyond the key).
        Map<String, Map<String, Double>> sampledFlows = new LinkedHashMap<>();
        String[] addrA = addresses(a.router());
        String[] addrB = addresses(b.router());
        long moved = 0;
        RandomKeys keys = new RandomKeys(seed);
        for (int i = 0; i < samples; i++) {
            String key = keys.next();
            String from = addrA[a.router().indexOf(key)];
            String to = addrB[b.router().indexOf(key)];
            if (!from.equals(to)) {
                moved++;
                sampledFlows.computeIfAbsent(from, k -> new LinkedHashMap<>()).merge(to, 1.0 / samples, Double::sum);
            }
        }
        boolean flowsExact = flows != null;
        return new Result(a, b, exact, moved / (double) samples, flowsExact ? flows : sampledFlows, flowsExact);
    }

    private static String[] addresses(Router<Server> router) {
        String[] out = new String[router.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = router.value(i).address();
        }
        return out;
    }

    /**
     * Rewrites a diff's node ids as the servers' configured addresses (ids may be names or
     * mode-specific point keys); a flow between two ids of one address is not a move and goes to
     * {@code sameServer[0]}.
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
                sameServer[0] += share;
            } else {
                out.computeIfAbsent(x, k -> new LinkedHashMap<>()).merge(y, share, Double::sum);
            }
        }));
        return out;
    }

    private void table(PrintWriter out, Result r) {
        out.printf(Locale.ROOT, "before: %d servers (%s), mode %s%n", r.before().servers().size(), r.before().source(), r.before().placement());
        out.printf(Locale.ROOT, "after:  %d servers (%s), mode %s%n", r.after().servers().size(), r.after().source(), r.after().placement());
        printMoved(out, r, samples, seed);
        if (maxMoved != null) {
            out.printf(Locale.ROOT, "gate:   %s %s --max-moved %s%n", Output.percent(r.gated()), r.gated() > maxMoved ? ">" : "<=",
                    Output.percent(maxMoved));
        }
        printFlows(out, r);
    }

    /** The {@code moved:} line of a diff: exact and sampled when both sides are rings of one hash, else sampled. */
    static void printMoved(PrintWriter out, Result r, int samples, long seed) {
        if (!Double.isNaN(r.exact())) {
            out.printf(Locale.ROOT, "moved:  %s of the hash space (exact, Ring.diff); %s of %d sampled keys (seed %d)%n",
                    Output.percent(r.exact()), Output.percent(r.sampled()), samples, seed);
        } else {
            out.printf(Locale.ROOT, "moved:  %s of %d sampled keys (seed %d; not both rings of one hash, so no exact figure)%n",
                    Output.percent(r.sampled()), samples, seed);
        }
    }

    /**
     * A diff's flows from -&gt; to: a matrix up to {@value #MATRIX_MAX} servers a side, else the
     * {@value #LIST_MAX} largest; {@code no key changes server} when nothing moves.
     */
    static void printFlows(PrintWriter out, Result r) {
        List<Flow> flows = flows(r.flows());
        if (flows.isEmpty()) {
            out.println("no key changes server");
            return;
        }
        // Rows and columns in configuration order (before's servers, then after's), not by flow size.
        Set<String> froms = new LinkedHashSet<>();
        Set<String> tos = new LinkedHashSet<>();
        Set<String> sending = new HashSet<>();
        Set<String> receiving = new HashSet<>();
        for (Flow f : flows) {
            sending.add(f.from());
            receiving.add(f.to());
        }
        for (Cluster side : List.of(r.before(), r.after())) {
            for (Server s : side.servers()) {
                if (sending.contains(s.address())) {
                    froms.add(s.address());
                }
                if (receiving.contains(s.address())) {
                    tos.add(s.address());
                }
            }
        }
        String what = r.flowsExact() ? "share of the hash space" : "share of the sampled keys";
        out.println();
        if (froms.size() <= MATRIX_MAX && tos.size() <= MATRIX_MAX) {
            out.println("from (rows) -> to (columns), " + what + ":");
            List<String> cols = new ArrayList<>(tos);
            String[] head = new String[cols.size() + 2];
            head[0] = "from \\ to";
            for (int i = 0; i < cols.size(); i++) {
                head[i + 1] = cols.get(i);
            }
            head[head.length - 1] = "total";
            List<String[]> rows = new ArrayList<>();
            for (String from : froms) {
                String[] row = new String[head.length];
                row[0] = from;
                Map<String, Double> m = r.flows().get(from);
                double total = 0;
                for (int i = 0; i < cols.size(); i++) {
                    Double v = m.get(cols.get(i));
                    row[i + 1] = v == null ? "." : Output.percent(v);
                    total += v == null ? 0 : v;
                }
                row[row.length - 1] = Output.percent(total);
                rows.add(row);
            }
            Tables.print(out, head, rows);
        } else {
            out.printf(Locale.ROOT, "largest flows from -> to (%d in all), %s:%n", flows.size(), what);
            List<String[]> rows = new ArrayList<>();
            for (Flow f : flows.subList(0, Math.min(LIST_MAX, flows.size()))) {
                rows.add(new String[] {f.from(), "->", f.to(), Output.percent(f.share())});
            }
            Tables.print(out, new String[] {"from", "", "to", "share"}, rows);
        }
    }

    record Flow(String from, String to, double share) {
    }

    /** Every flow, largest first (ties in input order). */
    static List<Flow> flows(Map<String, Map<String, Double>> flows) {
        List<Flow> out = new ArrayList<>();
        flows.forEach((from, tos) -> tos.forEach((to, share) -> out.add(new Flow(from, to, share))));
        out.sort((x, y) -> Double.compare(y.share(), x.share()));
        return out;
    }

    private void json(PrintWriter out, Result r) throws IOException {
        try (JsonGenerator g = Output.json(out)) {
            g.writeStartObject();
            side(g, "before", r.before());
            side(g, "after", r.after());
            if (!Double.isNaN(r.exact())) {
                g.writeNumberField("movedHashSpace", Output.round(r.exact()));
            } else {
                g.writeNullField("movedHashSpace");
            }
            g.writeNumberField("movedSampledKeys", Output.round(r.sampled()));
            g.writeNumberField("samples", samples);
            g.writeNumberField("seed", seed);
            if (maxMoved != null) {
                g.writeNumberField("maxMoved", maxMoved);
                g.writeBooleanField("passed", r.gated() <= maxMoved);
            }
            g.writeStringField("flowsOf", r.flowsExact() ? "hash space" : "sampled keys");
            g.writeArrayFieldStart("flows");
            for (Flow f : flows(r.flows())) {
                g.writeStartObject();
                g.writeStringField("from", f.from());
                g.writeStringField("to", f.to());
                g.writeNumberField("share", Output.round(f.share()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.println();
    }

    private static void side(JsonGenerator g, String name, Cluster c) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeStringField("source", c.source());
        g.writeStringField("mode", c.topology().mode());
        if (c.topology().hash().isPresent()) {
            g.writeStringField("hash", c.topology().hash().get());
        }
        if (!c.topology().options().isEmpty()) {
            g.writeObjectFieldStart("options");
            for (java.util.Map.Entry<String, String> e : c.topology().options().entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        }
        g.writeNumberField("servers", c.servers().size());
        g.writeEndObject();
    }
}
