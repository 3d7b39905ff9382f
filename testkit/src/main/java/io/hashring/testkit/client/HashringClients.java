package io.hashring.testkit.client;

import java.util.function.Function;
import io.hashring.testkit.ClientFactory;
import io.hashring.client.WarmMigration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import io.hashring.client.HashringClient;
import io.hashring.client.Placement;
import io.hashring.hash.interop.Server;
import io.hashring.testkit.ClientBinding;
import io.hashring.testkit.ClientConfig;
import io.hashring.testkit.ServerSpec;

/**
 * What a hashring adapter's client adds to its library's binding ({@code hashring-client}, an
 * optional dependency of the testkit): runtime add and remove through
 * {@link HashringClient#topology()}, weights, and the adapter's placement as the routing model.
 *
 * <pre>{@code
 * ClientFactory f = HashringClients.bind(SpymemcachedClients.factory(c -> HashringSpymemcached.builder()
 *         .servers(HashringClients.serverList(c.servers())).build()), "hashring-spymemcached", Placement.defaults());
 * }</pre>
 *
 * <p>Static and stateless; the bindings it returns are immutable and thread-safe.
 */
public final class HashringClients {

    private HashringClients() {
    }

    /**
     * {@code binding} named {@code name}, declaring {@code RUNTIME_ADD_SERVER} and
     * {@code RUNTIME_REMOVE_SERVER} (through the client's topology), {@code WEIGHTS} (pass the
     * weights with {@link #serverList}), and {@code placement} over the config's servers as the
     * routing model.
     */
    public static <C extends HashringClient> ClientBinding<C> bind(ClientBinding<C> binding, String name, Placement placement) {
        Objects.requireNonNull(placement, "placement");
        return binding.named(name)
                .withWeights()
                .withAddServer((c, s) -> c.topology().add(server(s)))
                .withRemoveServer((c, address) -> c.topology().remove(address))
                .withRoutingModel(config -> placement.router(servers(config)));
    }

    /** Opens a hashring adapter's client for the kit's config, with a warm-migration setting. */
    @FunctionalInterface
    public interface AdapterOpener<C> {
        C open(ClientConfig config, WarmMigration warm) throws Exception;
    }

    /** The warm-up window the adapters' warm-migration kits use: longer than any rule runs. */
    public static final WarmMigration WARM_FOR_KITS = WarmMigration.of(java.time.Duration.ofMinutes(10));

    /**
     * A hashring adapter as the kits drive it: {@code library} is the client library's binding
     * ({@code SpymemcachedClients::factory}, {@code XmemcachedClients::factory}), {@code open} builds
     * the adapter's client with {@code warm}, and the default placement is the routing model. With
     * warm migration on, the binding is named {@code name + "+warm"} and the client's warm counters
     * go into the report. Every client opened is handed to {@code opened} too (a kit that reads its
     * health keeps it).
     */
    public static <C extends HashringClient> ClientFactory adapter(String name,
            Function<ClientBinding.Opener<C>, ClientBinding<C>> library, AdapterOpener<C> open, WarmMigration warm,
            java.util.function.Consumer<? super C> opened) {
        return adapter(name, library, open, warm, opened, Placement.defaults());
    }

    /**
     * {@link #adapter(String, Function, AdapterOpener, WarmMigration, java.util.function.Consumer)}
     * for an adapter built with {@code placement} ({@code open} must give its client that
     * placement): the placement is the routing model, and a placement other than the default is
     * named in the binding ({@code name + "/" + placement}, for example
     * {@code hashring-xmemcached/hashring-native}).
     */
    public static <C extends HashringClient> ClientFactory adapter(String name,
            Function<ClientBinding.Opener<C>, ClientBinding<C>> library, AdapterOpener<C> open, WarmMigration warm,
            java.util.function.Consumer<? super C> opened, Placement placement) {
        Objects.requireNonNull(placement, "placement");
        String named = placement.name().equals(Placement.defaults().name()) ? name : name + "/" + placement.name();
        AdapterOpener<C> seen = (config, w) -> {
            C c = open.open(config, w);
            opened.accept(c);
            return c;
        };
        if (warm.window().isZero()) {
            return bind(library.apply(config -> seen.open(config, warm)), named, placement);
        }
        return WarmCounters.factory(bind(library.apply(config -> WarmCounters.opened(seen.open(config, warm))),
                named + "+warm", placement));
    }

    /** The servers as the adapters' builders take them: {@code host:port:weight}, comma-separated. */
    public static String serverList(List<ServerSpec> servers) {
        return servers.stream().map(s -> s.address() + ":" + s.weight()).collect(Collectors.joining(","));
    }

    private static Server server(ServerSpec s) {
        return Server.parse(s.address() + ":" + s.weight());
    }

    private static List<Server> servers(ClientConfig config) {
        return config.servers().stream().map(HashringClients::server).toList();
    }
}
