package io.hashring.client;

import io.hashring.core.RingConfig;
import io.hashring.hash.interop.Server;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What every hashring adapter's builder takes: servers, weights, the placement (a named interop
 * mode, a ring config, or any {@link Placement}) and the ejection policy. Each value is validated
 * as it is set, with a message naming the bad value. The adapters' builders extend this and add
 * their client's own settings. Not thread-safe.
 *
 * <p>Defaults: placement {@link Placement#defaults()} (so both adapters put every key on the same
 * server), ejection {@link EjectionPolicy#defaults()}, warm migration {@link WarmMigration#off()}.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class HashringClientBuilder<B extends HashringClientBuilder<B>> {

    private final ServerList servers = new ServerList();
    private Placement placement = Placement.defaults();
    private EjectionPolicy ejection = EjectionPolicy.defaults();
    private WarmMigration warm = WarmMigration.off();
    private FailoverPolicy failover = FailoverPolicy.defaults();
    private final List<HealthListener> listeners = new ArrayList<>();
    private io.hashring.client.membership.MembershipSource membershipSource;
    private io.hashring.client.membership.MembershipListener membershipListener =
            new io.hashring.client.membership.MembershipListener() { };
    private Duration membershipFirstWait = Duration.ofSeconds(10);
    private io.hashring.client.membership.Membership membership;
    private io.hashring.client.membership.MembershipVersion membershipUsed;

    /** Constructor for subclasses. */
    protected HashringClientBuilder() {
    }

    /** {@code this}, typed as the concrete builder. */
    @SuppressWarnings("unchecked") // B is the concrete subclass by contract
    protected final B self() {
        return (B) this;
    }

    /**
     * Adds servers {@code HOST:PORT[:WEIGHT[:NAME]]}, separated by commas or whitespace, in
     * configuration order.
     *
     * @throws IllegalArgumentException naming a malformed server
     */
    public B servers(String list) {
        servers.add(list);
        return self();
    }

    /** Adds servers, in configuration order. */
    public B servers(List<Server> list) {
        servers.add(list);
        return self();
    }

    /** Weights for the servers, in configuration order (overrides weights given in the specs). */
    public B weights(int... weights) {
        servers.weights(weights);
        return self();
    }

    /** Weights by server id ({@code host:port} as configured, or name); others keep theirs. */
    public B weights(Map<String, Integer> byId) {
        servers.weights(byId);
        return self();
    }

    /**
     * Places keys like a named interop mode ({@code hashring modes} lists them), with the peer's
     * default hash.
     *
     * @throws IllegalArgumentException naming the unknown mode and listing the valid ones
     */
    public B mode(String name) {
        this.placement = Placement.mode(name, null);
        return self();
    }

    /** Places keys like a named interop mode with one of its hashes. */
    public B mode(String name, String hash) {
        this.placement = Placement.mode(name, hash);
        return self();
    }

    /** Places keys with a hashring ring config over ids {@code host:port} as configured (or names). */
    public B ringConfig(RingConfig config) {
        this.placement = Placement.ring(config);
        return self();
    }

    /** Any placement. */
    public B placement(Placement placement) {
        this.placement = Objects.requireNonNull(placement, "placement");
        return self();
    }

    /**
     * Everything a topology file says: its servers (added in order, with weights and names), its
     * placement (mode and hash) and its ejection policy. Read one with
     * {@link io.hashring.client.topology.TopologyFile#read(java.nio.file.Path)}.
     */
    public B topology(io.hashring.client.topology.Topology topology) {
        return java.util.Objects.requireNonNull(topology, "topology").configure(self());
    }

    /** The ejection policy ({@link EjectionPolicy#never()} to rely on the client's own failover only). */
    public B ejection(EjectionPolicy policy) {
        this.ejection = Objects.requireNonNull(policy, "ejection");
        return self();
    }

    /**
     * Warm migration with this window and the other defaults of {@link WarmMigration#of(Duration)}:
     * after each topology change, misses of moved keys are read from their old server and copied.
     *
     * @throws IllegalArgumentException if the window is not positive
     */
    public B warmMigration(Duration window) {
        this.warm = WarmMigration.of(window);
        return self();
    }

    /** Warm migration settings ({@link WarmMigration#off()}, the default, to turn it off). */
    public B warmMigration(WarmMigration settings) {
        this.warm = Objects.requireNonNull(settings, "warmMigration");
        return self();
    }

    /**
     * What happens to writes that fail over and to a server before it is routed to again
     * ({@link FailoverPolicy#defaults()}: TTL cap 60 s, invalidate on return).
     */
    public B failover(FailoverPolicy policy) {
        this.failover = Objects.requireNonNull(policy, "failover");
        return self();
    }

    /** Adds a listener for health events (failures, ejections, readmissions); see {@link HealthListener}. */
    public B healthListener(HealthListener listener) {
        listeners.add(Objects.requireNonNull(listener, "healthListener"));
        return self();
    }

    /**
     * Takes the servers from a membership source while the client runs: the client starts on the
     * source's first version (waited for at most 10 s, see {@link #membership(io.hashring.client.membership.MembershipSource,
     * io.hashring.client.membership.MembershipListener, Duration)}) instead of the servers configured
     * here (those, also from {@link #topology}, are then ignored; the placement, ejection, warm
     * migration and failover settings still apply), and applies every newer version as one
     * {@link ClientTopology#replace}. Shutting the client down closes the source.
     */
    public B membership(io.hashring.client.membership.MembershipSource source) {
        return membership(source, new io.hashring.client.membership.MembershipListener() { }, Duration.ofSeconds(10));
    }

    /** As {@link #membership(io.hashring.client.membership.MembershipSource)}, reporting to {@code listener}. */
    public B membership(io.hashring.client.membership.MembershipSource source,
                        io.hashring.client.membership.MembershipListener listener) {
        return membership(source, listener, Duration.ofSeconds(10));
    }

    /**
     * As {@link #membership(io.hashring.client.membership.MembershipSource)}, reporting to
     * {@code listener}, waiting at most {@code firstWait} at {@code build()} for the first version.
     *
     * @throws IllegalArgumentException if {@code firstWait} is negative
     */
    public B membership(io.hashring.client.membership.MembershipSource source,
                        io.hashring.client.membership.MembershipListener listener, Duration firstWait) {
        if (firstWait.isNegative()) {
            throw new IllegalArgumentException("first-version wait must not be negative, was " + firstWait);
        }
        this.membershipSource = Objects.requireNonNull(source, "membership");
        this.membershipListener = Objects.requireNonNull(listener, "membershipListener");
        this.membershipFirstWait = firstWait;
        return self();
    }

    /**
     * For the adapters' {@code build()}: attaches the started membership (if any) to the new
     * client's topology, running the version its servers came from.
     *
     * @return the membership to close at the client's shutdown, or null when no source is set
     */
    public io.hashring.client.membership.Membership bindMembership(ClientTopology topology) {
        if (membership == null) {
            return null;
        }
        io.hashring.client.membership.Membership m = membership;
        membership = null;
        m.bind(topology, membershipUsed.version());
        return m;
    }

    /** For the adapters' {@code build()} when it fails: closes the membership started for it, if any. */
    public void abandonMembership() {
        if (membership != null) {
            membership.close();
            membership = null;
        }
    }

    /** The failover policy set (or the default). */
    public FailoverPolicy failover() {
        return failover;
    }

    /** The health listeners added, in order. */
    public List<HealthListener> healthListeners() {
        return List.copyOf(listeners);
    }

    /** A new health book for one client: the ejection policy and the listeners. */
    public ServerHealth newHealth() {
        return new ServerHealth(ejection, listeners);
    }

    /**
     * The servers with weights applied, in configuration order; see {@link ServerList#resolve()}.
     * With a {@linkplain #membership membership source}: the servers of its first version (the
     * source is started by the first call and waited for).
     *
     * @throws IllegalStateException if no servers are configured, a server is configured twice, or
     *                               the weights do not match the servers
     */
    public List<Server> resolvedServers() {
        if (membershipSource != null) {
            if (membership == null) {
                membership = io.hashring.client.membership.Membership.start(membershipSource, membershipListener);
            }
            membershipUsed = membership.first(membershipFirstWait);
            return membershipUsed.servers();
        }
        return servers.resolve();
    }

    /** The placement set (or the default). */
    public Placement placement() {
        return placement;
    }

    /** The ejection policy set (or the default). */
    public EjectionPolicy ejection() {
        return ejection;
    }

    /** The warm migration settings (default {@link WarmMigration#off()}). */
    public WarmMigration warmMigration() {
        return warm;
    }
}
