package io.hashring.testkit;

import static io.hashring.testkit.HashringAssertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.hashring.core.Node;

/**
 * The routing conformance kit: rules R1.x over a router the downstream project builds, no servers
 * needed. Extend it and implement {@link #routing(List)}; the node type is the router's own:
 *
 * <pre>{@code
 * class MyRingRoutingTest extends RoutingKit<String> {
 *     protected RoutingUnderTest<String> routing(List<ServerSpec> servers) {
 *         return RoutingUnderTest.of(Ring.of(RingConfig.libmemcachedKetama(), nodes(servers)));
 *     }
 * }
 * class MySpymemcachedRoutingTest extends RoutingKit<MemcachedNode> {   // the client's real NodeLocator
 *     protected RoutingUnderTest<MemcachedNode> routing(List<ServerSpec> servers) {
 *         return SpymemcachedClients.locator(servers, new ConnectionFactoryBuilder().setLocatorType(CONSISTENT).build());
 *     }
 * }
 * }</pre>
 *
 * A topology change is a new router over the changed server list (the kit compares the two).
 * Servers are {@code 10.0.0.i:11211} (never contacted: locators get stand-in nodes). Balance rules
 * use {@link ShareBounds} (z = 5) over 20 000 keys. R1.6 (weights) runs only if {@link #capabilities()}
 * declares {@link Capability#WEIGHTS}.
 *
 * @param <N> the router's node type
 */
@ExtendWith(KitExtension.class)
@DisplayName("Routing kit")
public abstract class RoutingKit<N> implements Kit {

    private static final int KEYS = 20_000;

    private final String subjectName;
    private final Capabilities capabilities;

    /** A kit reported under the test class's simple name, declaring no capability. */
    protected RoutingKit() {
        this.subjectName = null;
        this.capabilities = Capabilities.none();
    }

    /** A kit reported as {@code subjectName}, declaring {@code capabilities} ({@link Capability#WEIGHTS} enables R1.6). */
    protected RoutingKit(String subjectName, Capability... capabilities) {
        if (subjectName == null || subjectName.isBlank()) {
            throw new IllegalArgumentException("a routing kit's subject name must not be blank, was '" + subjectName + "'");
        }
        this.subjectName = subjectName;
        this.capabilities = Capabilities.of(capabilities);
    }

    /**
     * The router under test over these servers, in this order (weights only when
     * {@link #capabilities()} has {@link Capability#WEIGHTS}). Called many times per rule.
     */
    protected abstract RoutingUnderTest<N> routing(List<ServerSpec> servers);

    /** What the router can do: {@link Capability#WEIGHTS} enables R1.6. As given to the constructor; none by default. */
    protected Capabilities capabilities() {
        return capabilities;
    }

    /** The name in the report: as given to the constructor, by default the test class's simple name. */
    @Override
    public String subjectName() {
        return subjectName != null ? subjectName : getClass().getSimpleName();
    }

    @Override
    public final String kitName() {
        return "routing";
    }

    /**
     * Rules this router is known to fail, with the reason; by default the routing's own
     * ({@link RoutingUnderTest#expectedFailures()}, asked of a router over three servers). Such a
     * rule still runs, must fail (else the test fails so the declaration gets removed), and is
     * reported as {@code failed-expected}.
     */
    @Override
    public Map<Rules, String> expectedFailures() {
        return routing(equalServers(3)).expectedFailures();
    }

    /** Servers {@code 10.0.0.1:11211, 10.0.0.2:11211, ...} with these weights. */
    public static List<ServerSpec> servers(int... weights) {
        List<ServerSpec> out = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            out.add(new ServerSpec("10.0.0." + (i + 1) + ":11211", weights[i]));
        }
        return out;
    }

    /** Ring-core nodes for these servers: id the address, the value the address too, the weight the server's. */
    protected static List<Node<String>> nodes(List<ServerSpec> servers) {
        return servers.stream().map(s -> Node.of(s.address(), s.weight())).toList();
    }

    static List<ServerSpec> equalServers(int n) {
        int[] w = new int[n];
        Arrays.fill(w, 1);
        return servers(w);
    }

    private static List<String> keys() {
        return TestKeys.random("route", KEYS, 1);
    }

    private static List<String> addresses(List<ServerSpec> servers) {
        return servers.stream().map(ServerSpec::address).toList();
    }

    private void checkShares(List<ServerSpec> servers) {
        RoutingUnderTest<N> router = routing(servers);
        List<String> keys = keys();
        Figures.current().put("shares", HashringAssertions.shares(router, addresses(servers), keys));
        long total = servers.stream().mapToLong(ServerSpec::weight).sum();
        Map<String, Double> expected = new LinkedHashMap<>();
        Map<String, Double> tolerance = new LinkedHashMap<>();
        for (ServerSpec s : servers) {
            double p = (double) s.weight() / total;
            expected.put(s.address(), p);
            tolerance.put(s.address(), ShareBounds.tolerance(p, (long) ShareBounds.POINTS_PER_NODE * servers.size(), keys.size()));
        }
        Figures.current().put("expectedShares", expected);
        Figures.current().put("tolerance", tolerance);
        assertThat(router).hasSharesWithin(expected, tolerance, keys);
    }

    @Nested
    @DisplayName("Determinism")
    class Determinism {
        @Test
        @DisplayName("R1.1 same nodes give the same route for every key")
        void r1_1_sameNodesSameRoutes() {
            List<ServerSpec> servers = equalServers(10);
            assertThat(routing(servers)).routesLike(routing(new ArrayList<>(servers)), keys());
        }
    }

    @Nested
    @DisplayName("Monotonicity: topology changes move only the keys they must")
    class Monotonicity {
        @Test
        @DisplayName("R1.2 adding a node moves keys only to the added node")
        void r1_2_addMovesKeysOnlyToTheNewNode() {
            List<ServerSpec> before = equalServers(10);
            List<ServerSpec> after = new ArrayList<>(before);
            ServerSpec added = ServerSpec.of("10.0.0.99:11211");
            after.add(added);
            RoutingUnderTest<N> a = routing(before);
            RoutingUnderTest<N> b = routing(after);
            Figures.current().put("movedFraction", HashringAssertions.movedFraction(a, b, keys()));
            assertThat(b).movesKeysOnlyTo(added.address(), a, keys());
        }

        @Test
        @DisplayName("R1.3 removing a node moves only that node's keys")
        void r1_3_removeMovesOnlyThatNodesKeys() {
            List<ServerSpec> before = equalServers(10);
            ServerSpec removed = before.get(3);
            List<ServerSpec> after = new ArrayList<>(before);
            after.remove(removed);
            RoutingUnderTest<N> a = routing(before);
            RoutingUnderTest<N> b = routing(after);
            Figures.current().put("movedFraction", HashringAssertions.movedFraction(a, b, keys()));
            assertThat(b).movesOnlyKeysOf(removed.address(), a, keys());
        }

        @Test
        @DisplayName("R1.7 adding a node to n moves about 1/(n+1) of the keys")
        void r1_7_addMovesAboutOneOverNPlusOne() {
            int n = 10;
            List<ServerSpec> before = equalServers(n);
            List<ServerSpec> after = new ArrayList<>(before);
            after.add(ServerSpec.of("10.0.0.99:11211"));
            RoutingUnderTest<N> a = routing(before);
            RoutingUnderTest<N> b = routing(after);
            List<String> keys = keys();
            double expected = 1.0 / (n + 1);
            double tol = ShareBounds.tolerance(expected, (long) ShareBounds.POINTS_PER_NODE * (n + 1), keys.size());
            Figures.current().put("movedFraction", HashringAssertions.movedFraction(a, b, keys));
            Figures.current().put("expectedMovedFraction", expected);
            assertThat(b).movesAbout(expected, tol, a, keys);
        }
    }

    @Nested
    @DisplayName("Failover order")
    class FailoverOrder {
        @Test
        @DisplayName("R1.4 candidates list every node once, primary first, then the node the key falls to without it")
        void r1_4_candidatesInRingOrder() {
            List<ServerSpec> servers = equalServers(8);
            Map<String, RoutingUnderTest<N>> without = new LinkedHashMap<>();
            for (ServerSpec s : servers) {
                List<ServerSpec> rest = new ArrayList<>(servers);
                rest.remove(s);
                without.put(s.address(), routing(rest));
            }
            List<String> keys = keys().subList(0, 5_000);
            Figures.current().put("keysChecked", keys.size());
            assertThat(routing(servers)).hasCandidatesInRingOrder(addresses(servers), without, keys);
        }
    }

    @Nested
    @DisplayName("Balance")
    class Balance {
        @Test
        @DisplayName("R1.5 equal weights give equal key shares within statistical bounds")
        void r1_5_equalWeightsEqualShares() {
            checkShares(equalServers(10));
        }

        @Test
        @DisplayName("R1.6 key shares track weights within statistical bounds")
        void r1_6_sharesTrackWeights() {
            Assumptions.assumeTrue(capabilities().has(Capability.WEIGHTS),
                    () -> subjectName() + " does not declare " + Capability.WEIGHTS);
            checkShares(servers(1, 2, 3, 4));
        }
    }
}
