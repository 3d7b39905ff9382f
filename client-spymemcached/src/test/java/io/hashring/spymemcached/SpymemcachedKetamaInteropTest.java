package io.hashring.spymemcached;

import io.hashring.testkit.StandIns;
import static org.assertj.core.api.Assertions.assertThat;

import io.hashring.client.EjectionPolicy;
import io.hashring.client.Placement;
import io.hashring.hash.interop.Server;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.KetamaNodeLocator;
import net.spy.memcached.MemcachedNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** With mode spymemcached-ketama the adapter routes exactly like spymemcached's own KetamaNodeLocator. */
class SpymemcachedKetamaInteropTest {

    private static MemcachedNode node(InetSocketAddress a) {
        return StandIns.proxy(MemcachedNode.class, "node " + a, Map.of("getSocketAddress", a, "isActive", true));
    }

    @Test
    @DisplayName("50,000 keys (ASCII and non-ASCII) on 7 servers: same primary as KetamaNodeLocator(KETAMA_HASH)")
    void sameprimaryAsSpymemcached() {
        List<Server> servers = new ArrayList<>();
        List<MemcachedNode> nodes = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            Server s = Server.parse("10.0.0." + i + ":" + (11211 + i % 3));
            servers.add(s);
            nodes.add(node(new InetSocketAddress(s.host(), s.port())));
        }
        KetamaNodeLocator theirs = new KetamaNodeLocator(nodes, DefaultHashAlgorithm.KETAMA_HASH);
        HashringNodeLocator ours = new HashringNodeLocator(servers, nodes, Placement.mode("spymemcached-ketama", "KETAMA_HASH"),
                EjectionPolicy.never(), true);
        int same = 0;
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            String key = (i % 5 == 0 ? "clé-é€-" : "key:") + i;
            if (theirs.getPrimary(key) == ours.getPrimary(key)) {
                same++;
            }
        }
        assertThat(same).as("keys with the same primary node").isEqualTo(n);
    }
}
