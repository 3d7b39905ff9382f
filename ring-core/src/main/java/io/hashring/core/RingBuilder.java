package io.hashring.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link Ring}; from {@link Ring#builder(RingConfig)}. Collects nodes in configuration
 * order and validates each as it is added. Not thread-safe.
 *
 * @param <N> the ring's node type
 */
public final class RingBuilder<N> {
    private final RingConfig config;
    private final Map<String, Node<N>> nodes = new LinkedHashMap<>();

    RingBuilder(RingConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** @throws DuplicateNodeException if the id was already added */
    public RingBuilder<N> node(Node<N> node) {
        if (nodes.putIfAbsent(Objects.requireNonNull(node, "node").id(), node) != null) {
            throw new DuplicateNodeException(node.id());
        }
        return this;
    }

    /** Adds {@code Node.of(id, weight, value)}. */
    public RingBuilder<N> node(String id, int weight, N value) {
        return node(Node.of(id, weight, value));
    }

    /** The ring over the nodes added so far. A full build, O(P) after generating the points. */
    public Ring<N> build() {
        return RingBuild.build(config, new ArrayList<>(nodes.values()));
    }
}
