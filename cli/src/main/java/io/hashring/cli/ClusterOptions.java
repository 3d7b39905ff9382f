package io.hashring.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options every command that works on one cluster shares: where the servers come from
 * ({@code --topology FILE} or {@code --servers}), and the placement ({@code --mode}, default the
 * project's default placement, and {@code --hash}).
 */
final class ClusterOptions {

    @Option(names = "--topology", paramLabel = "FILE",
            description = "Topology file (JSON: servers, mode, hash, ejection; schema docs/topology.schema.json).")
    Path topology;

    @Option(names = "--servers", paramLabel = "SPEC[,SPEC...]",
            description = "Servers in configuration order, each HOST:PORT[:WEIGHT[:NAME]]; IPv6 hosts in brackets.")
    String servers;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "Placement: ketama-fixed-points (the default placement) or an interop mode (see 'hashring modes'); "
                    + "overrides the topology file's.")
    String mode;

    @Option(names = "--hash", paramLabel = "NAME", description = "Key hash, for modes that let the user choose (default: the peer's).")
    String hash;

    @Option(names = "--option", paramLabel = "NAME=VALUE",
            description = "A placement option of the mode, as its peer spells it (repeatable; e.g. hash_tag={} for "
                    + "twemproxy, seed=42 for pymemcache); 'hashring modes' lists each mode's options and defaults.")
    List<String> options;

    Cluster resolve() {
        return Cluster.of(topology, servers, mode, hash, Cluster.options(options));
    }
}
