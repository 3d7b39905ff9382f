package io.hashring.hash.interop;

import io.hashring.core.HashFunction;
import io.hashring.core.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** Shared plumbing of the built-in modes: name, description, the peer's hash names, validation. */
abstract class BaseMode implements InteropMode {

    private final String name;
    private final String description;
    private final Map<String, HashFunction> hashes;
    private Verification verification = Verification.NONE;
    private String verifiedBy = "";
    private String limits = "";
    private final Map<String, String> options;

    /**
     * @param hashes the peer's selectable key hashes by the peer's spelling, default first; empty
     *               when the peer's hash is fixed
     */
    BaseMode(String name, String description, Map<String, HashFunction> hashes) {
        this(name, description, hashes, Map.of());
    }

    /**
     * @param options the peer's placement options by the peer's spelling with its defaults, in the
     *                order {@link #options()} lists them; a mode with options overrides
     *                {@link #build(List, HashFunction, Map)}
     */
    BaseMode(String name, String description, Map<String, HashFunction> hashes, Map<String, String> options) {
        this.name = name;
        this.description = description;
        this.hashes = hashes;
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Verification verification() {
        return verification;
    }

    @Override
    public final String verifiedBy() {
        return verifiedBy;
    }

    @Override
    public final String limits() {
        return limits;
    }

    /** Sets the proof facts; called once per mode while the registry is built (before publication). */
    final void proof(Verification kind, String by, String knownLimits) {
        this.verification = kind;
        this.verifiedBy = by;
        this.limits = knownLimits;
    }

    @Override
    public final List<String> hashes() {
        return List.copyOf(hashes.keySet());
    }

    @Override
    public final Map<String, String> options() {
        return options;
    }

    @Override
    public final PeerRouter router(List<Server> servers, String hash) {
        return router(servers, hash, Map.of());
    }

    @Override
    public final PeerRouter router(List<Server> servers, String hash, Map<String, String> given) {
        Objects.requireNonNull(servers, "servers");
        Objects.requireNonNull(given, "options");
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("mode " + name + " needs at least one server");
        }
        for (Server s : servers) {
            Objects.requireNonNull(s, "servers contains null");
        }
        Map<String, String> resolved = new LinkedHashMap<>(options);
        for (Map.Entry<String, String> e : given.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "option name is null");
            if (!options.containsKey(key)) {
                throw new IllegalArgumentException(options.isEmpty() ? "mode " + name + " has no options; got '" + key + "'"
                        : "mode " + name + " has no option '" + key + "'; valid options: " + String.join(", ", options.keySet()));
            }
            resolved.put(key, Objects.requireNonNull(e.getValue(), () -> "option '" + key + "' of mode " + name + " is null"));
        }
        return options.isEmpty() ? build(List.copyOf(servers), resolve(hash))
                : build(List.copyOf(servers), resolve(hash), Collections.unmodifiableMap(resolved));
    }

    /** Builds the router; {@code hash} is null only for modes with a fixed hash. Modes with options build with them instead. */
    PeerRouter build(List<Server> servers, HashFunction hash) {
        throw new IllegalStateException("mode " + name + " builds with its options");
    }

    /**
     * Builds the router of a mode with options: {@code options} holds every option of
     * {@link #options()}, the given value or the peer's default. Modes without options build with
     * {@link #build(List, HashFunction)}.
     */
    PeerRouter build(List<Server> servers, HashFunction hash, Map<String, String> options) {
        return build(servers, hash);
    }

    /**
     * An integer option in {@code [min, max]}, parsed as the peer reads it (decimal).
     *
     * @throws IllegalArgumentException naming the mode, the option, the value and the range
     */
    final int intOption(Map<String, String> resolved, String option, int min, int max) {
        String v = resolved.get(option);
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("option '" + option + "' of mode " + name + " must be an integer in ["
                + min + ", " + max + "]; got '" + v + "'");
    }

    private HashFunction resolve(String hash) {
        if (hashes.isEmpty()) {
            if (hash != null) {
                throw new IllegalArgumentException("mode " + name + " has a fixed key hash; got --hash " + hash);
            }
            return null;
        }
        if (hash == null) {
            return hashes.values().iterator().next();
        }
        HashFunction f = hashes.get(hash);
        if (f != null) {
            return f;
        }
        String wanted = normalize(hash);
        for (Map.Entry<String, HashFunction> e : hashes.entrySet()) {
            if (normalize(e.getKey()).equals(wanted)) {
                return e.getValue();
            }
        }
        throw new IllegalArgumentException("unknown hash '" + hash + "' for mode " + name + "; valid hashes: "
                + String.join(", ", hashes.keySet()));
    }

    /** Case-insensitive, '-' = '_', and spymemcached's "_HASH" suffix optional. */
    private static String normalize(String s) {
        String n = s.toLowerCase(Locale.ROOT).replace('-', '_');
        return n.endsWith("_hash") ? n.substring(0, n.length() - 5) : n;
    }

    @Override
    public String toString() {
        return name;
    }

    // ------------------------------------------------------------------ helpers

    static Map<String, HashFunction> hashes(Object... nameThenFunction) {
        Map<String, HashFunction> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenFunction.length; i += 2) {
            m.put((String) nameThenFunction[i], (HashFunction) nameThenFunction[i + 1]);
        }
        return m;
    }

    /** Nodes whose ids are the peer's identity strings, weights as configured or all 1. */
    static List<Node<Server>> nodes(List<Server> servers, Function<Server, String> id, boolean weighted) {
        List<Node<Server>> out = new ArrayList<>(servers.size());
        for (Server s : servers) {
            out.add(Node.of(id.apply(s), weighted ? s.weight() : 1, s));
        }
        return out;
    }

    static boolean anyWeightAbove1(List<Server> servers) {
        for (Server s : servers) {
            if (s.weight() > 1) {
                return true;
            }
        }
        return false;
    }

    static long totalWeight(List<Server> servers) {
        long t = 0;
        for (Server s : servers) {
            t += s.weight();
        }
        return t;
    }
}
