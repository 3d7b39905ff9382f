package io.hashring.cli;

import io.hashring.core.Node;
import io.hashring.core.Ring;
import io.hashring.core.RingConfig;
import io.hashring.hash.interop.Server;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code route}'s streaming core over a ring-core ring in its own JVM: what the streaming
 * test runs while the interop-mode registry is still empty. Argument: the server specs.
 */
public final class StreamProbe {

    private StreamProbe() {
    }

    public static void main(String[] args) throws IOException {
        List<Server> servers = Cluster.servers("--servers", args[0]);
        List<Node<Server>> nodes = new ArrayList<>();
        for (Server s : servers) {
            nodes.add(Node.of(s.address(), s.weight(), s));
        }
        Ring<Server> ring = Ring.of(RingConfig.libmemcachedKetama(), nodes);
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        RouteCommand.route(System.in, out, ring, servers, "stdin");
    }
}
