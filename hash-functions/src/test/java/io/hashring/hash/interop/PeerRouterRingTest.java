package io.hashring.hash.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashring.core.Node;
import io.hashring.core.Ring;
import io.hashring.hash.RandomKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link PeerRouter#ring()}: present exactly for the ring-walking modes, and then it routes every key as the mode does. */
class PeerRouterRingTest {

    /** Modes whose placement is not a plain ring walk (docs/interop.md: modulo, rendezvous/election, PECL's 1024-bucket table). */
    static final Set<String> NOT_RINGS = Set.of("libmemcached-modula", "spymemcached-arraymod", "xmemcached-election",
            "xmemcached-array", "twemproxy-modula", "twemproxy-modula-auto-eject", "gomemcache", "perl-cache-memcached",
            "perl-cache-memcached-fast", "mcrouter-ch3", "mcrouter-weighted-ch3", "mcrouter-weighted-ch4", "mcrouter-rendezvous", "mcrouter-crc32",
            "mcrouter-const-shard",
            "memcached-proxy-jump",
            "pymemcache", "python-memcached", "php-memcache-consistent",
            "php-memcache-standard", "nginx-hash");

    static final List<Server> WEIGHTED = List.of(Server.parse("10.0.1.1:11211:1"), Server.parse("10.0.1.2:11212:3"),
            Server.parse("localhost:11213:2"), Server.parse("192.168.7.5:22122:1"));

    @Test
    @DisplayName("ring() is present for every ring mode, empty for modulo, rendezvous and bucket-table modes")
    void presenceMatchesThePeersPlacementKind() {
        List<String> rings = new ArrayList<>();
        for (InteropMode mode : InteropModes.all()) {
            Optional<Ring<Server>> ring = mode.peerRouter(WEIGHTED, null).ring();
            assertThat(ring.isPresent()).as("ring() of %s", mode.name()).isEqualTo(!NOT_RINGS.contains(mode.name()));
            ring.ifPresent(r -> rings.add(mode.name()));
        }
        assertThat(NOT_RINGS).allSatisfy(n -> assertThat(InteropModes.byName(n)).isNotNull());
        assertThat(rings).contains("libketama", "libmemcached-ketama", "spymemcached-ketama", "xmemcached-ketama",
                "twemproxy-ketama", "dalli", "nginx-consistent", "hash_ring", "uhashring-ketama");
    }

    @Test
    @DisplayName("a mode's ring routes 20,000 random keys per mode (spread over its hash choices) exactly like the mode")
    void theRingRoutesLikeTheMode() {
        SplittableRandom r = new SplittableRandom(11);
        int checked = 0;
        for (InteropMode mode : InteropModes.all()) {
            List<String> hashes = new ArrayList<>();
            hashes.add(null);
            hashes.addAll(mode.hashes());
            for (String hash : hashes) {
                PeerRouter router = mode.peerRouter(WEIGHTED, hash);
                Optional<Ring<Server>> ring = router.ring();
                if (ring.isEmpty()) {
                    continue;
                }
                Ring<Server> ring0 = ring.get();
                assertThat(ring0.nodes().stream().map(Node::value).toList()).as("%s %s nodes", mode.name(), hash)
                        .containsExactlyInAnyOrderElementsOf(WEIGHTED);
                for (int i = 0; i < 20_000 / hashes.size(); i++) {
                    String key = RandomKeys.key(r, 50);
                    assertThat(ring0.route(key)).as("%s %s key %s", mode.name(), hash, key).isSameAs(router.route(key));
                    assertThat(ring0.candidates(key)).isEqualTo(router.candidates(key));
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(20);
    }
}
