package io.hashring.hash.interop;

import io.hashring.core.Router;
import java.util.List;
import java.util.Map;

/**
 * A named, immutable way of placing keys that reproduces one peer (a client library or proxy)
 * exactly. Names are part of the public contract: the CLI and the adapters select modes by name.
 */
public interface InteropMode {

    /** The stable name, for example {@code libmemcached-ketama-weighted}. */
    String name();

    /** One line: the peer and version it matches, and how. */
    String description();

    /** How the agreement with the peer is proven. Built-in modes say; others default to {@link Verification#NONE}. */
    default Verification verification() {
        return Verification.NONE;
    }

    /** One line: what the proof ran (peer versions, topologies, key counts), or empty. */
    default String verifiedBy() {
        return "";
    }

    /** One line: what the mode does not reproduce (peer options, situations), or empty when nothing is known. */
    default String limits() {
        return "";
    }

    /**
     * Key hash names the peer lets its user choose, spelled as the peer spells them; the first is
     * the peer's default. Empty when the peer's hash is fixed.
     */
    List<String> hashes();

    /**
     * A router placing keys like the peer for these servers, in configuration order.
     *
     * @param servers the servers, in the order the peer would be configured
     * @param hash    one of {@link #hashes()}, or null for the peer's default
     * @throws IllegalArgumentException for an unknown hash (the message lists the valid ones) or a
     *                                  topology the peer cannot express
     */
    Router<Server> router(List<Server> servers, String hash);

    /**
     * Placement options the peer lets its user set beyond the key hash (for example twemproxy's
     * {@code hash_tag}, uhashring's {@code replicas}), spelled as the peer spells them, each with the
     * peer's default as a string, in a stable order. Empty when the peer has none.
     */
    default Map<String, String> options() {
        return Map.of();
    }

    /**
     * {@link #router(List, String)} with some of {@link #options()} set as the peer's user would
     * set them; an option not given keeps the peer's default. {@code router(servers, hash, Map.of())}
     * is {@code router(servers, hash)}.
     *
     * @throws IllegalArgumentException for an option the mode does not have (the message lists the
     *                                  valid ones) or a value the peer would not accept
     */
    default Router<Server> router(List<Server> servers, String hash, Map<String, String> options) {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("mode " + name() + " has no options; got " + options.keySet());
        }
        return router(servers, hash);
    }

    /**
     * {@link #router} with the peer's own failover order ({@link PeerRouter#failoverSequence}). Every
     * built-in mode's router is a {@link PeerRouter}.
     */
    default PeerRouter peerRouter(List<Server> servers, String hash) {
        return peerRouter(servers, hash, Map.of());
    }

    /** {@link #peerRouter(List, String)} with options, as {@link #router(List, String, Map)} takes them. */
    default PeerRouter peerRouter(List<Server> servers, String hash, Map<String, String> options) {
        Router<Server> r = router(servers, hash, options);
        if (r instanceof PeerRouter) {
            return (PeerRouter) r;
        }
        throw new UnsupportedOperationException("mode " + name() + " does not expose its peer's failover order");
    }
}
