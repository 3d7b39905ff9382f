package io.hashring.xmemcached;

import io.hashring.core.Node;
import io.hashring.core.Ring;
import io.hashring.core.RingConfig;
import io.hashring.core.Router;
import io.hashring.hash.interop.InteropMode;
import io.hashring.hash.interop.InteropModes;
import io.hashring.hash.interop.Server;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a list of configured servers becomes a {@link Router}: a hashring {@link RingConfig} over
 * node ids taken from the configuration, or a named interop mode. Immutable.
 */
public abstract class Placement {

    private Placement() {
    }

    /** A router over {@code servers}, in configuration order; values are the given {@link Server} objects. */
    public abstract Router<Server> router(List<Server> servers);

    /** What {@link #toString()} shows and error messages name. */
    public abstract String name();

    @Override
    public String toString() {
        return name();
    }

    /**
     * The default: {@link RingConfig#ketamaFixedPoints()} (ketama, MD5, 160 points per unit of
     * weight) over ids {@code host:port} as configured, or the server's explicit name.
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
                List<Node<Server>> nodes = new ArrayList<>(servers.size());
                for (Server s : servers) {
                    nodes.add(Node.of(idOf(s), s.weight(), s));
                }
                return Ring.of(config, nodes);
            }

            @Override
            public String name() {
                return config.name();
            }
        };
    }

    /**
     * A named interop mode ({@code InteropModes.byName(name)}), with the peer's default hash or a
     * named one.
     *
     * @throws IllegalArgumentException naming the unknown mode and listing the valid ones
     */
    public static Placement mode(String modeName, String hashOrNull) {
        Objects.requireNonNull(modeName, "mode name");
        InteropMode mode = InteropModes.byName(modeName);
        return new Placement() {
            @Override
            public Router<Server> router(List<Server> servers) {
                return mode.router(servers, hashOrNull);
            }

            @Override
            public String name() {
                return hashOrNull == null ? mode.name() : mode.name() + "/" + hashOrNull;
            }
        };
    }

    /** A server's node identity: its explicit name, else {@code host:port} exactly as configured. */
    public static String idOf(Server s) {
        return s.name() != null ? s.name() : s.address();
    }
}
