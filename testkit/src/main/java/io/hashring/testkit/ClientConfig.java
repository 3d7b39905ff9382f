package io.hashring.testkit;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a kit asks a {@link ClientFactory} to build: the servers (in order, with weights), the
 * routing to use, and the operation timeout the client must honour.
 *
 * @param servers   at least one, in configuration order
 * @param routing   the routing the client must apply
 * @param opTimeout how long one operation may take before the client reports a failure
 */
public record ClientConfig(List<ServerSpec> servers, Routing routing, Duration opTimeout) {

    /** Routing choices a kit may ask for. */
    public enum Routing {
        /** A ketama consistent-hash ring (the client's own flavour; its model says which). */
        KETAMA,
        /** {@code hash mod n}: only the baseline comparisons use it. */
        MODULO
    }

    public ClientConfig {
        servers = List.copyOf(Objects.requireNonNull(servers, "servers"));
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("a client config needs at least one server");
        }
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(opTimeout, "opTimeout");
        if (opTimeout.isNegative() || opTimeout.isZero()) {
            throw new IllegalArgumentException("opTimeout must be positive, was " + opTimeout);
        }
    }

    /** Ketama over these servers (weight 1 each) with the testkit's operation timeout. */
    public static ClientConfig ketama(List<String> addresses) {
        return new ClientConfig(addresses.stream().map(ServerSpec::of).toList(), Routing.KETAMA, TestkitSettings.opTimeout());
    }

    /** Whether any server has a weight other than 1. */
    public boolean weighted() {
        return servers.stream().anyMatch(s -> s.weight() != 1);
    }

    /**
     * The servers as socket addresses, in order ({@code new InetSocketAddress(host, port)}, as both
     * clients' {@code AddrUtil.getAddresses} build them): what a spymemcached {@code MemcachedClient}
     * or an {@code XMemcachedClientBuilder} takes.
     */
    public List<InetSocketAddress> socketAddresses() {
        return servers.stream().map(s -> new InetSocketAddress(s.host(), s.port())).toList();
    }

    /** The weights, in order (what {@code new XMemcachedClientBuilder(addresses, weights)} takes). */
    public int[] weights() {
        return servers.stream().mapToInt(ServerSpec::weight).toArray();
    }

    /** The addresses, in order. */
    public List<String> addresses() {
        return servers.stream().map(ServerSpec::address).toList();
    }
}
