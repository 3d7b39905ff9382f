package io.hashring.cli;

import io.hashring.core.ModuloRouter;
import io.hashring.core.Ring;
import io.hashring.core.RingDiff;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hashring demo}: the seed experiment. Route random keys over N nodes, add M nodes, count
 * the keys that keep their node, once for a ketama ring and once for {@code md5 mod n}; beside
 * each count, the exact expected share (for the ring from {@link Ring#diff}, for modulo by
 * counting the hashes h in [0, 2^32) with h mod N = h mod (N+M)).
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {
                "Runs the seed experiment: how many keys keep their server when servers are added, ring vs modulo.",
                "Routes --keys random keys over --nodes servers, adds --added servers, and counts the keys that keep",
                "their server: a ketama ring (libmemcached weighted ketama, MD5) against md5(key) mod n, each beside",
                "the exact expected share."})
final class DemoCommand implements Callable<Integer> {

    static final int MAX_NODES = 10_000;
    static final int MAX_KEYS = 10_000_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "8", description = "Servers before the change (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--keys", paramLabel = "K", defaultValue = "500", description = "Random keys to route (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--added", paramLabel = "M", defaultValue = "5", description = "Servers added (default: ${DEFAULT-VALUE}).")
    int added;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42", description = "Seed of the random keys (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    Output.FormatOption format;

    @Override
    public Integer call() {
        check("--nodes", nodes, 1, MAX_NODES);
        check("--added", added, 0, MAX_NODES - nodes);
        check("--keys", keys, 1, MAX_KEYS);
        Result r = compute(nodes, added, keys, seed);
        PrintWriter out = spec.commandLine().getOut();
        if (format.json()) {
            printJson(r, out);
        } else {
            printTable(r, out);
        }
        Output.finish(out);
        return HashringCli.EXIT_OK;
    }

    /**
     * The in-memory experiment's figures.
     *
     * @param ringKept     keys that keep their server on the ketama ring
     * @param moduloKept   keys that keep their server under md5 mod n
     * @param ringMoved    the ring's exact moved fraction (Ring.diff)
     * @param moduloSame   32-bit hashes h with h mod N = h mod (N+M)
     */
    record Result(int nodes, int added, int keys, long seed, int ringKept, int moduloKept, double ringMoved, long moduloSame) {
    }

    static Result compute(int nodes, int added, int keys, long seed) {
        String[] before = servers(0, nodes);
        String[] after = servers(0, nodes + added);
        Ring<String> ringBefore = Ring.ketama(before);
        Ring<String> ringAfter = Ring.ketama(after);
        ModuloRouter<String> moduloBefore = ModuloRouter.of(before);
        ModuloRouter<String> moduloAfter = ModuloRouter.of(after);

        RandomKeys random = new RandomKeys(seed);
        int ringKept = 0;
        int moduloKept = 0;
        for (int i = 0; i < keys; i++) {
            String key = random.next();
            if (ringBefore.indexOf(key) == ringAfter.indexOf(key)) {
                ringKept++; // the first nodes keep their indexes in the grown ring
            }
            if (moduloBefore.indexOf(key) == moduloAfter.indexOf(key)) {
                moduloKept++;
            }
        }
        RingDiff diff = Ring.diff(ringBefore, ringAfter);
        return new Result(nodes, added, keys, seed, ringKept, moduloKept, diff.movedFraction(), moduloKeptHashes(nodes, nodes + added));
    }

    static void printTable(Result r, PrintWriter out) {
        int total = r.nodes() + r.added();
        out.printf(Locale.ROOT, "Seed experiment (in memory, no memcached): %d nodes, %d random keys (seed %d), then %d nodes added (%d in all).%n%n",
                r.nodes(), r.keys(), r.seed(), r.added(), total);
        out.printf(Locale.ROOT, "%-22s %-28s %s%n", "router", "keys that keep their node", "expected share that keeps its node (exact)");
        out.printf(Locale.ROOT, "%-22s %-28s %6.2f%%  (Ring.diff: %.2f%% of the hash space moves)%n",
                "ketama ring (md5)", kept(r.ringKept(), r.keys()), 100 * (1 - r.ringMoved()), 100 * r.ringMoved());
        out.printf(Locale.ROOT, "%-22s %-28s %6.2f%%  (h mod %d = h mod %d for %d of 2^32 hashes)%n",
                "modulo (md5 mod n)", kept(r.moduloKept(), r.keys()), 100 * (r.moduloSame() / 4294967296.0), r.nodes(), total, r.moduloSame());
        out.printf(Locale.ROOT, "%nIdeal (only the added nodes' share moves): %d of %d = %.2f%% keep their node.%n",
                r.nodes(), total, 100.0 * r.nodes() / total);
    }

    static void printJson(Result r, PrintWriter out) {
        try (com.fasterxml.jackson.core.JsonGenerator g = Output.json(out)) {
            g.writeStartObject();
            g.writeStringField("experiment", "seed (in memory)");
            g.writeNumberField("nodes", r.nodes());
            g.writeNumberField("added", r.added());
            g.writeNumberField("keys", r.keys());
            g.writeNumberField("seed", r.seed());
            g.writeNumberField("ideal", Output.round(r.nodes() / (double) (r.nodes() + r.added())));
            g.writeArrayFieldStart("rows");
            g.writeStartObject();
            g.writeStringField("router", "ketama ring (md5)");
            g.writeNumberField("kept", r.ringKept());
            g.writeNumberField("expected", Output.round(1 - r.ringMoved()));
            g.writeEndObject();
            g.writeStartObject();
            g.writeStringField("router", "modulo (md5 mod n)");
            g.writeNumberField("kept", r.moduloKept());
            g.writeNumberField("expected", Output.round(r.moduloSame() / 4294967296.0));
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        out.println();
    }

    /** {@code host:port} ids for servers {@code from..to-1}: 10.0.0.1:11211, 10.0.0.2:11211, ... */
    static String[] servers(int from, int to) {
        String[] ids = new String[to - from];
        for (int i = from; i < to; i++) {
            int n = i + 1;
            ids[i - from] = "10.0." + (n >> 8) + "." + (n & 0xFF) + ":11211";
        }
        return ids;
    }

    /**
     * How many 32-bit hashes h satisfy {@code h mod a == h mod b}. Within one period of
     * L = lcm(a, b) that holds exactly for h in [0, min(a, b)) (both residues equal h mod L, which is
     * below both moduli only there), so the count is {@code (2^32 / L) * min + min(2^32 mod L, min)}.
     */
    static long moduloKeptHashes(int a, int b) {
        long min = Math.min(a, b);
        long lcm = (long) a / gcd(a, b) * b;
        long space = 1L << 32;
        return space / lcm * min + Math.min(space % lcm, min);
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static String kept(int kept, int of) {
        return String.format(Locale.ROOT, "%d of %d = %.1f%%", kept, of, 100.0 * kept / of);
    }

    private static void check(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new UsageError(option + " must be " + min + ".." + max + ", was " + value);
        }
    }
}
