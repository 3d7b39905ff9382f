package io.hashring.core;

import java.util.Collection;

/**
 * The routing for new fleets whose clients all use hashring: mode {@value #MODE}, today a
 * {@link SlotRouter} (chosen by measurement over the ketama ring, Maglev and weighted rendezvous;
 * the table and the command that produced it are in the project's documentation). Use it when no
 * client of another library shares the cluster; otherwise use the interop mode of that library.
 *
 * <p>Every client of a fleet must build its router from the same node list (same ids, weights and
 * order) and the same capacity; pass the capacity explicitly when the fleet will grow beyond twice
 * its starting weight.
 */
public final class NativeRouting {

    /** The mode name adapters, the CLI and topology files use for this routing. */
    public static final String MODE = "hashring-native";

    private NativeRouting() {
    }

    /**
     * The native router over {@code nodes}, default capacity ({@link SlotRouter#defaultCapacity}).
     *
     * @throws DuplicateNodeException if two nodes share an id
     */
    public static <N> SlotRouter<N> router(Collection<Node<N>> nodes) {
        return SlotRouter.of(nodes);
    }

    /**
     * The native router over {@code nodes} with {@code capacity} slots (at least the total weight).
     *
     * @throws IllegalArgumentException if the capacity is out of range or below the total weight
     */
    public static <N> SlotRouter<N> router(int capacity, Collection<Node<N>> nodes) {
        return SlotRouter.of(capacity, nodes);
    }

    /** The native router over {@code host:port} ids, weight 1 each. */
    public static SlotRouter<String> router(String... ids) {
        return SlotRouter.of(ids);
    }
}
