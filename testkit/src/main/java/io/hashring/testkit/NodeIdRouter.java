package io.hashring.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.hashring.core.HashFunction;
import io.hashring.core.Node;
import io.hashring.core.Router;

/**
 * A view of any {@link Router} whose node values are replaced by the nodes' ids, so a router over
 * client-specific values (server objects, connections) can be checked by {@link RoutingKit}, which
 * works with {@code Router<String>}:
 *
 * <pre>{@code
 * protected Router<String> router(List<Node<String>> nodes) {
 *     return NodeIdRouter.of(myPlacement.router(toServers(nodes)));
 * }
 * }</pre>
 *
 * Routing is the wrapped router's, unchanged; each answer is mapped to its node's id through a
 * map built once (node values must be distinct under {@code equals}). Immutable if the wrapped
 * router is; thread-safe then.
 */
public final class NodeIdRouter implements Router<String> {

    private final Router<?> router;
    private final Map<Object, String> ids = new HashMap<>();
    private final List<Node<String>> nodes = new ArrayList<>();

    private NodeIdRouter(Router<?> router) {
        this.router = router;
        for (Node<?> n : router.nodes()) {
            if (ids.put(n.value(), n.id()) != null) {
                throw new IllegalArgumentException("two nodes share the value " + n.value() + "; ids cannot be told apart");
            }
            nodes.add(Node.of(n.id(), n.weight()));
        }
    }

    /** The view; see the class comment. */
    public static NodeIdRouter of(Router<?> router) {
        return new NodeIdRouter(Objects.requireNonNull(router, "router"));
    }

    private String id(Object value) {
        String id = ids.get(value);
        if (id == null) {
            throw new IllegalStateException("router answered " + value + ", which is not one of its nodes " + ids.values());
        }
        return id;
    }

    private List<String> ids(List<?> values) {
        List<String> out = new ArrayList<>(values.size());
        values.forEach(v -> out.add(id(v)));
        return out;
    }

    @Override
    public String route(CharSequence key) {
        return id(router.route(key));
    }

    @Override
    public String route(byte[] key, int offset, int length) {
        return id(router.route(key, offset, length));
    }

    @Override
    public String routeHash(int hash) {
        return id(router.routeHash(hash));
    }

    @Override
    public List<String> candidates(CharSequence key) {
        return ids(router.candidates(key));
    }

    @Override
    public List<String> candidates(byte[] key) {
        return ids(router.candidates(key));
    }

    @Override
    public HashFunction hashFunction() {
        return router.hashFunction();
    }

    @Override
    public List<Node<String>> nodes() {
        return java.util.Collections.unmodifiableList(nodes);
    }

    @Override
    public int size() {
        return router.size();
    }
}
