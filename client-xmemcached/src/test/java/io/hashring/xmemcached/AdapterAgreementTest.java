package io.hashring.xmemcached;

import io.hashring.testkit.StandIns;
import static org.assertj.core.api.Assertions.assertThat;

import io.hashring.client.EjectionPolicy;
import io.hashring.client.Placement;
import io.hashring.hash.interop.Server;
import io.hashring.spymemcached.HashringMemcachedClient;
import io.hashring.spymemcached.HashringNodeLocator;
import io.hashring.spymemcached.HashringSpymemcached;
import io.hashring.testkit.MemcachedCluster;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.MemcachedNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The same configuration puts every key on the same server in both adapters. */
class AdapterAgreementTest {

    @Test
    @DisplayName("100,000 keys: the spymemcached and xmemcached locators name the same server for every key")
    void locatorsAgreeOnEveryKey() {
        List<Server> servers = List.of(Server.parse("10.0.0.1:11211:1"), Server.parse("10.0.0.2:11211:3"),
                Server.parse("cache-c.example:11311:2"), Server.parse("10.0.0.4:11211:1"), Server.parse("[::1]:11211:1"));
        List<MemcachedNode> nodes = new ArrayList<>();
        for (Server s : servers) {
            InetSocketAddress a = InetSocketAddress.createUnresolved(s.host(), s.port());
            nodes.add(StandIns.proxy(MemcachedNode.class, "node " + a, Map.of("getSocketAddress", a, "isActive", true)));
        }
        HashringNodeLocator spy = new HashringNodeLocator(servers, nodes,
                Placement.defaults(), EjectionPolicy.defaults(), true);
        HashringSessionLocator xmem = new HashringSessionLocator(servers, Placement.defaults(), EjectionPolicy.defaults());
        int agree = 0;
        int[] perServer = new int[servers.size()];
        for (int i = 0; i < 100_000; i++) {
            String key = "agreement:" + i;
            Server viaSpy = spy.serverOf(spy.getPrimary(key));
            Server viaXmem = xmem.router().route(key);
            if (viaSpy.equals(viaXmem)) {
                agree++;
            }
            perServer[servers.indexOf(viaXmem)]++;
        }
        assertThat(agree).as("keys placed on the same server").isEqualTo(100_000);
        assertThat(java.util.Arrays.stream(perServer).min().orElse(0)).as("fewest keys on one server").isGreaterThan(1000);
    }

    @Test
    @DisplayName("live: written through spymemcached, read through xmemcached (100% hits), and vice versa")
    void writeThroughOneReadThroughTheOther() throws Exception {
        try (MemcachedCluster cluster = MemcachedCluster.start(3)) {
            String servers = String.join(",", cluster.addresses());
            HashringMemcachedClient spy = HashringSpymemcached.builder().servers(servers).weights(1, 2, 3).build();
            HashringXMemcachedClient xmem = HashringXmemcached.builder().servers(servers).weights(1, 2, 3)
                    .configure(b -> b.setConnectionPoolSize(2)).build();
            try {
                // Both clients connect in the background (spymemcached always, xmemcached for a server that
                // misses its connect timeout); a write for a server not yet connected fails over elsewhere.
                // Every server is up: wait (bounded) until each client has a live connection to all three.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (spy.getAvailableServers().size() < 3 || xmem.getAvailableServers().size() < 3) {
                    assertThat(System.nanoTime()).as("both clients connected to all 3 servers within 20 s").isLessThan(deadline);
                    Thread.sleep(10);
                }
                int n = 3000;
                for (int i = 0; i < n; i++) {
                    assertThat(spy.set("s2x:" + i, 0, "spy-" + i).get(2, TimeUnit.SECONDS)).isTrue();
                    assertThat(xmem.set("x2s:" + i, 0, "xmem-" + i)).isTrue();
                }
                int hitsX = 0;
                int hitsS = 0;
                for (int i = 0; i < n; i++) {
                    if (("spy-" + i).equals(xmem.get("s2x:" + i))) {
                        hitsX++;
                    }
                    if (("xmem-" + i).equals(spy.get("x2s:" + i))) {
                        hitsS++;
                    }
                }
                assertThat(hitsX).as("spymemcached writes read through xmemcached").isEqualTo(n);
                assertThat(hitsS).as("xmemcached writes read through spymemcached").isEqualTo(n);
                // and both are on the server the router names (a client-side agreement would not be enough)
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    keys.add("s2x:" + i);
                }
                cluster.holders(keys).forEach((k, holders) -> assertThat(holders).hasSize(1)
                        .first().extracting(h -> h.address()).isEqualTo(xmem.router().route(k).address()));
            } finally {
                spy.shutdown(2, TimeUnit.SECONDS);
                xmem.shutdown();
            }
        }
    }
}
