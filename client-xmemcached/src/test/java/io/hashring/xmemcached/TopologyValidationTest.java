package io.hashring.xmemcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashring.client.ClientTopology;
import io.hashring.core.UnknownNodeException;
import io.hashring.hash.interop.Server;
import io.hashring.testkit.MemcachedCluster;
import io.hashring.testkit.MemcachedNodes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runtime changes the client must reject, each with the same exception type and message in both
 * adapters (the other adapter's TopologyValidationTest is this file with its own client), and
 * leaving routing exactly as it was.
 */
@MemcachedNodes(count = 2)
class TopologyValidationTest {

    private MemcachedCluster cluster;
    private HashringXMemcachedClient client;

    @AfterEach
    void close() throws Exception {
        if (client != null) {
            client.shutdown();
        }
    }

    @Test
    @DisplayName("zero and negative weights, an unresolvable host, an unknown id, a duplicate id or address: rejected, nothing changes")
    void badChangesAreRejectedAlike() throws Exception {
        client = HashringXmemcached.builder().servers(String.join(",", cluster.addresses())).build();
        ClientTopology t = client.topology();
        String first = cluster.addresses().get(0);
        int port = cluster.server(0).port();
        List<Server> servers = t.servers();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            keys.add("validation-" + i);
        }
        List<Server> before = keys.stream().map(k -> t.router().route(k)).toList();

        assertThatThrownBy(() -> t.reweight(first, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight").hasMessageContaining("0");
        assertThatThrownBy(() -> t.reweight(first, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> t.add(new Server("no-such-host.invalid", 11211, 1, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot resolve host 'no-such-host.invalid'");
        assertThatThrownBy(() -> t.remove("127.0.0.1:1")).isInstanceOf(UnknownNodeException.class)
                .hasMessageContaining("127.0.0.1:1");
        assertThatThrownBy(() -> t.add(Server.parse(first))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + first + "' is already configured");
        assertThatThrownBy(() -> t.add(Server.parse("localhost:" + port))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("server 'localhost:" + port + "': address").hasMessageContaining("is already configured");
        assertThatThrownBy(() -> t.reweight("127.0.0.1:1", 2)).isInstanceOf(UnknownNodeException.class);

        assertThat(t.servers()).isEqualTo(servers);
        assertThat(keys.stream().map(k -> t.router().route(k)).toList()).as("routing after the rejected changes").isEqualTo(before);
    }
}
