package io.hashring.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.hashring.core.HashFunction;
import io.hashring.core.Node;
import io.hashring.core.NodeCursor;
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
 * Routing is the wrapped router's, unchanged, at the index level; node index i is the wrapped
 * router's node i, whose id is the value here. Immutable if the wrapped
 * router is; thread-safe then.
 */
public final class NodeIdRouter implements Router<String> {

    private final Router<?> router;
    private final List<Node<String>> nodes = new ArrayList<>();

    private NodeIdRouter(Router<?> router) {
        this.router = router;
        for (Node<?> n : router.nodes()) {
            nodes.add(Node.of(n.id(), n.weight()));
        }
    }

    /** The view; see the class comment. */
    public static NodeIdRouter of(Router<?> router) {
        return new NodeIdRouter(Objects.requireNonNull(router, "router"));
    }

    @Override
    public int indexOf(CharSequence key) {
        return router.indexOf(key);
    }

    @Override
    public int indexOf(byte[] key, int offset, int length) {
        return router.indexOf(key, offset, length);
    }

    @Override
    public NodeCursor cursor() {
        return router.cursor();
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
