package io.hashring.core;

import java.util.Collection;

/**
 * The routing for fleets whose clients all use hashring: mode {@value #MODE}, a
 * {@link WeightedRendezvousRouter}. Use it when no client of another library shares the cluster;
 * otherwise use the interop mode of that library.
 *
 * <p>Placement is a function of the set of (id, weight) pairs alone: a client changed at runtime
 * (servers added, removed, reweighted in any order) and a client started later from the resulting
 * list route every key identically, with no capacity or order to agree on. Adding or removing a
 * server moves only that server's keys (the minimum); a server's key-space share is exactly
 * {@code w / W}. Lookup is O(N) (about 1-2 ns per server), which suits client fleets of tens to a
 * few hundred servers.
 *
 * <p>Why not the {@link SlotRouter} (faster at thousands of servers, O(1) lookups): its table
 * depends on the order servers arrived in where two servers' slot paths cross, and a rebuild with a
 * larger capacity moves almost every key, so a runtime-changed client and a freshly built one can
 * disagree (the measurements are in the project's {@code ring-core/NATIVE.md}). Use
 * {@link SlotRouter} directly where one process owns the whole history of the router.
 */
public final class NativeRouting {

    /** The mode name adapters, the CLI and topology files use for this routing. */
    public static final String MODE = "hashring-native";

    private NativeRouting() {
    }

    /**
     * The native router over {@code nodes}; their order does not affect placement.
     *
     * @throws DuplicateNodeException if two nodes share an id
     */
    public static <N> WeightedRendezvousRouter<N> router(Collection<Node<N>> nodes) {
        return WeightedRendezvousRouter.of(nodes);
    }

    /** The native router over {@code host:port} ids, weight 1 each. */
    public static WeightedRendezvousRouter<String> router(String... ids) {
        return WeightedRendezvousRouter.of(ids);
    }
}
