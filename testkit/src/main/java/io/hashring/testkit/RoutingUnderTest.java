package io.hashring.testkit;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import io.hashring.core.Node;
import io.hashring.core.NodeCursor;
import io.hashring.core.Router;

/**
 * A key router as {@link RoutingKit} checks it, over node objects of any type {@code N}: a hashring
 * {@link Router}, spymemcached's {@code NodeLocator} over {@code MemcachedNode}s, xmemcached's
 * {@code MemcachedSessionLocator} over {@code Session}s. Nodes are compared across routers (before and
 * after a topology change) by their {@link #address}.
 *
 * <p>Ready-made: {@link #of(Router)}; for the Java clients' locators
 * {@code io.hashring.testkit.spymemcached.SpymemcachedClients.locator(...)} and
 * {@code io.hashring.testkit.xmemcached.XmemcachedClients.locator(...)}.
 *
 * <p>Implementations are used from the test thread only.
 *
 * @param <N> the router's node type
 */
public interface RoutingUnderTest<N> {

    /** The node {@code key} goes to while every node is up. */
    N route(String key);

    /**
     * The nodes {@code key} goes to as its nodes fail, in the order the router tries them, primary
     * first: what the router itself does on a failure (a locator's failover sequence, its answers as
     * the key's nodes close one after another). A correct ring lists every node once, clockwise.
     */
    List<N> candidates(String key);

    /** The {@code host:port} a node was configured with (its identity across topologies). */
    String address(N node);

    /**
     * Rules this router is known to fail, with the reason (the bindings declare the measured
     * failures of the clients' own locators here); a routing kit's {@code expectedFailures()}
     * defaults to them. Such a rule must keep failing. None by default.
     */
    default Map<Rules, String> expectedFailures() {
        return Map.of();
    }

    /** The address {@code key} goes to. */
    default String routeAddress(String key) {
        return address(route(key));
    }

    /** The addresses of {@link #candidates}. */
    default List<String> candidateAddresses(String key) {
        return candidates(key).stream().map(this::address).toList();
    }

    /**
     * A hashring router as a routing under test: {@code route} and {@code candidates} at the index
     * level ({@link Router#indexOf}, {@link Router#cursor}), addresses are the nodes' ids.
     */
    static <N> RoutingUnderTest<N> of(Router<N> router) {
        Objects.requireNonNull(router, "router");
        Map<N, String> ids = new IdentityHashMap<>();
        for (Node<N> n : router.nodes()) {
            ids.put(n.value(), n.id());
        }
        NodeCursor cursor = router.cursor();
        return of(router::route, key -> {
            List<N> out = new ArrayList<>();
            cursor.reset(key);
            for (int i = cursor.next(); i >= 0; i = cursor.next()) {
                out.add(router.value(i));
            }
            return out;
        }, node -> {
            String id = ids.get(node);
            if (id == null) {
                throw new IllegalArgumentException("node " + node + " is not one of the router's " + ids.values());
            }
            return id;
        });
    }

    /** From three functions: route, candidates and address. */
    static <N> RoutingUnderTest<N> of(Function<String, N> route, Function<String, List<N>> candidates,
                                      Function<N, String> address) {
        return of(route, candidates, address, Map.of());
    }

    /** From three functions and the router's known failures ({@link #expectedFailures()}). */
    static <N> RoutingUnderTest<N> of(Function<String, N> route, Function<String, List<N>> candidates,
                                      Function<N, String> address, Map<Rules, String> expectedFailures) {
        Objects.requireNonNull(route, "route");
        Map<Rules, String> known = Map.copyOf(expectedFailures);
        Objects.requireNonNull(candidates, "candidates");
        Objects.requireNonNull(address, "address");
        return new RoutingUnderTest<>() {
            @Override
            public N route(String key) {
                return route.apply(key);
            }

            @Override
            public List<N> candidates(String key) {
                return candidates.apply(key);
            }

            @Override
            public String address(N node) {
                return address.apply(node);
            }

            @Override
            public Map<Rules, String> expectedFailures() {
                return known;
            }
        };
    }
}
