package io.hashring.cli;

import io.hashring.client.WarmMigration;
import java.time.Duration;
import io.hashring.client.topology.Topology;
import io.hashring.core.Ring;
import io.hashring.core.Router;
import io.hashring.core.WeightedRendezvousRouter;
import io.hashring.hash.interop.InteropModes;
import io.hashring.hash.interop.Server;
import io.hashring.spymemcached.HashringMemcachedClient;
import io.hashring.spymemcached.HashringSpymemcached;
import io.hashring.xmemcached.HashringXMemcachedClient;
import io.hashring.xmemcached.HashringXmemcached;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.impl.KetamaMemcachedSessionLocator;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.MemcachedClient;

/**
 * The rows of the seed experiment: each a real client with one routing, how it meets the added
 * nodes, and the model that predicts where it puts keys. To measure another client or feature
 * (warm migration, the native mode), add one {@link Row} to {@link #ROWS}.
 */
final class SeedRows {

    /** Operation timeout of every client: spymemcached's own default (2.5 s); a bound, not a speed claim. */
    static final long OP_TIMEOUT_MS = 2_500;

    private SeedRows() {
    }

    /** How a client meets the added nodes. */
    enum Growth {
        /** The client cannot add servers at runtime: a new client over the grown list, as a redeployed application. */
        REDEPLOYED("client rebuilt on the grown list"),
        /** {@code addServer} on the running client. */
        RUNTIME("addServer on the live client"),
        /** {@code addServer} on the running client, with warm migration on (a window of {@link #WARM_WINDOW}). */
        WARM("addServer, warm migration on");

        final String label;

        Growth(String label) {
            this.label = label;
        }
    }

    /** A connected client as the experiment drives it. Not thread-safe; one per row. */
    interface SeedClient extends AutoCloseable {
        boolean set(String key, String value) throws Exception;

        String get(String key) throws Exception;

        /** The servers the client currently has a live connection to. */
        Collection<? extends SocketAddress> available();

        /** Meets the added servers: runtime add (returns this) or a new client over {@code all} (closes this). */
        SeedClient grow(List<Server> all, List<Server> added) throws IOException;

        @Override
        void close();
    }

    /** Connects a client to servers; {@code topology} carries the placement for hashring's rows. */
    interface Connector {
        SeedClient connect(List<Server> servers, Topology topology) throws IOException;
    }

    /** The placement model of a row: the router the client is proven (in-process tests) to match. */
    interface Model {
        Router<Server> router(List<Server> servers, Topology topology);
    }

    /** The exact share of keys expected to keep their server, and how it was computed. */
    record Expected(double share, String how) {
    }

    /**
     * One row.
     *
     * @param client  the client library, as the table shows it
     * @param routing the routing, as the table shows it (hashring's rows show the topology's placement)
     * @param growth  how the client meets the added nodes
     * @param connect connects the client
     * @param model   where the model says the client puts a key
     * @param modulo  whether the model is {@code hash mod n} (exact expectation by counting, not by ring diff)
     */
    record Row(String client, Function<Topology, String> routing, Growth growth, Connector connect, Model model, boolean modulo) {

        /** Exact share of keys that keep their server: {@code 1 - Ring.diff} for rings; counted for modulo. */
        Expected expected(List<Server> before, List<Server> after, Topology topology) {
            if (growth == Growth.WARM) {
                // Every key a client stored is on its old owner, which warm migration reads on a miss.
                return new Expected(1.0, "warm migration: a moved key is read from its old owner and copied");
            }
            if (modulo) {
                long same = DemoCommand.moduloKeptHashes(before.size(), after.size());
                return new Expected(same / 4294967296.0, String.format(Locale.ROOT,
                        "h mod %d = h mod %d for %d of 2^32 hashes", before.size(), after.size(), same));
            }
            Router<Server> ra = model.router(before, topology);
            Router<Server> rb = model.router(after, topology);
            if (ra instanceof WeightedRendezvousRouter<Server> wa && rb instanceof WeightedRendezvousRouter<Server> wb) {
                // A key keeps its server unless an added server outscores the old winner: probability W_before / W_after.
                return new Expected(wa.totalWeight() / (double) wb.totalWeight(), String.format(Locale.ROOT,
                        "rendezvous: only the added servers' share moves, W_before / W_after = %d / %d", wa.totalWeight(),
                        wb.totalWeight()));
            }
            Ring<Server> a = Cluster.ringOf(ra);
            Ring<Server> b = Cluster.ringOf(rb);
            if (a == null || b == null) {
                throw new IllegalStateException("the model of " + client + " " + routing.apply(topology) + " is not a ring");
            }
            return new Expected(1 - Ring.diff(a, b).movedFraction(), "1 - Ring.diff(before, after).movedFraction()");
        }
    }

    private static Model mode(String name) {
        return (servers, topology) -> InteropModes.byName(name).router(servers, null);
    }

    /** The warm-up window of the warm-migration rows: the adapters' default (long enough for one read of every key here). */
    static final Duration WARM_WINDOW = WarmMigration.defaults().window();

    /** The rows, in table order. */
    static final List<Row> ROWS = List.of(
            new Row("spymemcached 2.12.3", t -> "modulo: ArrayModNodeLocator, NATIVE_HASH (its defaults)", Growth.REDEPLOYED,
                    (servers, t) -> spymemcached(servers, false), mode("spymemcached-arraymod"), true),
            new Row("spymemcached 2.12.3", t -> "ketama: KetamaNodeLocator, KETAMA_HASH", Growth.REDEPLOYED,
                    (servers, t) -> spymemcached(servers, true), mode("spymemcached-ketama"), false),
            new Row("xmemcached 2.4.8", t -> "ketama: KetamaMemcachedSessionLocator", Growth.RUNTIME,
                    (servers, t) -> xmemcached(servers), mode("xmemcached-ketama"), false),
            new Row("hashring-spymemcached", SeedRows::placement, Growth.RUNTIME,
                    SeedRows::hashringSpymemcached, (servers, t) -> t.placement().router(servers), false),
            new Row("hashring-xmemcached", SeedRows::placement, Growth.RUNTIME,
                    SeedRows::hashringXmemcached, (servers, t) -> t.placement().router(servers), false),
            new Row("hashring-spymemcached", t -> "native placement: " + Topology.NATIVE_MODE, Growth.RUNTIME,
                    (servers, t) -> hashringSpymemcached(servers, nativeOf(t)), (servers, t) -> nativeOf(t).placement().router(servers),
                    false),
            new Row("hashring-xmemcached", t -> "native placement: " + Topology.NATIVE_MODE, Growth.RUNTIME,
                    (servers, t) -> hashringXmemcached(servers, nativeOf(t)), (servers, t) -> nativeOf(t).placement().router(servers),
                    false),
            new Row("hashring-spymemcached", t -> placement(t) + " + warm migration", Growth.WARM,
                    (servers, t) -> hashringSpymemcached(servers, t, WarmMigration.of(WARM_WINDOW)),
                    (servers, t) -> t.placement().router(servers), false),
            new Row("hashring-xmemcached", t -> placement(t) + " + warm migration", Growth.WARM,
                    (servers, t) -> hashringXmemcached(servers, t, WarmMigration.of(WARM_WINDOW)),
                    (servers, t) -> t.placement().router(servers), false));


    /** The topology with the native mode ({@value Topology#NATIVE_MODE}): same servers and ejection policy. */
    private static Topology nativeOf(Topology t) {
        return Topology.of(t.servers(), Topology.NATIVE_MODE, null, t.ejection());
    }

    private static String placement(Topology t) {
        String name = t.mode() + t.hash().map(h -> "/" + h).orElse("");
        return (t.mode().equals(Topology.DEFAULT_MODE) ? "default placement: " : "placement: ") + name;
    }

    // ------------------------------------------------------------------ the clients

    private static List<InetSocketAddress> addresses(List<Server> servers) {
        List<InetSocketAddress> out = new ArrayList<>();
        servers.forEach(s -> out.add(new InetSocketAddress(s.host(), s.port())));
        return out;
    }

    private static ConnectionFactoryBuilder spyFactory() {
        return new ConnectionFactoryBuilder().setOpTimeout(OP_TIMEOUT_MS).setMaxReconnectDelay(1).setDaemon(true);
    }

    /** Plain spymemcached: its defaults (ArrayModNodeLocator over NATIVE_HASH), or its ketama (CONSISTENT, KETAMA_HASH). */
    static SeedClient spymemcached(List<Server> servers, boolean ketama) throws IOException {
        ConnectionFactoryBuilder b = spyFactory();
        if (ketama) {
            b.setLocatorType(ConnectionFactoryBuilder.Locator.CONSISTENT).setHashAlg(DefaultHashAlgorithm.KETAMA_HASH);
        }
        MemcachedClient c = new MemcachedClient(b.build(), addresses(servers));
        return new Spy(c) {
            @Override
            public SeedClient grow(List<Server> all, List<Server> added) throws IOException {
                close(); // spymemcached has no addServer: the application is redeployed with the grown list
                return spymemcached(all, ketama);
            }
        };
    }

    static SeedClient hashringSpymemcached(List<Server> servers, Topology t) throws IOException {
        return hashringSpymemcached(servers, t, WarmMigration.off());
    }

    static SeedClient hashringSpymemcached(List<Server> servers, Topology t, WarmMigration warm) throws IOException {
        HashringMemcachedClient client = HashringSpymemcached.builder().servers(servers).placement(t.placement())
                .ejection(t.ejection()).warmMigration(warm).connectionFactory(spyFactory()).build();
        return new Spy(client) {
            @Override
            public SeedClient grow(List<Server> all, List<Server> added) throws IOException {
                for (Server s : added) {
                    client.addServer(s);
                }
                return this;
            }
        };
    }

    static SeedClient xmemcached(List<Server> servers) throws IOException {
        XMemcachedClientBuilder b = new XMemcachedClientBuilder(addresses(servers));
        b.setSessionLocator(new KetamaMemcachedSessionLocator());
        configure(b);
        net.rubyeye.xmemcached.MemcachedClient c = b.build();
        return new Xmc(c) {
            @Override
            public SeedClient grow(List<Server> all, List<Server> added) throws IOException {
                for (Server s : added) {
                    c.addServer(s.host(), s.port(), s.weight());
                }
                return this;
            }
        };
    }

    static SeedClient hashringXmemcached(List<Server> servers, Topology t) throws IOException {
        return hashringXmemcached(servers, t, WarmMigration.off());
    }

    static SeedClient hashringXmemcached(List<Server> servers, Topology t, WarmMigration warm) throws IOException {
        HashringXMemcachedClient client = HashringXmemcached.builder().servers(servers).placement(t.placement())
                .ejection(t.ejection()).warmMigration(warm).configure(SeedRows::configure).build();
        return new Xmc(client) {
            @Override
            public SeedClient grow(List<Server> all, List<Server> added) throws IOException {
                for (Server s : added) {
                    client.addServer(s);
                }
                return this;
            }
        };
    }

    private static void configure(XMemcachedClientBuilder b) {
        b.setConnectionPoolSize(1);
        b.setOpTimeout(OP_TIMEOUT_MS);
        b.setConnectTimeout(OP_TIMEOUT_MS);
        b.setHealSessionInterval(500);
    }

    private abstract static class Spy implements SeedClient {
        final MemcachedClient c;

        Spy(MemcachedClient c) {
            this.c = c;
        }

        @Override
        public boolean set(String key, String value) throws Exception {
            return c.set(key, 0, value).get(OP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }

        @Override
        public String get(String key) {
            return (String) c.get(key);
        }

        @Override
        public Collection<? extends SocketAddress> available() {
            return c.getAvailableServers();
        }

        @Override
        public void close() {
            c.shutdown(2, TimeUnit.SECONDS);
        }
    }

    private abstract static class Xmc implements SeedClient {
        final net.rubyeye.xmemcached.MemcachedClient c;

        Xmc(net.rubyeye.xmemcached.MemcachedClient c) {
            this.c = c;
        }

        @Override
        public boolean set(String key, String value) throws Exception {
            return c.set(key, 0, value);
        }

        @Override
        public String get(String key) throws Exception {
            return c.get(key);
        }

        @Override
        public Collection<? extends SocketAddress> available() {
            return c.getAvailableServers();
        }

        @Override
        public void close() {
            try {
                c.shutdown();
            } catch (IOException ignored) {
                // closing is best effort; the nodes are stopped anyway
            }
        }
    }
}
