package io.hashring.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.hashring.core.Node;
import io.hashring.core.Router;

/**
 * The routing conformance kit: rules R1.x over a {@link Router} the downstream project builds, no
 * servers needed. Extend it and implement {@link #router(List)}:
 *
 * <pre>{@code
 * class MyRouterRoutingTest extends RoutingKit {
 *     protected Router<String> router(List<Node<String>> nodes) {
 *         return Ring.of(RingConfig.libmemcachedKetama(), nodes);
 *     }
 * }
 * }</pre>
 *
 * Node ids are {@code 10.0.0.i:11211}; node values are the ids. Balance rules use
 * {@link ShareBounds} (z = 5) over 20 000 keys.
 */
@ExtendWith(KitExtension.class)
@DisplayName("Routing kit")
public abstract class RoutingKit implements Kit {

    private static final int KEYS = 20_000;

    /** Builds the router under test over these nodes (in this order). Called many times per rule. */
    protected abstract Router<String> router(List<Node<String>> nodes);

    /** The name in the report; by default the test class's simple name. */
    @Override
    public String subjectName() {
        return getClass().getSimpleName();
    }

    @Override
    public final String kitName() {
        return "routing";
    }

    /**
     * Rules this router is known to fail, with the reason. Such a rule still runs, must fail (else
     * the test fails so the declaration gets removed), and is reported as {@code failed-expected}.
     */
    @Override
    public Map<Rules, String> expectedFailures() {
        return Map.of();
    }

    static List<Node<String>> nodes(int... weights) {
        List<Node<String>> out = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            out.add(Node.of("10.0.0." + (i + 1) + ":11211", weights[i]));
        }
        return out;
    }

    static List<Node<String>> equalNodes(int n) {
        int[] w = new int[n];
        java.util.Arrays.fill(w, 1);
        return nodes(w);
    }

    private static List<String> keys() {
        return TestKeys.random("route", KEYS, 1);
    }

    private static Map<String, Double> shares(Router<String> router, List<String> keys) {
        Map<String, Double> out = new LinkedHashMap<>();
        router.nodes().forEach(n -> out.put(n.id(), 0.0));
        for (String k : keys) {
            out.merge(router.route(k), 1.0 / keys.size(), Double::sum);
        }
        return out;
    }

    private void checkShares(List<Node<String>> nodes) {
        Router<String> router = router(nodes);
        List<String> keys = keys();
        Map<String, Double> observed = Figures.current().put("shares", shares(router, keys));
        long total = nodes.stream().mapToLong(Node::weight).sum();
        Map<String, Double> expected = new LinkedHashMap<>();
        Map<String, Double> tolerance = new LinkedHashMap<>();
        for (Node<String> n : nodes) {
            double p = (double) n.weight() / total;
            expected.put(n.id(), p);
            tolerance.put(n.id(), ShareBounds.tolerance(p, (long) ShareBounds.POINTS_PER_NODE * nodes.size(), keys.size()));
        }
        Figures.current().put("expectedShares", expected);
        Figures.current().put("tolerance", tolerance);
        for (Node<String> n : nodes) {
            assertThat(observed.get(n.id()))
                    .as("share of node %s (weight %d of %d) over %d keys; allowed %s +- %s (z=%s)", n.id(), n.weight(), total,
                            keys.size(), expected.get(n.id()), tolerance.get(n.id()), ShareBounds.Z)
                    .isCloseTo(expected.get(n.id()), org.assertj.core.data.Offset.offset(tolerance.get(n.id())));
        }
    }

    @Nested
    @DisplayName("Determinism")
    class Determinism {
        @Test
        @DisplayName("R1.1 same nodes give the same route for every key")
        void r1_1_sameNodesSameRoutes() {
            List<Node<String>> nodes = equalNodes(10);
            Router<String> a = router(nodes);
            Router<String> b = router(new ArrayList<>(nodes));
            int differ = 0;
            String first = null;
            for (String k : keys()) {
                String ra = a.route(k);
                if (!ra.equals(b.route(k)) || !ra.equals(a.route(k))) {
                    differ++;
                    first = first == null ? k : first;
                }
            }
            Figures.current().put("keysRoutedDifferently", differ);
            assertThat(differ).as("keys routed differently by two routers over the same nodes (first: %s)", first).isZero();
        }
    }

    @Nested
    @DisplayName("Monotonicity: topology changes move only the keys they must")
    class Monotonicity {
        @Test
        @DisplayName("R1.2 adding a node moves keys only to the added node")
        void r1_2_addMovesKeysOnlyToTheNewNode() {
            List<Node<String>> before = equalNodes(10);
            List<Node<String>> after = new ArrayList<>(before);
            Node<String> added = Node.of("10.0.0.99:11211");
            after.add(added);
            Router<String> a = router(before);
            Router<String> b = router(after);
            int moved = 0;
            List<String> wrong = new ArrayList<>();
            for (String k : keys()) {
                String from = a.route(k);
                String to = b.route(k);
                if (!from.equals(to)) {
                    moved++;
                    if (!to.equals(added.id()) && wrong.size() < 5) {
                        wrong.add(k + ": " + from + " -> " + to);
                    }
                }
            }
            Figures.current().put("movedFraction", (double) moved / KEYS);
            assertThat(wrong).as("keys that moved between old nodes when %s was added", added.id()).isEmpty();
        }

        @Test
        @DisplayName("R1.3 removing a node moves only that node's keys")
        void r1_3_removeMovesOnlyThatNodesKeys() {
            List<Node<String>> before = equalNodes(10);
            Node<String> removed = before.get(3);
            List<Node<String>> after = new ArrayList<>(before);
            after.remove(removed);
            Router<String> a = router(before);
            Router<String> b = router(after);
            List<String> wrong = new ArrayList<>();
            int moved = 0;
            for (String k : keys()) {
                String from = a.route(k);
                String to = b.route(k);
                if (!from.equals(to)) {
                    moved++;
                    if (!from.equals(removed.id()) && wrong.size() < 5) {
                        wrong.add(k + ": " + from + " -> " + to);
                    }
                }
            }
            Figures.current().put("movedFraction", (double) moved / KEYS);
            assertThat(wrong).as("keys of other nodes that moved when %s was removed", removed.id()).isEmpty();
        }

        @Test
        @DisplayName("R1.7 adding a node to n moves about 1/(n+1) of the keys")
        void r1_7_addMovesAboutOneOverNPlusOne() {
            int n = 10;
            List<Node<String>> before = equalNodes(n);
            List<Node<String>> after = new ArrayList<>(before);
            after.add(Node.of("10.0.0.99:11211"));
            Router<String> a = router(before);
            Router<String> b = router(after);
            List<String> keys = keys();
            long moved = keys.stream().filter(k -> !a.route(k).equals(b.route(k))).count();
            double fraction = Figures.current().put("movedFraction", (double) moved / keys.size());
            double expected = 1.0 / (n + 1);
            double tol = ShareBounds.tolerance(expected, (long) ShareBounds.POINTS_PER_NODE * (n + 1), keys.size());
            Figures.current().put("expectedMovedFraction", expected);
            assertThat(fraction).as("fraction of %d keys that moved when node %d was added; allowed %s +- %s",
                    keys.size(), n + 1, expected, tol).isCloseTo(expected, org.assertj.core.data.Offset.offset(tol));
        }
    }

    @Nested
    @DisplayName("Failover order")
    class FailoverOrder {
        @Test
        @DisplayName("R1.4 candidates list every node once, primary first, then the node the key falls to without it")
        void r1_4_candidatesInRingOrder() {
            List<Node<String>> nodes = equalNodes(8);
            Router<String> router = router(nodes);
            Map<String, Router<String>> without = new HashMap<>();
            for (Node<String> n : nodes) {
                List<Node<String>> rest = new ArrayList<>(nodes);
                rest.remove(n);
                without.put(n.id(), router(rest));
            }
            List<String> problems = new ArrayList<>();
            int checked = 0;
            for (String k : keys().subList(0, 5_000)) {
                List<String> c = router.candidates(k);
                checked++;
                if (c.size() != nodes.size() || c.stream().distinct().count() != nodes.size()) {
                    problems.add(k + ": candidates " + c + " do not list each of the " + nodes.size() + " nodes once");
                } else if (!c.get(0).equals(router.route(k))) {
                    problems.add(k + ": first candidate " + c.get(0) + " is not route(key) " + router.route(k));
                } else if (!c.get(1).equals(without.get(c.get(0)).route(k))) {
                    problems.add(k + ": second candidate " + c.get(1) + " but without " + c.get(0) + " the key goes to "
                            + without.get(c.get(0)).route(k));
                }
                if (problems.size() >= 5) {
                    break;
                }
            }
            Figures.current().put("keysChecked", checked);
            assertThat(problems).as("candidate lists that break ring order").isEmpty();
        }
    }

    @Nested
    @DisplayName("Balance")
    class Balance {
        @Test
        @DisplayName("R1.5 equal weights give equal key shares within statistical bounds")
        void r1_5_equalWeightsEqualShares() {
            checkShares(equalNodes(10));
        }

        @Test
        @DisplayName("R1.6 key shares track weights within statistical bounds")
        void r1_6_sharesTrackWeights() {
            checkShares(nodes(1, 2, 3, 4));
        }
    }
}
