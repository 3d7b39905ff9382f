package io.hashring.client;

import io.hashring.hash.interop.InteropMode;
import io.hashring.hash.interop.InteropModes;
import io.hashring.hash.interop.Server;
import io.hashring.core.NativeRouting;
import io.hashring.core.Node;
import io.hashring.core.Ring;
import io.hashring.core.RingConfig;
import io.hashring.core.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a list of configured {@link Server}s becomes a {@link Router}: a hashring
 * {@link RingConfig} over node ids taken from the configuration ({@link #ring}, {@link #defaults}),
 * the native mode for all-hashring fleets ({@link #nativeRouting}), or a named {@link InteropMode}
 * ({@link #mode}). The client adapters (spymemcached, xmemcached)
 * rebuild their router through a placement whenever the server list or a weight changes, so two
 * adapters given the same placement and servers route every key identically.
 *
 * <p>Node identity ({@link Server#id()}) is the server's explicit name, else {@code host:port} exactly as
 * configured: never a DNS lookup or {@code InetSocketAddress.toString()}, whose rendering changes
 * with reverse DNS .
 *
 * <p>Immutable and thread-safe. {@link #router} builds a new router on each call; for a ring that
 * costs about {@code O(P log P)} for {@code P} points (160 per unit of weight by default), so call
 * it on topology changes, not per key.
 */
public abstract class Placement {

    private Placement() {
    }

    /**
     * A router over {@code servers}, in configuration order; its node values are the given
     * {@link Server} objects.
     *
     * @throws IllegalArgumentException if the servers cannot be placed (for example two with the
     *                                  same id, or a topology an interop mode's peer cannot express)
     */
    public abstract Router<Server> router(List<Server> servers);

    /** What {@link #toString()} shows and error messages name: the ring config's or mode's name. */
    public abstract String name();

    @Override
    public String toString() {
        return name();
    }

    /**
     * The adapters' default: {@link RingConfig#ketamaFixedPoints()} (ketama, MD5, 160 points per
     * unit of weight) over ids {@code host:port} as configured, or the server's explicit name.
     */
    public static Placement defaults() {
        return ring(RingConfig.ketamaFixedPoints());
    }

    /** A hashring ring config over ids {@code host:port} as configured (or the server's name). */
    public static Placement ring(RingConfig config) {
        Objects.requireNonNull(config, "config");
        return new Placement() {
            @Override
            public Router<Server> router(List<Server> servers) {
                return Ring.of(config, nodes(servers));
            }

            @Override
            public String name() {
                return config.name();
            }
        };
    }

    /**
     * The native mode {@value NativeRouting#MODE} ({@link NativeRouting}: weighted rendezvous over
     * XXH64) for fleets whose clients all use hashring: exact weights, only the changed server's
     * keys move, and placement depends on the set of (id, weight) pairs alone, so a client changed at
     * runtime and one built from the resulting list agree. It has no parameters (no hash to choose,
     * no capacity). Lookup is O(N): suited to tens to a few hundred servers.
     */
    public static Placement nativeRouting() {
        return NATIVE;
    }

    private static final Placement NATIVE = new Placement() {
        @Override
        public Router<Server> router(List<Server> servers) {
            return NativeRouting.router(nodes(servers));
        }

        @Override
        public String name() {
            return NativeRouting.MODE;
        }
    };

    /**
     * A named interop mode ({@link InteropModes#byName(String)}), with the peer's default hash
     * ({@code hashOrNull == null}) or one of {@link InteropMode#hashes()}.
     *
     * @throws IllegalArgumentException naming the unknown mode and listing the valid ones
     */
    public static Placement mode(String modeName, String hashOrNull) {
        return mode(modeName, hashOrNull, Map.of());
    }

    /**
     * A named interop mode with some of its {@link InteropMode#options()} set (for example
     * twemproxy's {@code hash_tag}); the others keep the peer's defaults. Given options are checked
     * here, against a one-server topology, so a bad one fails when the placement is made rather
     * than at the first change of servers.
     *
     * @throws IllegalArgumentException naming an unknown mode, an unknown option (listing the valid
     *                                  ones) or a value the peer would not accept
     */
    public static Placement mode(String modeName, String hashOrNull, Map<String, String> options) {
        Objects.requireNonNull(modeName, "mode name");
        Map<String, String> opts = Map.copyOf(Objects.requireNonNull(options, "options"));
        InteropMode mode = InteropModes.byName(modeName);
        if (!opts.isEmpty()) {
            mode.router(List.of(Server.of("127.0.0.1", 11211)), hashOrNull, opts);
        }
        String suffix = opts.isEmpty() ? "" : new TreeMap<>(opts).toString();
        return new Placement() {
            @Override
            public Router<Server> router(List<Server> servers) {
                return mode.router(servers, hashOrNull, opts);
            }

            @Override
            public String name() {
                return (hashOrNull == null ? mode.name() : mode.name() + "/" + hashOrNull) + suffix;
            }
        };
    }

    /** One node per server: id as configured, its weight, the server as the value. */
    private static List<Node<Server>> nodes(List<Server> servers) {
        List<Node<Server>> nodes = new ArrayList<>(servers.size());
        for (Server s : servers) {
            nodes.add(Node.of(s.id(), s.weight(), s));
        }
        return nodes;
    }
}
