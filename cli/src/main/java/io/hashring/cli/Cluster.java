package io.hashring.cli;

import io.hashring.client.topology.Topology;
import io.hashring.client.topology.TopologyException;
import io.hashring.client.topology.TopologyFile;
import io.hashring.core.Ring;
import io.hashring.core.RingHolder;
import io.hashring.core.Router;
import io.hashring.hash.interop.PeerRouter;
import io.hashring.hash.interop.Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster as a command was given it ({@code --topology FILE}, {@code --servers}, a positional
 * file or server list; {@code --mode}/{@code --hash} on top), resolved into a {@link Topology} and
 * its router. Every way the input can be wrong ends in a {@link UsageError} whose one line names
 * the bad value and the valid choices.
 *
 * @param topology the servers, mode, hash and ejection policy
 * @param router   the mode's router over the servers
 * @param source   where the servers came from, for messages ({@code --servers}, a file name)
 */
record Cluster(Topology topology, Router<Server> router, String source) {

    List<Server> servers() {
        return topology.servers();
    }

    /** {@code mode}, {@code mode (hash H)}, with {@code (options {k=v})} when some are set. */
    String placement() {
        return topology.mode() + topology.hash().map(h -> " (hash " + h + ")").orElse("")
                + (topology.options().isEmpty() ? "" : " (options " + topology.options() + ")");
    }

    /**
     * Resolves {@code --topology FILE} or {@code --servers CSV} (exactly one), with {@code mode} and
     * {@code hash} overriding the file's (null: the file's, or the default placement).
     */
    static Cluster of(Path topologyFile, String serversCsv, String mode, String hash) {
        return of(topologyFile, serversCsv, mode, hash, Map.of());
    }

    /** {@link #of(Path, String, String, String)} with mode options ({@code --option NAME=VALUE}; empty: the file's, or none). */
    static Cluster of(Path topologyFile, String serversCsv, String mode, String hash, Map<String, String> options) {
        if (topologyFile != null && serversCsv != null) {
            throw new UsageError("give --topology FILE or --servers SPEC[,SPEC...], not both");
        }
        if (topologyFile == null && serversCsv == null) {
            throw new UsageError("no servers: give --topology FILE or --servers HOST:PORT[:WEIGHT[:NAME]][,...]");
        }
        return topologyFile != null ? fromFile(topologyFile, mode, hash, options, "--topology")
                : fromServers("--servers", serversCsv, mode, hash, options);
    }

    /**
     * A positional argument: a topology file if it names an existing file or ends in {@code .json},
     * otherwise a server list {@code HOST:PORT[:WEIGHT[:NAME]][,...]}.
     */
    static Cluster ofArgument(String what, String argument, String mode, String hash, Map<String, String> options) {
        if (argument.endsWith(".json") || Files.isRegularFile(Path.of(argument))) {
            return fromFile(Path.of(argument), mode, hash, options, what);
        }
        return fromServers(what, argument, mode, hash, options);
    }

    /**
     * Parses repeated {@code --option NAME=VALUE} (null: none) into a map in the order given; the value
     * may be empty ({@code hash_tag=}) and may hold '='.
     */
    static Map<String, String> options(List<String> given) {
        Map<String, String> out = new LinkedHashMap<>();
        if (given == null) {
            return out;
        }
        for (String g : given) {
            int eq = g.indexOf('=');
            if (eq <= 0) {
                throw new UsageError("--option '" + g + "' is not NAME=VALUE (for example --option hash_tag={}); "
                        + "see 'hashring modes' for each mode's options");
            }
            String name = g.substring(0, eq).trim();
            if (out.put(name, g.substring(eq + 1)) != null) {
                throw new UsageError("--option " + name + " is given twice");
            }
        }
        return out;
    }

    private static Cluster fromFile(Path file, String mode, String hash, Map<String, String> options, String option) {
        Topology t;
        try {
            t = TopologyFile.read(file);
        } catch (TopologyException e) {
            throw new UsageError(e.getMessage());
        }
        if (mode != null || hash != null || !options.isEmpty()) {
            String m = mode != null ? mode : t.mode();
            String h = hash != null ? hash : mode != null ? null : t.hash().orElse(null);
            Map<String, String> o = !options.isEmpty() ? options : mode != null ? Map.of() : t.options();
            t = topology(t.servers(), m, h, o, t.ejection(), option);
        }
        return new Cluster(t, router(t, file.toString()), file.toString());
    }

    private static Cluster fromServers(String option, String csv, String mode, String hash, Map<String, String> options) {
        Topology t = topology(servers(option, csv), mode == null ? Topology.DEFAULT_MODE : mode, hash, options,
                io.hashring.client.EjectionPolicy.defaults(), option);
        return new Cluster(t, router(t, option), option);
    }

    private static Topology topology(List<Server> servers, String mode, String hash, Map<String, String> options,
            io.hashring.client.EjectionPolicy ejection, String option) {
        try {
            return Topology.of(servers, mode, hash, options, ejection);
        } catch (IllegalArgumentException e) {
            String m = oneLine(String.valueOf(e.getMessage()));
            throw new UsageError(m.startsWith("unknown") || m.startsWith("mode") || m.startsWith("option") ? m : option + ": " + m);
        }
    }

    /** Parses {@code SPEC[,SPEC...]}, each {@code HOST:PORT[:WEIGHT[:NAME]]} (IPv6 hosts in brackets). */
    static List<Server> servers(String option, String csv) {
        if (csv == null || csv.isBlank()) {
            throw new UsageError(option + " is empty; expected HOST:PORT[:WEIGHT[:NAME]][,...]");
        }
        List<Server> servers = new ArrayList<>();
        for (String spec : csv.split(",", -1)) {
            if (spec.isBlank()) {
                throw new UsageError(option + " '" + csv + "' has an empty server spec; expected HOST:PORT[:WEIGHT[:NAME]][,...]");
            }
            try {
                servers.add(Server.parse(spec));
            } catch (IllegalArgumentException e) {
                throw new UsageError(option + ": " + oneLine(e.getMessage()));
            }
        }
        return List.copyOf(servers);
    }

    /** How long the reverse DNS lookups of the xmemcached modes (and spymemcached's libmemcached format) may take. */
    static final java.time.Duration REVERSE_DNS_TIMEOUT = java.time.Duration.ofSeconds(30);
    /** Where notices go (the command line's stderr; set by {@link HashringCli#commandLine}). */
    static volatile java.util.function.Consumer<String> notices = m -> { };

    /**
     * The mode's router; a topology the peer cannot express is a usage error naming where it came
     * from. Modes that place keys by reverse DNS names look every host up first, once, in parallel
     * and within {@link #REVERSE_DNS_TIMEOUT}, announced on stderr.
     */
    static Router<Server> router(Topology t, String source) {
        if (io.hashring.hash.interop.ReverseNames.usedBy(t.mode())) {
            int pending = io.hashring.hash.interop.ReverseNames.pending(t.servers());
            if (pending > 0) {
                notices.accept("looking up the reverse DNS names of " + pending + " host" + (pending == 1 ? "" : "s")
                        + " (mode '" + t.mode() + "' places keys by them, as the peer does; at most "
                        + REVERSE_DNS_TIMEOUT.toSeconds() + " s)");
                try {
                    io.hashring.hash.interop.ReverseNames.prefetch(t.servers(), REVERSE_DNS_TIMEOUT);
                } catch (IllegalArgumentException e) {
                    throw new UsageError("mode '" + t.mode() + "' rejects " + source + ": " + oneLine(e.getMessage()));
                }
            }
        }
        try {
            return t.router();
        } catch (RuntimeException e) {
            throw new UsageError("mode '" + t.mode() + "' rejects " + source + ": " + oneLine(String.valueOf(e.getMessage())));
        }
    }

    /**
     * The ring behind a router, when there is one, so shares and diffs can be exact: an interop
     * mode's {@link PeerRouter#ring()} (present exactly when the peer's placement is that ring's
     * walk), a bare {@link Ring} (the default placement), or the current snapshot of a
     * {@link RingHolder}; null for other routers (modulo, rendezvous, PECL's bucket table), whose
     * figures are sampled.
     */
    static Ring<Server> ringOf(Router<Server> router) {
        if (router instanceof PeerRouter peer) {
            return peer.ring().orElse(null);
        }
        if (router instanceof Ring<Server> ring) {
            return ring;
        }
        if (router instanceof RingHolder<Server> holder) {
            return holder.get();
        }
        return null;
    }

    /** Collapses a multi-line message into one line (the CLI promises one line on stderr). */
    static String oneLine(String message) {
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
