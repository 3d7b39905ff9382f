package io.hashring.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hashring.cli.SeedRows.Expected;
import io.hashring.cli.SeedRows.Row;
import io.hashring.cli.SeedRows.SeedClient;
import io.hashring.client.topology.Topology;
import io.hashring.client.topology.TopologyException;
import io.hashring.client.topology.TopologyFile;
import io.hashring.core.Router;
import io.hashring.hash.interop.Server;
import io.hashring.testkit.MemcachedCluster;
import io.hashring.testkit.MemcachedServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hashring seed}: the seed experiment on live memcached. Starts {@code --nodes} local
 * memcached processes (the testkit's launcher), stores {@code --keys} random keys through each real
 * client, adds {@code --add} nodes (at runtime where the client can; otherwise the client is
 * rebuilt on the grown list, as a redeployed application would be), reads every key back and
 * prints one row per client and routing ({@link SeedRows#ROWS}) beside the exact expected share
 * and the ideal. The nodes are always stopped: in a {@code finally} block and by a shutdown hook
 * (Ctrl-C, SIGTERM).
 */
@Command(name = "seed",
        mixinStandardHelpOptions = true,
        description = {
                "Runs the seed experiment on live memcached nodes: how many stored keys can still be read after nodes",
                "are added. Starts --nodes local memcached processes on loopback, stores --keys random keys through",
                "each real client (native spymemcached modulo and ketama, native xmemcached ketama, hashring's",
                "spymemcached and xmemcached adapters, also with the native mode hashring-native), adds --add nodes, reads every key back, and prints per client",
                "the keys still readable, the exact expected share (Ring.diff) and the ideal N/(N+M). The nodes are",
                "always stopped, also on Ctrl-C or failure. --dry-run routes in memory only (no memcached)."},
        footer = {"", "Needs memcached on PATH (or MEMCACHED_BIN);", "./tools/setup/memcached.sh installs it."})
final class SeedCommand implements Callable<Integer> {

    static final int MAX_NODES = 50;
    static final int MAX_KEYS = 1_000_000;
    /** How long a client may take to connect to every server it was given; a hang detector only. */
    static final long CONNECT_TIMEOUT_MS = 20_000;

    static {
        // spymemcached logs every connection at INFO on stderr by default; the CLI keeps stderr for progress and errors.
        System.setProperty("net.spy.log.LoggerImpl", QuietSpyLogger.class.getName());
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--keys", paramLabel = "K", defaultValue = "500", description = "Random keys to store (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "8", description = "Nodes that hold the keys (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--add", paramLabel = "M", defaultValue = "5", description = "Nodes added afterwards (default: ${DEFAULT-VALUE}).")
    int add;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42", description = "Seed of the random keys (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--servers", paramLabel = "HOST:PORT[,...]",
            description = {"Use these running loopback memcached servers instead of starting nodes: the first --nodes hold",
                    "the keys, the next --add are added. They are flushed before each row."})
    String servers;

    @Option(names = "--topology", paramLabel = "FILE",
            description = "Like --servers, from a topology file; its mode and ejection policy also configure hashring's rows.")
    Path topology;

    @Option(names = "--mode", paramLabel = "MODE", description = "Placement of hashring's rows (default: the topology file's, else ketama-fixed-points).")
    String mode;

    @Option(names = "--hash", paramLabel = "NAME", description = "Key hash of hashring's rows, for modes that let the user choose.")
    String hash;

    @Option(names = "--option", paramLabel = "NAME=VALUE",
            description = "A placement option of hashring's rows' mode, as its peer spells it (repeatable; see 'hashring modes').")
    List<String> options;

    @Option(names = "--json", description = "Print JSON (the same as --format json).")
    boolean jsonFlag;

    @Mixin
    Output.FormatOption format;

    @Option(names = "--dry-run", description = "Route in memory only, no memcached: ketama ring against md5 mod n (the former 'demo').")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        check("--nodes", nodes, 1, MAX_NODES);
        check("--add", add, 0, MAX_NODES);
        check("--keys", keys, 1, MAX_KEYS);
        boolean json = jsonFlag || format.json();
        PrintWriter out = spec.commandLine().getOut();
        if (dryRun) {
            if (servers != null || topology != null) {
                throw new UsageError("--dry-run starts no nodes and uses no servers; leave out --servers and --topology");
            }
            DemoCommand.Result r = DemoCommand.compute(nodes, add, keys, seed);
            if (json) {
                DemoCommand.printJson(r, out);
            } else {
                DemoCommand.printTable(r, out);
            }
            Output.finish(out);
            return HashringCli.EXIT_OK;
        }
        Topology placement = placement();
        List<String> external = externalServers();
        Progress progress = new Progress(spec.commandLine().getErr());
        List<String> keyList = keys();

        MemcachedCluster cluster = start(external, progress);
        Thread stopper = new Thread(cluster::close, "hashring-seed-stop-nodes");
        Runtime.getRuntime().addShutdownHook(stopper);
        List<Measured> results = new ArrayList<>();
        try {
            for (int i = 0; i < SeedRows.ROWS.size(); i++) {
                Row row = SeedRows.ROWS.get(i);
                String label = String.format(Locale.ROOT, "[%d/%d] %s, %s", i + 1, SeedRows.ROWS.size(), row.client(),
                        row.routing().apply(placement));
                results.add(measure(row, label, cluster, placement, keyList, external.isEmpty(), progress));
            }
        } finally {
            progress.say("stopping the nodes");
            if (external.isEmpty()) {
                cluster.close();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already and stops the nodes
            }
            progress.done();
        }
        List<Server> all = servers(cluster);
        if (json) {
            printJson(out, results, all, cluster, placement);
        } else {
            printTable(out, results, all, cluster);
        }
        Output.finish(out);
        return HashringCli.EXIT_OK;
    }

    /** One row's figures. */
    record Measured(Row row, String routing, int stored, int readable, int asModelled, Expected expected) {
    }

    private Topology placement() {
        Topology base = null;
        if (topology != null) {
            try {
                base = TopologyFile.read(topology);
            } catch (TopologyException e) {
                throw new UsageError(e.getMessage());
            }
        }
        String m = mode != null ? mode : base != null ? base.mode() : Topology.DEFAULT_MODE;
        String h = hash != null ? hash : mode == null && base != null ? base.hash().orElse(null) : null;
        List<Server> list = base != null ? base.servers() : List.of(Server.of("127.0.0.1", 1));
        java.util.Map<String, String> o = Cluster.options(options);
        if (o.isEmpty() && mode == null && base != null) {
            o = base.options();
        }
        try {
            return Topology.of(list, m, h, o, base != null ? base.ejection() : io.hashring.client.EjectionPolicy.defaults());
        } catch (IllegalArgumentException e) {
            throw new UsageError(Cluster.oneLine(String.valueOf(e.getMessage())));
        }
    }

    /** The existing servers named by --servers or --topology; empty when the command starts its own nodes. */
    private List<String> externalServers() {
        if (servers != null && topology != null) {
            throw new UsageError("give --servers or --topology, not both");
        }
        List<Server> list;
        if (servers != null) {
            list = Cluster.servers("--servers", servers);
        } else if (topology != null) {
            list = placement().servers();
        } else {
            return List.of();
        }
        String option = servers != null ? "--servers" : "--topology";
        if (list.size() != nodes + add) {
            throw new UsageError(String.format(Locale.ROOT, "%s names %d servers; the experiment needs --nodes %d + --add %d = %d "
                    + "(the first %d hold the keys, the other %d are added)", option, list.size(), nodes, add, nodes + add, nodes, add));
        }
        List<String> addresses = new ArrayList<>();
        for (Server s : list) {
            try {
                if (!InetAddress.getByName(s.host()).isLoopbackAddress()) {
                    throw new UsageError(option + ": " + s.address() + " is not a loopback address; seed flushes the servers it "
                            + "uses, so it only talks to 127.0.0.0/8 and ::1");
                }
            } catch (UnknownHostException e) {
                throw new UsageError(option + ": cannot resolve '" + s.host() + "'");
            }
            addresses.add(s.address());
        }
        return addresses;
    }

    private List<String> keys() {
        RandomKeys random = new RandomKeys(seed);
        Set<String> set = new LinkedHashSet<>();
        // 62^12 possible keys: a repeat is all but impossible, but the count must be exact; bounded anyway.
        for (int attempts = 0; set.size() < keys && attempts < 2 * keys + 100; attempts++) {
            set.add(random.next());
        }
        return List.copyOf(set);
    }

    private MemcachedCluster start(List<String> external, Progress progress) {
        if (!external.isEmpty()) {
            MemcachedCluster cluster;
            try {
                cluster = MemcachedCluster.external(external);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new UsageError(Cluster.oneLine(String.valueOf(e.getMessage())).replace("hashring.testkit.servers: ", ""));
            }
            progress.say("using " + external.size() + " existing servers");
            return cluster;
        }
        MemcachedCluster cluster;
        try {
            cluster = MemcachedCluster.start(nodes);
        } catch (IllegalStateException e) {
            throw new UsageError("cannot start memcached: " + Cluster.oneLine(String.valueOf(e.getMessage())));
        }
        progress.say("started " + nodes + " memcached nodes on loopback");
        return cluster;
    }

    private Measured measure(Row row, String label, MemcachedCluster cluster, Topology placement, List<String> keyList,
            boolean local, Progress progress) throws Exception {
        for (MemcachedServer s : cluster.servers()) {
            s.flushAll();
        }
        List<Server> before = servers(cluster).subList(0, nodes);
        progress.say(label + ": connecting to " + nodes + " nodes");
        SeedClient client = row.connect().connect(before, placement);
        try {
            awaitConnected(client, before, label);
            progress.say(label + ": storing " + keyList.size() + " keys");
            int stored = 0;
            for (String k : keyList) {
                if (client.set(k, value(k))) {
                    stored++;
                }
            }
            int asModelled = asModelled(row, cluster, before, placement, keyList);
            if (local) {
                while (cluster.size() < nodes + add) {
                    progress.say(label + ": starting node " + (cluster.size() + 1) + " of " + (nodes + add));
                    cluster.addServer();
                }
            }
            List<Server> all = servers(cluster);
            List<Server> added = all.subList(nodes, nodes + add);
            progress.say(label + ": adding " + add + " nodes (" + row.growth().label + ")");
            client = client.grow(all, added);
            awaitConnected(client, all, label);
            progress.say(label + ": reading " + keyList.size() + " keys back");
            int readable = 0;
            for (String k : keyList) {
                if (value(k).equals(client.get(k))) {
                    readable++;
                }
            }
            return new Measured(row, row.routing().apply(placement), stored, readable, asModelled,
                    row.expected(before, all, placement));
        } finally {
            client.close();
        }
    }

    /** How many keys sit exactly (and only) on the server the row's model names. */
    private static int asModelled(Row row, MemcachedCluster cluster, List<Server> before, Topology placement, List<String> keyList) {
        Router<Server> model = row.model().router(before, placement);
        Map<String, List<MemcachedServer>> holders = cluster.holders(keyList);
        int n = 0;
        for (String k : keyList) {
            List<MemcachedServer> h = holders.get(k);
            if (h.size() == 1 && h.get(0).address().equals(model.route(k).address())) {
                n++;
            }
        }
        return n;
    }

    private static void awaitConnected(SeedClient client, List<Server> servers, String label) throws InterruptedException {
        Set<String> wanted = new HashSet<>();
        for (Server s : servers) {
            wanted.add(ipPort(s));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_TIMEOUT_MS);
        while (true) {
            Set<String> have = new HashSet<>();
            for (SocketAddress a : client.available()) {
                if (a instanceof InetSocketAddress i && i.getAddress() != null) {
                    have.add(i.getAddress().getHostAddress() + ":" + i.getPort());
                }
            }
            if (have.containsAll(wanted)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                wanted.removeAll(have);
                throw new IllegalStateException(label + ": the client did not connect to " + wanted + " within "
                        + CONNECT_TIMEOUT_MS + " ms");
            }
            Thread.sleep(20);
        }
    }

    private static String ipPort(Server s) {
        try {
            return InetAddress.getByName(s.host()).getHostAddress() + ":" + s.port();
        } catch (UnknownHostException e) {
            throw new UsageError("cannot resolve server host '" + s.host() + "'");
        }
    }

    private static List<Server> servers(MemcachedCluster cluster) {
        List<Server> out = new ArrayList<>();
        for (MemcachedServer s : cluster.servers()) {
            out.add(Server.of(s.host(), s.port()));
        }
        return out;
    }

    static String value(String key) {
        return "v-" + key;
    }

    // ------------------------------------------------------------------ output

    private void printTable(PrintWriter out, List<Measured> results, List<Server> all, MemcachedCluster cluster) {
        double ideal = nodes / (double) (nodes + add);
        out.printf(Locale.ROOT, "Seed experiment on live memcached: %d nodes, %d random keys (seed %d) stored through each client, "
                + "then %d nodes added (%d in all), every key read back.%n", nodes, keys, seed, add, nodes + add);
        out.printf(Locale.ROOT, "Nodes: %s%n%n", cluster.controlsProcesses() ? "started here on " + range(all) + " (" + cluster.portPlan() + ")"
                : "existing servers " + range(all));
        String[] head = {"client", "routing", "after adding nodes", "keys still readable", "expected (exact)", "ideal " + nodes + "/"
                + (nodes + add), "stored as modelled"};
        List<String[]> rows = new ArrayList<>();
        for (Measured m : results) {
            rows.add(new String[] {m.row().client(), m.routing(), m.row().growth().label,
                    String.format(Locale.ROOT, "%d of %d = %.1f%%", m.readable(), keys, 100.0 * m.readable() / keys),
                    String.format(Locale.ROOT, "%.2f%%", 100 * m.expected().share()),
                    String.format(Locale.ROOT, "%.2f%%", 100 * ideal),
                    m.asModelled() + " of " + keys});
        }
        Tables.print(out, head, rows);
        out.println();
        out.println("keys still readable: a get through the client after the change returns the value it stored before.");
        out.println("expected (exact): the share of the key space whose server does not change, from the client's placement");
        out.println("  model: 1 - Ring.diff(before, after).movedFraction() for rings; W_before / W_after for hashring-native");
        out.printf(Locale.ROOT, "  (rendezvous); for modulo, the 32-bit hashes h with h mod %d = h mod %d. ideal: only the added%n", nodes,
                nodes + add);
        out.println("  nodes' share moves.");
        out.println("stored as modelled: keys found (by a direct probe of every node) only on the node the model names.");
        for (Measured m : results) {
            if (m.stored() != keys) {
                out.printf(Locale.ROOT, "note: %s (%s) stored only %d of %d keys%n", m.row().client(), m.routing(), m.stored(), keys);
            }
        }
    }

    private static String range(List<Server> all) {
        return all.size() == 1 ? all.get(0).address() : all.get(0).address() + " ... " + all.get(all.size() - 1).address();
    }

    private void printJson(PrintWriter out, List<Measured> results, List<Server> all, MemcachedCluster cluster, Topology placement)
            throws IOException {
        try (JsonGenerator g = Output.json(out)) {
            g.writeStartObject();
            g.writeStringField("experiment", "seed");
            g.writeNumberField("nodes", nodes);
            g.writeNumberField("added", add);
            g.writeNumberField("keys", keys);
            g.writeNumberField("seed", seed);
            g.writeStringField("placement", placement.mode() + placement.hash().map(h -> "/" + h).orElse(""));
            g.writeStringField("ports", cluster.portPlan());
            g.writeArrayFieldStart("servers");
            for (Server s : all) {
                g.writeString(s.address());
            }
            g.writeEndArray();
            g.writeNumberField("ideal", Output.round(nodes / (double) (nodes + add)));
            g.writeArrayFieldStart("rows");
            for (Measured m : results) {
                g.writeStartObject();
                g.writeStringField("client", m.row().client());
                g.writeStringField("routing", m.routing());
                g.writeStringField("growth", m.row().growth().name().toLowerCase(Locale.ROOT));
                g.writeNumberField("stored", m.stored());
                g.writeNumberField("readable", m.readable());
                g.writeNumberField("readableShare", Output.round(m.readable() / (double) keys));
                g.writeNumberField("expected", Output.round(m.expected().share()));
                g.writeStringField("expectedHow", m.expected().how());
                g.writeNumberField("storedAsModelled", m.asModelled());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.println();
    }

    private static void check(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new UsageError(option + " must be " + min + ".." + max + ", was " + value);
        }
    }
}
