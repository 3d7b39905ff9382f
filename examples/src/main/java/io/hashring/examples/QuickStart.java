/*
 * QuickStart: hashring-core alone (no other dependency).
 *
 * Build a ketama ring over three servers, route a key, list its failover candidates (distinct
 * servers in ring order, primary first), add a server, and ask exactly what share of the keys
 * moves and where to.
 *
 * Run: java -cp examples/target/classes:ring-core/target/classes io.hashring.examples.QuickStart
 */
package io.hashring.examples;

import io.hashring.core.Node;
import io.hashring.core.Ring;
import io.hashring.core.RingDiff;

public final class QuickStart {

    private QuickStart() {
    }

    public static void main(String[] args) {
        // libmemcached's weighted ketama: 160 points per server of equal weight, MD5 key hash.
        Ring<String> ring = Ring.ketama("10.0.0.1:11211", "10.0.0.2:11211", "10.0.0.3:11211");

        String key = "user:42:profile";
        System.out.println("route(" + key + ")      = " + ring.route(key));
        System.out.println("candidates(" + key + ") = " + ring.candidates(key) + "  (try them in this order when one is down)");

        // Rings are immutable: with() returns a new ring; the old one still routes as before.
        Ring<String> bigger = ring.with(Node.of("10.0.0.4:11211"));
        System.out.println("after adding 10.0.0.4:11211, route(" + key + ") = " + bigger.route(key));

        // Exact, over the whole 2^32 hash space: what moves, and from where to where.
        RingDiff diff = Ring.diff(ring, bigger);
        System.out.printf("moved: %.2f%% of the keys (ideal: 1 of 4 = 25%%)%n", 100 * diff.movedFraction());
        diff.flows().forEach((from, tos) -> tos.forEach((to, share) ->
                System.out.printf("  %s -> %s: %.2f%%%n", from, to, 100 * share)));
    }
}
