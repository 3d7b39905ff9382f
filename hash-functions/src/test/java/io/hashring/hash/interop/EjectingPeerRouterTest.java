package io.hashring.hash.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashring.hash.RandomKeys;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The auto-eject modes' failure model (the golden files with dead servers prove it against the
 * peers; these pin the properties the replay relies on) and the no-failover base modes.
 */
class EjectingPeerRouterTest {

    static final List<String> EJECTING = List.of("libmemcached-ketama-auto-eject", "libmemcached-ketama-weighted-auto-eject",
            "libmemcached-ketama-spy-auto-eject", "twemproxy-ketama-auto-eject", "twemproxy-modula-auto-eject");

    static final List<Server> WEIGHTED = List.of(Server.parse("10.0.1.1:11211:1"), Server.parse("10.0.1.2:11212:3"),
            Server.parse("localhost:11213:2"), Server.parse("10.0.1.4:22122:5"), Server.parse("10.0.1.5:22123:4"));

    @Test
    @DisplayName("an ejecting mode routes like its placement rebuilt over the live servers, and its sequence names each server once")
    void ejectingModesRebuildOverTheLiveServers() {
        SplittableRandom r = new SplittableRandom(15);
        Set<Server> dead = Set.of(WEIGHTED.get(1), WEIGHTED.get(3));
        List<Server> live = new ArrayList<>(WEIGHTED);
        live.removeAll(dead);
        for (String name : EJECTING) {
            InteropMode mode = InteropModes.byName(name);
            PeerRouter all = mode.peerRouter(WEIGHTED, null);
            PeerRouter rebuilt = mode.peerRouter(live, null);
            int movedAmongLive = 0;
            for (int i = 0; i < 20_000; i++) {
                String key = RandomKeys.key(r, 40);
                assertThat(all.route(key, s -> true)).as("%s, all alive, key %s", name, key).isEqualTo(all.route(key));
                Server chosen = all.route(key, s -> !dead.contains(s));
                assertThat(chosen).as("%s with %s dead, key %s", name, dead, key).isEqualTo(rebuilt.route(key));
                if (!dead.contains(all.route(key)) && !chosen.equals(all.route(key))) {
                    movedAmongLive++;
                }
                List<Server> seq = all.failoverSequence(key);
                assertThat(seq).as("%s sequence of %s", name, key).hasSize(WEIGHTED.size()).startsWith(all.route(key));
                assertThat(new HashSet<>(seq)).hasSize(WEIGHTED.size());
            }
            // With unequal weights every rebuild renormalises: some keys of live servers move too.
            assertThat(movedAmongLive).as("%s: keys of live servers that moved", name).isPositive();
        }
    }

    @Test
    @DisplayName("without auto-eject libmemcached and twemproxy keep a dead server's keys on it (no failover)")
    void noEjectModesHaveNoFailover() {
        SplittableRandom r = new SplittableRandom(16);
        for (String name : List.of("libmemcached-ketama", "libmemcached-ketama-weighted", "libmemcached-ketama-spy",
                "libmemcached-modula", "twemproxy-ketama", "twemproxy-modula")) {
            PeerRouter router = InteropModes.byName(name).peerRouter(WEIGHTED, null);
            for (int i = 0; i < 2_000; i++) {
                String key = RandomKeys.key(r, 40);
                Server primary = router.route(key);
                assertThat(router.failoverSequence(key)).as("%s key %s", name, key).containsExactly(primary);
                assertThat(router.route(key, s -> !s.equals(primary))).isEqualTo(primary);
            }
        }
    }
}
