package io.hashring.core;

import java.util.Objects;

/**
 * A node on a ring: the identity string the user configured (for example {@code "10.0.0.1:11211"}
 * or an explicit name), a positive weight, and the user's own object for it (a connection, a
 * client handle, or the id itself).
 *
 * <p>Routing depends on the id and the weight only, never on the value, DNS, or connection order.
 *
 * @param <N> the user's node type
 */
public final class Node<N> {

    private final String id;
    private final int weight;
    private final N value;

    private Node(String id, int weight, N value) {
        this.id = id;
        this.weight = weight;
        this.value = value;
    }

    /**
     * A node with an explicit value.
     *
     * @throws IllegalArgumentException if {@code id} is null or blank, or {@code weight <= 0}
     * @throws NullPointerException     if {@code value} is null
     */
    public static <N> Node<N> of(String id, int weight, N value) {
        checkId(id);
        if (weight <= 0) {
            throw new IllegalArgumentException("weight of node '" + id + "' must be positive, was " + weight);
        }
        Objects.requireNonNull(value, () -> "value of node '" + id + "' is null");
        return new Node<>(id, weight, value);
    }

    /** A node whose value is its id, with weight 1. */
    public static Node<String> of(String id) {
        return of(id, 1, id);
    }

    /** A node whose value is its id. */
    public static Node<String> of(String id, int weight) {
        return of(id, weight, id);
    }

    static void checkId(String id) {
        if (id == null) {
            throw new IllegalArgumentException("node id is null");
        }
        if (id.isBlank()) {
            throw new IllegalArgumentException("node id is blank: '" + id + "'");
        }
    }

    /** The configured identity; what point keys are derived from. */
    public String id() {
        return id;
    }

    /** The weight, at least 1. */
    public int weight() {
        return weight;
    }

    /** The user's object for this node. */
    public N value() {
        return value;
    }

    /** The same node with another weight. */
    public Node<N> withWeight(int newWeight) {
        return of(id, newWeight, value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Node<?> other && id.equals(other.id) && weight == other.weight && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, weight, value);
    }

    @Override
    public String toString() {
        return weight == 1 ? id : id + " (weight " + weight + ")";
    }
}
