/*
 * TopologyFromFile: describe the cluster once, in a JSON file, and load it.
 *
 * A topology file lists the servers (host, port, weight, optional name), the placement mode, the
 * key hash and the ejection policy; docs/topology.schema.json lets editors complete and check it.
 * TopologyFile.read rejects a malformed file with one line naming the file, line, column and field
 * (for example "php-fleet.json:6:40: servers[1].weight: must be a whole number >= 1, was 0").
 * The same Topology configures the CLI (--topology FILE) and both adapters' builders
 * (topology.configure(builder): servers, placement, ejection; the client's own settings stay yours).
 *
 * Run: java -cp <examples classpath> io.hashring.examples.TopologyFromFile examples/topologies/php-fleet.json
 */
package io.hashring.examples;

import io.hashring.client.topology.Topology;
import io.hashring.client.topology.TopologyException;
import io.hashring.client.topology.TopologyFile;
import io.hashring.core.Router;
import io.hashring.hash.interop.Server;
import io.hashring.spymemcached.HashringSpymemcached;
import java.nio.file.Path;
import java.util.List;

public final class TopologyFromFile {

    private TopologyFromFile() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args.length > 0 ? args[0] : "examples/topologies/php-fleet.json");
        Topology topology;
        try {
            topology = TopologyFile.read(file);
        } catch (TopologyException e) {
            System.out.println("rejected: " + e.getMessage()); // one line: file:line:column: field: problem
            return;
        }
        System.out.println("mode " + topology.mode() + topology.hash().map(h -> ", hash " + h).orElse("") + ", "
                + topology.servers().size() + " servers");
        for (Server s : topology.servers()) {
            System.out.println("  " + s.address() + " weight " + s.weight() + (s.name() == null ? "" : " name " + s.name()));
        }
        System.out.println("ejection: " + topology.ejection());

        // An adapter configured from the file (build() would connect; these example hosts are not ours to contact).
        HashringSpymemcached.Builder builder = topology.configure(HashringSpymemcached.builder());
        System.out.println("spymemcached adapter servers: " + builder.resolvedServers());

        // The router the adapters use: place a few keys.
        Router<Server> router = topology.router();
        for (String key : List.of("user:42", "session:9f1c2e", "cart:7")) {
            System.out.printf("  %-15s -> %s%n", key, router.route(key).address());
        }
    }
}
