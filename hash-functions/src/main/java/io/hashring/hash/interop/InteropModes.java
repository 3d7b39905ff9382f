package io.hashring.hash.interop;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of interop modes, by name, in a stable order: libketama, the libmemcached family,
 * spymemcached, xmemcached, twemproxy, dalli, the Python clients, PHP PECL memcache, nginx, and the
 * Python rings. Every mode's router is a {@link PeerRouter}. Thread-safe (immutable after class init).
 */
public final class InteropModes {

    private static final Map<String, InteropMode> BY_NAME = new LinkedHashMap<>();

    static {
        for (InteropMode mode : BuiltInModes.all()) {
            BY_NAME.put(mode.name(), mode);
        }
    }

    private InteropModes() {
    }

    /** Every mode, in a stable documented order. */
    public static List<InteropMode> all() {
        return List.copyOf(BY_NAME.values());
    }

    /**
     * The mode with this name.
     *
     * @throws IllegalArgumentException naming the unknown mode and listing the valid names
     */
    public static InteropMode byName(String name) {
        InteropMode mode = BY_NAME.get(name);
        if (mode == null) {
            throw new IllegalArgumentException("unknown mode '" + name + "'; valid modes: " + String.join(", ", BY_NAME.keySet()));
        }
        return mode;
    }
}
