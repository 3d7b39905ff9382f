package io.hashring.cli;

import io.hashring.cli.NativeSimulation.Algorithm;
import io.hashring.cli.NativeSimulation.Row;
import io.hashring.core.NativeRouting;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hashring simulate}: balance, movement, memory and build time of the native routing
 * candidates and the ketama ring at several fleet sizes, as a markdown table or JSON, optionally
 * with an SVG plot. Lookup speed is not measured here (JMH: {@code NativeRouteBenchmark}).
 */
@Command(name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
                "Measures each routing algorithm at each fleet size: key-space peak/mean and standard deviation of the load,",
                "keys moved when one server is added / removed / reweighted 1 -> 2 (as a multiple of the optimum),",
                "bytes of lookup arrays per server and build time. Rings and Maglev are exact; the slot router and",
                "rendezvous are sampled over --keys uniform 64-bit key hashes (rendezvous: at most "
                        + NativeSimulation.RENDEZVOUS_WORK + " / N keys),",
                "shown beside what a perfectly uniform assignment gives at that sample size.",
                "Mode " + NativeRouting.MODE + " (clients, topology files) is weighted rendezvous: placement independent of history."})
final class SimulateCommand implements Callable<Integer> {

    static final int MAX_NODES = 20_000;
    static final int MAX_KEYS = 100_000_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N[,N...]", split = ",", defaultValue = "10,100,1000,10000",
            description = "Fleet sizes, 1.." + MAX_NODES + " (default: ${DEFAULT-VALUE}).")
    List<Integer> nodes;

    @Option(names = "--keys", paramLabel = "K", defaultValue = "10000000",
            description = "Sampled key hashes per algorithm and fleet size, 1000.." + MAX_KEYS + " (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--algorithms", paramLabel = "A[,A...]", split = ",",
            defaultValue = "slot,maglev,rendezvous,ketama-160,ketama-1000",
            description = "Algorithms: slot, maglev, rendezvous, ketama-160, ketama-1000 (default: ${DEFAULT-VALUE}).")
    List<String> algorithms;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (markdown) or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--svg", paramLabel = "FILE", description = "Also write an SVG plot of peak/mean and moved-on-remove / optimum against N.")
    Path svg;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "Seed of the sampled key hashes (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        if (!format.equals("table") && !format.equals("json")) {
            throw new UsageError("--format must be table or json, was '" + format + "'");
        }
        if (keys < 1000 || keys > MAX_KEYS) {
            throw new UsageError("--keys must be 1000.." + MAX_KEYS + ", was " + keys);
        }
        for (int n : nodes) {
            if (n < 1 || n > MAX_NODES) {
                throw new UsageError("--nodes must each be 1.." + MAX_NODES + ", was " + n);
            }
        }
        List<Algorithm> chosen = new ArrayList<>();
        for (String a : algorithms) {
            chosen.add(Algorithm.byLabel(a.trim()));
        }
        List<Row> rows = new ArrayList<>();
        for (Algorithm a : chosen) {
            for (int n : nodes) {
                rows.add(NativeSimulation.measure(a, n, keys, seed));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(format.equals("json") ? json(rows) : table(rows, keys, seed));
        out.flush();
        if (svg != null) {
            Files.writeString(svg, SimulationPlot.svg(rows), StandardCharsets.UTF_8);
        }
        return HashringCli.EXIT_OK;
    }

    static String table(List<Row> rows, int keys, long seed) {
        StringBuilder b = new StringBuilder();
        b.append("| algorithm | N | peak/mean | sd | sampled peak/mean (uniform ideal) | add: moved (x opt) | remove: moved (x opt) "
                + "| weight 1->2: moved (x opt) | B/server | build ms |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            b.append("| ").append(r.algorithm().label)
                    .append(" | ").append(r.n())
                    .append(" | ").append(f("%.4f", r.peak())).append(r.exactBalance() ? "" : " \u2020")
                    .append(" | ").append(f("%.4f", r.sd()))
                    .append(" | ").append(r.exactBalance() ? "exact" : f("%.4f", r.sampledPeak()) + " (" + f("%.4f", r.idealPeak())
                            + ", " + r.samples() + " keys)")
                    .append(" | ").append(moved(r.movedAdd(), r.optimumAdd(), r.exactMovement()))
                    .append(" | ").append(moved(r.movedRemove(), r.optimumRemove(), r.exactMovement()))
                    .append(" | ").append(moved(r.movedWeight(), r.optimumWeight(), r.exactMovement()))
                    .append(" | ").append(f("%.1f", r.bytesPerServer()))
                    .append(" | ").append(f("%.2f", r.buildMillis()))
                    .append(" |\n");
        }
        b.append("\nExact: rings (arcs of the 2^32 hash space) and Maglev (table entries). \u2020 by construction: the slot router's")
                .append(" node owns (its slots) / (held slots) of the key space, rendezvous w / W; its sampled peak/mean (")
                .append(keys).append(" key hashes, seed ").append(seed)
                .append("; rendezvous at most ").append(NativeSimulation.RENDEZVOUS_WORK).append(" / N) is shown beside a perfectly")
                .append(" uniform assignment of the same number of keys. Movement marked ~ is sampled over the row's keys. Optimum moved fraction: 1/(N+1) add, 1/N remove, (N-1)/(N(N+1)) weight 1 -> 2.")
                .append(" B/server: bytes of lookup arrays per server.\n");
        return b.toString();
    }

    private static String moved(double moved, double optimum, boolean exact) {
        return (exact ? "" : "~") + f("%.5f", moved) + " (" + f("%.2f", moved / optimum) + ")";
    }

    static String json(List<Row> rows) {
        StringBuilder b = new StringBuilder("[\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            b.append("  {\"algorithm\": \"").append(r.algorithm().label).append('"')
                    .append(", \"n\": ").append(r.n())
                    .append(", \"peakToMean\": ").append(num(r.peak()))
                    .append(", \"sd\": ").append(num(r.sd()))
                    .append(", \"balance\": \"").append(r.exactBalance() ? "exact" : "by-construction").append('"')
                    .append(", \"samples\": ").append(r.samples())
                    .append(", \"sampledPeakToMean\": ").append(num(r.sampledPeak()))
                    .append(", \"uniformIdealPeakToMean\": ").append(num(r.idealPeak()))
                    .append(", \"movedAdd\": ").append(num(r.movedAdd()))
                    .append(", \"movedRemove\": ").append(num(r.movedRemove()))
                    .append(", \"movedWeight\": ").append(num(r.movedWeight()))
                    .append(", \"optimumAdd\": ").append(num(r.optimumAdd()))
                    .append(", \"optimumRemove\": ").append(num(r.optimumRemove()))
                    .append(", \"optimumWeight\": ").append(num(r.optimumWeight()))
                    .append(", \"movement\": \"").append(r.exactMovement() ? "exact" : "sampled").append('"')
                    .append(", \"bytesPerServer\": ").append(num(r.bytesPerServer()))
                    .append(", \"buildMillis\": ").append(num(r.buildMillis()))
                    .append(i + 1 < rows.size() ? "},\n" : "}\n");
        }
        return b.append("]\n").toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "null" : f("%.6g", v);
    }

    static String f(String pattern, double v) {
        return String.format(Locale.ROOT, pattern, v);
    }
}
