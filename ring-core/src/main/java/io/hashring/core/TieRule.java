package io.hashring.core;

import java.util.List;

/**
 * Which node owns a point value that several points share ({@code docs/interop.md#tie-rules}). Collisions are rare
 * (about {@code P^2 / 2^33} for {@code P} points) but decide bit-exact agreement with a peer.
 */
@FunctionalInterface
public interface TieRule {

    /**
     * Chooses the owner of a duplicated point value.
     *
     * @param point      the shared value (unsigned, in an int)
     * @param contenders indexes (into {@code nodeIds}) of the nodes whose points have this value,
     *                   in insertion order: configuration order, then point order; at least two
     * @param nodeIds    every node's id, in configuration order
     * @return the winning node index, one of {@code contenders}
     */
    int winner(int point, int[] contenders, List<String> nodeIds);

    /** The earliest inserted point wins: lowest node index (libmemcached 1.1, libketama/twemproxy on glibc). */
    TieRule FIRST = new TieRule() {
        @Override
        public int winner(int point, int[] contenders, List<String> nodeIds) {
            return contenders[0];
        }

        @Override
        public String toString() {
            return "first";
        }
    };

    /** The last inserted point wins (spymemcached's {@code TreeMap.put}, Python dict overwrites). */
    TieRule LAST = new TieRule() {
        @Override
        public int winner(int point, int[] contenders, List<String> nodeIds) {
            return contenders[contenders.length - 1];
        }

        @Override
        public String toString() {
            return "last";
        }
    };
}
