package io.hashring.testkit;

import static io.hashring.testkit.HashringAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.hashring.core.HashFunction;
import io.hashring.core.ModuloRouter;
import io.hashring.core.Node;
import io.hashring.core.Ring;
import io.hashring.core.RingConfig;

/** The shipped assertions pass on a consistent ring and fail, with a message saying why, where they must. */
@MemcachedNodes(count = 1)
@DisplayName("HashringAssertions")
class HashringAssertionsTest {

    private static final List<String> KEYS = TestKeys.random("assert", 4_000, 5);

    private static RoutingUnderTest<String> ring(List<ServerSpec> servers) {
        return RoutingUnderTest.of(Ring.of(RingConfig.libmemcachedKetama(),
                servers.stream().map(s -> Node.of(s.address(), s.weight())).toList()));
    }

    private static RoutingUnderTest<String> modulo(List<ServerSpec> servers) {
        return RoutingUnderTest.of(ModuloRouter.of(HashFunction.md5(),
                servers.stream().map(s -> Node.of(s.address(), s.weight())).toList()));
    }

    private static List<ServerSpec> grown(List<ServerSpec> servers) {
        List<ServerSpec> out = new java.util.ArrayList<>(servers);
        out.add(ServerSpec.of("10.0.0.99:11211"));
        return out;
    }

    @Test
    @DisplayName("routesLike passes for two rings over the same nodes and fails for rings over different nodes")
    void routesLike() {
        List<ServerSpec> five = RoutingKit.equalServers(5);
        assertThat(ring(five)).routesLike(ring(five), KEYS);
        assertThatThrownBy(() -> assertThat(ring(five)).routesLike(ring(grown(five)), KEYS))
                .hasMessageContaining("keys routed differently");
    }

    @Test
    @DisplayName("monotonicity checks pass for a ring and fail for modulo")
    void monotonicity() {
        List<ServerSpec> ten = RoutingKit.equalServers(10);
        assertThat(ring(grown(ten))).movesKeysOnlyTo("10.0.0.99:11211", ring(ten), KEYS)
                .movesAtMost(0.15, ring(ten), KEYS)
                .movesAbout(1 / 11.0, 0.05, ring(ten), KEYS);
        assertThatThrownBy(() -> assertThat(modulo(grown(ten))).movesKeysOnlyTo("10.0.0.99:11211", modulo(ten), KEYS))
                .hasMessageContaining("moved between old nodes when 10.0.0.99:11211 was added");
        assertThatThrownBy(() -> assertThat(modulo(grown(ten))).movesAtMost(0.15, modulo(ten), KEYS))
                .hasMessageContaining("allowed at most 0.1500");
        assertThatThrownBy(() -> assertThat(modulo(grown(ten))).movesAbout(1 / 11.0, 0.05, modulo(ten), KEYS))
                .hasMessageContaining("expected 0.0909 +- 0.0500");
        List<ServerSpec> nine = new java.util.ArrayList<>(ten);
        nine.remove(3);
        assertThat(ring(nine)).movesOnlyKeysOf(ten.get(3).address(), ring(ten), KEYS);
        assertThatThrownBy(() -> assertThat(modulo(nine)).movesOnlyKeysOf(ten.get(3).address(), modulo(ten), KEYS))
                .hasMessageContaining("keys of other nodes moved when 10.0.0.4:11211 was removed");
    }

    @Test
    @DisplayName("hasSharesWithin fails when a node's share is outside its bound")
    void shares() {
        List<ServerSpec> two = RoutingKit.servers(1, 3);
        Map<String, Double> tol = Map.of("10.0.0.1:11211", 0.05, "10.0.0.2:11211", 0.05);
        Map<String, Double> right = new LinkedHashMap<>();
        right.put("10.0.0.1:11211", 0.25);
        right.put("10.0.0.2:11211", 0.75);
        assertThat(ring(two)).hasSharesWithin(right, tol, KEYS);
        Map<String, Double> even = new LinkedHashMap<>();
        even.put("10.0.0.1:11211", 0.5);
        even.put("10.0.0.2:11211", 0.5);
        assertThatThrownBy(() -> assertThat(ring(two)).hasSharesWithin(even, tol, KEYS))
                .hasMessageContaining("outside their statistical bounds").hasMessageContaining("10.0.0.1:11211");
    }

    @Test
    @DisplayName("hasCandidatesInRingOrder passes for a ring and fails for modulo")
    void candidates() {
        List<ServerSpec> four = RoutingKit.equalServers(4);
        Map<String, RoutingUnderTest<String>> ringWithout = new LinkedHashMap<>();
        Map<String, RoutingUnderTest<String>> moduloWithout = new LinkedHashMap<>();
        for (ServerSpec s : four) {
            List<ServerSpec> rest = new java.util.ArrayList<>(four);
            rest.remove(s);
            ringWithout.put(s.address(), ring(rest));
            moduloWithout.put(s.address(), modulo(rest));
        }
        List<String> ids = four.stream().map(ServerSpec::address).toList();
        assertThat(ring(four)).hasCandidatesInRingOrder(ids, ringWithout, KEYS);
        assertThatThrownBy(() -> assertThat(modulo(four)).hasCandidatesInRingOrder(ids, moduloWithout, KEYS))
                .hasMessageContaining("break ring order").hasMessageContaining("second candidate");
    }

    @Test
    @DisplayName("server assertions read the real server")
    void server(MemcachedCluster cluster) {
        MemcachedServer s = cluster.server(0);
        s.set("held", "v1");
        assertThat(s).holdsKey("held").holdsValue("held", "v1").doesNotHoldKey("absent")
                .holdsNoneOf(Map.of("held", "v2", "absent", "v1"));
        assertThatThrownBy(() -> assertThat(s).holdsKey("absent")).hasMessageContaining("to hold key 'absent'");
        assertThatThrownBy(() -> assertThat(s).holdsValue("held", "v2")).hasMessageContaining("it holds 'v1'");
        assertThatThrownBy(() -> assertThat(s).doesNotHoldKey("held")).hasMessageContaining("not to hold key 'held'");
        assertThatThrownBy(() -> assertThat(s).holdsNoneOf(Map.of("held", "v1"))).hasMessageContaining("it holds 1: [held]");
    }
}
