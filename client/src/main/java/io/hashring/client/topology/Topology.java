package io.hashring.client.topology;

import io.hashring.client.EjectionPolicy;
import io.hashring.client.HashringClientBuilder;
import io.hashring.client.Placement;
import io.hashring.core.NativeRouting;
import io.hashring.core.RingConfig;
import io.hashring.core.Router;
import io.hashring.hash.interop.InteropMode;
import io.hashring.hash.interop.InteropModes;
import io.hashring.hash.interop.Server;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A memcached cluster as an operator describes it: the servers (host, port, weight, optional
 * name) in configuration order, the placement mode and key hash, and the ejection policy. What a
 * topology file holds ({@link TopologyFile#read}), and what the adapters' builders, the CLI and
 * the examples accept.
 *
 * <p>The mode is {@value #DEFAULT_MODE} (the adapters' default placement, {@link Placement#defaults()})
 * unless a topology names {@value #NATIVE_MODE} (the native mode for all-hashring fleets,
 * {@link Placement#nativeRouting()}) or an interop mode ({@link InteropModes}); {@link #modes()} lists every valid
 * name. Immutable and thread-safe; {@link #router()} builds a new router on each call (about
 * {@code O(P log P)} for {@code P} ring points), so call it on topology changes, not per key.
 */
public final class Topology {

    /** The name of the project's default placement: {@link RingConfig#ketamaFixedPoints()}. */
    public static final String DEFAULT_MODE = "ketama-fixed-points";

    /** The native mode for fleets whose clients all use hashring ({@link Placement#nativeRouting()}). */
    public static final String NATIVE_MODE = NativeRouting.MODE;

    private final List<Server> servers;
    private final String mode;
    private final String hash;
    private final EjectionPolicy ejection;
    private final Map<String, String> options;

    private Topology(List<Server> servers, String mode, String hash, Map<String, String> options, EjectionPolicy ejection) {
        this.servers = servers;
        this.mode = mode;
        this.hash = hash;
        this.options = options;
        this.ejection = ejection;
    }

    /**
     * A topology of these servers with the default mode, the mode's default hash and the default
     * ejection policy.
     *
     * @throws IllegalArgumentException if the list is empty or names a server id twice
     */
    public static Topology of(List<Server> servers) {
        return of(servers, DEFAULT_MODE, null, EjectionPolicy.defaults());
    }

    /**
     * A topology; every argument is checked here, so a topology that exists is a valid one.
     *
     * @param servers  at least one, in configuration order, no server id twice
     * @param mode     {@value #DEFAULT_MODE}, {@value #NATIVE_MODE} or an interop mode name ({@link #modes()})
     * @param hash     null for the mode's default, else one of the mode's {@link InteropMode#hashes()}
     * @param ejection the ejection policy
     * @throws IllegalArgumentException naming the bad value and the valid choices
     */
    public static Topology of(List<Server> servers, String mode, String hash, EjectionPolicy ejection) {
        return of(servers, mode, hash, Map.of(), ejection);
    }

    /**
     * {@link #of(List, String, String, EjectionPolicy)} with some of an interop mode's
     * {@link InteropMode#options()} set (for example twemproxy's {@code hash_tag}); the others keep
     * the peer's defaults.
     *
     * @param options option name to value, as the peer spells them; empty for none
     * @throws IllegalArgumentException naming the bad value and the valid choices, also for options
     *                                  given to a mode that has none
     */
    public static Topology of(List<Server> servers, String mode, String hash, Map<String, String> options,
                              EjectionPolicy ejection) {
        Objects.requireNonNull(servers, "servers");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(ejection, "ejection");
        List<Server> copy = List.copyOf(servers);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a topology needs at least one server");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < copy.size(); i++) {
            Integer first = seen.putIfAbsent(copy.get(i).id(), i);
            if (first != null) {
                throw new IllegalArgumentException("server id '" + copy.get(i).id() + "' is configured twice (servers "
                        + first + " and " + i + ")");
            }
        }
        checkHash(mode, hash);
        Map<String, String> opts = Collections.unmodifiableMap(new TreeMap<>(options));
        placement(mode, hash, opts); // validates the options eagerly
        return new Topology(copy, mode, hash, opts, ejection);
    }

    /** This topology with other servers (same mode, hash, options and ejection policy). */
    public Topology withServers(List<Server> otherServers) {
        return of(otherServers, mode, hash, options, ejection);
    }

    /** The servers, in configuration order (unmodifiable). */
    public List<Server> servers() {
        return servers;
    }

    /** The mode's name: {@value #DEFAULT_MODE}, {@value #NATIVE_MODE} or an interop mode's. */
    public String mode() {
        return mode;
    }

    /** The key hash, when the topology names one; empty means the mode's default. */
    public Optional<String> hash() {
        return Optional.ofNullable(hash);
    }

    /** The mode options the topology sets, by name (sorted; unmodifiable); empty means the peer's defaults. */
    public Map<String, String> options() {
        return options;
    }

    /** The ejection policy (the default one unless the topology sets it). */
    public EjectionPolicy ejection() {
        return ejection;
    }

    /** How the adapters place keys for this topology. */
    public Placement placement() {
        return placement(mode, hash, options);
    }

    /**
     * A router over {@link #servers()}; its node values are those {@link Server} objects.
     *
     * @throws IllegalArgumentException if the mode's peer cannot express these servers
     */
    public Router<Server> router() {
        return placement().router(servers);
    }

    /**
     * Configures an adapter's builder with this topology: adds its servers (in order, with their
     * weights and names) and sets its placement and ejection policy; the builder's client-specific
     * settings are untouched. {@code Topology.of(...).configure(HashringSpymemcached.builder()).build()}.
     *
     * @return {@code builder}
     */
    public <B extends HashringClientBuilder<B>> B configure(B builder) {
        Objects.requireNonNull(builder, "builder");
        return builder.servers(servers).placement(placement()).ejection(ejection);
    }

    /**
     * Every valid mode name: {@value #DEFAULT_MODE} first, {@value #NATIVE_MODE}, then every interop
     * mode in registry order.
     */
    public static List<String> modes() {
        List<String> names = new ArrayList<>();
        names.add(DEFAULT_MODE);
        names.add(NATIVE_MODE);
        for (InteropMode m : InteropModes.all()) {
            names.add(m.name());
        }
        return names;
    }

    /**
     * The key hashes a mode accepts (first = the peer's default); empty when the hash is fixed.
     *
     * @throws IllegalArgumentException for an unknown mode, listing the valid ones
     */
    public static List<String> hashes(String mode) {
        if (DEFAULT_MODE.equals(mode) || NATIVE_MODE.equals(mode)) {
            return List.of();
        }
        checkMode(mode);
        return InteropModes.byName(mode).hashes();
    }

    /**
     * The placement a mode and hash name.
     *
     * @throws IllegalArgumentException naming an unknown mode or hash and listing the valid choices
     */
    public static Placement placement(String mode, String hash) {
        checkHash(mode, hash);
        if (DEFAULT_MODE.equals(mode)) {
            return Placement.defaults();
        }
        return NATIVE_MODE.equals(mode) ? Placement.nativeRouting() : Placement.mode(mode, hash);
    }

    /**
     * The placement a mode, hash and mode options name.
     *
     * @throws IllegalArgumentException naming an unknown mode, hash or option, or a value the peer
     *                                  would not accept, and listing the valid choices
     */
    public static Placement placement(String mode, String hash, Map<String, String> options) {
        if (options.isEmpty()) {
            return placement(mode, hash);
        }
        checkHash(mode, hash);
        if (DEFAULT_MODE.equals(mode) || NATIVE_MODE.equals(mode)) {
            throw new IllegalArgumentException("mode '" + mode + "' has no options; got " + String.join(", ",
                    new TreeMap<>(options).keySet()));
        }
        return Placement.mode(mode, hash, options);
    }

    private static void checkMode(String mode) {
        if (!modes().contains(mode)) {
            throw new IllegalArgumentException("unknown mode '" + mode + "'; valid modes: " + String.join(", ", modes()));
        }
    }

    private static void checkHash(String mode, String hash) {
        checkMode(mode);
        if (hash == null) {
            return;
        }
        List<String> valid = hashes(mode);
        if (valid.isEmpty()) {
            throw new IllegalArgumentException("mode '" + mode + "' has a fixed key hash, so hash '" + hash
                    + "' is not accepted; leave the hash out");
        }
        if (!valid.contains(hash)) {
            throw new IllegalArgumentException("unknown hash '" + hash + "' for mode '" + mode + "'; valid hashes: "
                    + String.join(", ", valid));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Topology t && servers.equals(t.servers) && mode.equals(t.mode) && Objects.equals(hash, t.hash)
                && options.equals(t.options) && ejection.toString().equals(t.ejection.toString());
    }

    @Override
    public int hashCode() {
        return Objects.hash(servers, mode, hash);
    }

    @Override
    public String toString() {
        return "Topology{mode " + mode + (hash == null ? "" : "/" + hash) + (options.isEmpty() ? "" : " " + options)
                + ", " + servers.size() + " servers " + servers
                + ", " + ejection + "}";
    }
}
