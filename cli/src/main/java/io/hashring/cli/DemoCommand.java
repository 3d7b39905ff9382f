package io.hashring.cli;

import io.hashring.core.ModuloRouter;
import io.hashring.core.Ring;
import io.hashring.core.RingDiff;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

    @Override
    public Integer call() {
        check("--nodes", nodes, 1, MAX_NODES);
        check("--added", added, 0, MAX_NODES - nodes);
        check("--keys", keys, 1, MAX_KEYS);

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
            if (ringBefore.route(key).equals(ringAfter.route(key))) {
                ringKept++;
            }
            if (moduloBefore.route(key).equals(moduloAfter.route(key))) {
                moduloKept++;
            }
        }
        RingDiff diff = Ring.diff(ringBefore, ringAfter);
        long moduloSame = moduloKeptHashes(nodes, nodes + added);

        PrintWriter out = spec.commandLine().getOut();
        int total = nodes + added;
        out.printf(Locale.ROOT, "Seed experiment: %d nodes, %d random keys (seed %d), then %d nodes added (%d in all).%n%n",
                nodes, keys, seed, added, total);
        out.printf(Locale.ROOT, "%-22s %-28s %s%n", "router", "keys that keep their node", "expected share that keeps its node (exact)");
        out.printf(Locale.ROOT, "%-22s %-28s %6.2f%%  (Ring.diff: %.2f%% of the hash space moves)%n",
                "ketama ring (md5)", kept(ringKept, keys), 100 * (1 - diff.movedFraction()), 100 * diff.movedFraction());
        out.printf(Locale.ROOT, "%-22s %-28s %6.2f%%  (h mod %d = h mod %d for %d of 2^32 hashes)%n",
                "modulo (md5 mod n)", kept(moduloKept, keys), 100 * (moduloSame / 4294967296.0), nodes, total, moduloSame);
        out.printf(Locale.ROOT, "%nIdeal (only the added nodes' share moves): %d of %d = %.2f%% keep their node.%n",
                nodes, total, 100.0 * nodes / total);
        out.flush();
        return HashringCli.EXIT_OK;
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
