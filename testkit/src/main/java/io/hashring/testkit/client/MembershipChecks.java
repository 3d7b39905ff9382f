package io.hashring.testkit.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashring.client.HashringClient;
import io.hashring.client.TopologyChange;
import io.hashring.client.membership.DnsSource;
import io.hashring.client.membership.MembershipListener;
import io.hashring.client.membership.MembershipSource;
import io.hashring.client.membership.MembershipVersion;
import io.hashring.client.membership.TopologyFileSource;
import io.hashring.core.Router;
import io.hashring.hash.interop.Server;
import io.hashring.testkit.MemcachedCluster;
import io.hashring.testkit.MemcachedNodes;
import io.hashring.testkit.MemcachedServer;
import io.hashring.testkit.TestkitSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Membership on a live client, written once for both adapters (issue 16): a topology file and a
 * DNS source change while 4 threads run get/set; the client converges within
 * {@link #CONVERGE}, with no errors beyond the removed server's keys; a malformed file is rejected
 * with 0 errors; a pure address change of a named server moves no key and the client then talks
 * to the new address. DNS is made deterministic by an injected resolver over loopback addresses;
 * the servers behind a name listen on 127.0.0.x, one port.
 *
 * @param <C> the adapter's client type
 */
@MemcachedNodes(count = 4)
public abstract class MembershipChecks<C extends HashringClient> {

    /** The stated bound: poll interval + the replace's connect wait + slack for a loaded machine. */
    public static final Duration CONVERGE = Duration.ofMillis(50).plus(TopologyChange.CONNECT_WAIT).plusSeconds(10);

    private static final Duration POLL = Duration.ofMillis(50);

    private C client;
    private final List<String> events = new CopyOnWriteArrayList<>();

    /**
     * The adapter's client on {@code source} (warm migration off), reporting to {@code listener}, with an
     * operation timeout of 1 s or, for a client whose healthy replies can take just over 1 s
     * (xmemcached), {@link io.hashring.testkit.TestkitSettings#opTimeout()}.
     */
    protected abstract C open(MembershipSource source, MembershipListener listener) throws Exception;

    /** A set through the client's own API; true when stored. */
    protected abstract boolean set(C client, String key, String value) throws Exception;

    /** A get through the client's own API. */
    protected abstract String get(C client, String key) throws Exception;

    /** Shuts the client down. */
    protected abstract void close(C client) throws Exception;

    @AfterEach
    void closeClient() throws Exception {
        if (client != null) {
            close(client);
            client = null;
        }
    }

    private final MembershipListener listener = new MembershipListener() {
        @Override
        public void applied(MembershipVersion version, TopologyChange change) {
            events.add("applied " + version.version() + " added " + change.added().size() + " removed "
                    + change.removed().size() + " readdressed " + change.readdressed().size() + " moved "
                    + change.movedFraction() + " late " + change.notConnected());
        }

        @Override
        public void rejected(String source, String reason) {
            events.add("rejected " + reason);
        }

        @Override
        public void failed(MembershipVersion version, Exception error) {
            events.add("failed " + version.version() + ": " + error);
        }
    };

    // ------------------------------------------------------------------ load

    /** 4 threads doing set-then-get on their own keys; errors (exceptions, sets not stored) by key. */
    private final class Load implements AutoCloseable {
        final AtomicBoolean stop = new AtomicBoolean();
        final Map<String, String> errors = new ConcurrentHashMap<>();
        final AtomicLong ops = new AtomicLong();
        final List<Thread> threads = new ArrayList<>();

        Load(C c) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            for (int t = 0; t < 4; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    for (int i = 0; !stop.get() && i < 2_000_000 && System.nanoTime() < deadline; i++) {
                        String key = "membership-" + id + "-" + (i % 400);
                        try {
                            if (!set(c, key, "v" + i)) {
                                errors.put(key, "set not stored");
                            }
                            get(c, key);
                        } catch (Exception e) {
                            errors.put(key, e.toString());
                        }
                        ops.incrementAndGet();
                    }
                }, "membership-load-" + t);
                th.setDaemon(true);
                threads.add(th);
                th.start();
            }
        }

        void runFor(long millis) throws InterruptedException {
            long target = ops.get() + 200;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (System.nanoTime() < deadline || (ops.get() < target && System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(20))) {
                Thread.sleep(10);
            }
        }

        /** Stops the threads and waits for them (bounded). */
        void stopAndJoin() {
            stop.set(true);
            try {
                for (Thread t : threads) {
                    t.join(TimeUnit.SECONDS.toMillis(10));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            stopAndJoin();
        }
    }

    private static long awaitMillis(BooleanSupplier condition, Duration bound, String what) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + bound + ": " + what);
            }
            Thread.sleep(5);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private List<String> ids() {
        return client.topology().servers().stream().map(Server::id).toList();
    }

    /** The keys among {@code errors} that {@code before} did not route to {@code removed}. */
    private static List<String> beyondRemoved(Map<String, String> errors, Router<Server> before, String removed) {
        List<String> out = new ArrayList<>();
        errors.forEach((k, why) -> {
            if (!before.route(k).id().equals(removed)) {
                out.add(k + ": " + why);
            }
        });
        return out;
    }

    // ------------------------------------------------------------------ file

    private static String topology(List<MemcachedServer> servers) {
        StringBuilder b = new StringBuilder("{\n  \"servers\": [\n");
        for (int i = 0; i < servers.size(); i++) {
            MemcachedServer s = servers.get(i);
            b.append("    {\"host\": \"").append(s.host()).append("\", \"port\": ").append(s.port()).append("}")
                    .append(i + 1 < servers.size() ? ",\n" : "\n");
        }
        return b.append("  ]\n}\n").toString();
    }

    /** Writes by rename, as config tools do, so a poll never reads half a file. */
    private static void write(Path file, String text) throws Exception {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    @DisplayName("topology file: add a server, then remove one, under 4 threads of get/set: converges within the bound, errors only on the removed server's keys")
    void fileSourceAddsAndRemovesUnderLoad(MemcachedCluster cluster, @TempDir Path dir) throws Exception {
        List<MemcachedServer> s = cluster.servers();
        Path file = dir.resolve("cluster.json");
        write(file, topology(s.subList(0, 3)));
        client = open(new TopologyFileSource(file, POLL), listener);
        assertThat(ids()).containsExactly(s.get(0).address(), s.get(1).address(), s.get(2).address());
        try (Load load = new Load(client)) {
            load.runFor(300);
            write(file, topology(s));
            long added = awaitMillis(() -> ids().size() == 4, CONVERGE, "the added server; events " + events);
            load.runFor(300);
            assertThat(load.errors).as("errors while adding a server").isEmpty();
            Router<Server> before = client.topology().router();
            write(file, topology(List.of(s.get(0), s.get(1), s.get(3))));
            long removed = awaitMillis(() -> !ids().contains(s.get(2).address()), CONVERGE, "the removal; events " + events);
            load.runFor(300);
            load.stopAndJoin();
            assertThat(ids()).containsExactly(s.get(0).address(), s.get(1).address(), s.get(3).address());
            assertThat(beyondRemoved(load.errors, before, s.get(2).address())).as("errors beyond the removed server's keys").isEmpty();
            assertThat(events).filteredOn(e -> e.startsWith("applied")).hasSize(2).allMatch(e -> e.endsWith("late []"));
            System.out.printf("membership file: converged in %d ms (add) and %d ms (remove), %d ops, %d errors on the removed server's keys%n",
                    added, removed, load.ops.get(), load.errors.size());
        }
    }

    @Test
    @DisplayName("topology file: a malformed version written while the client runs is rejected with file/line/field; routing stays, 0 errors")
    void malformedFileIsRejectedAndRoutingStays(MemcachedCluster cluster, @TempDir Path dir) throws Exception {
        List<MemcachedServer> s = cluster.servers();
        Path file = dir.resolve("cluster.json");
        write(file, topology(s.subList(0, 3)));
        client = open(new TopologyFileSource(file, POLL), listener);
        Router<Server> before = client.topology().router();
        List<String> idsBefore = ids();
        try (Load load = new Load(client)) {
            load.runFor(200);
            write(file, "{\n  \"servers\": [\n    {\"host\": \"127.0.0.1\", \"port\": 11211, \"wieght\": 2}\n  ]\n}\n");
            awaitMillis(() -> events.stream().anyMatch(e -> e.startsWith("rejected")), CONVERGE, "the rejection");
            load.runFor(300);
            load.stopAndJoin();
            assertThat(load.errors).as("errors while a malformed file is in place").isEmpty();
        }
        assertThat(events).singleElement().asString().contains(file.toString() + ":3:", "servers[0].wieght");
        assertThat(ids()).isEqualTo(idsBefore);
        assertThat(client.topology().router()).as("the same routing snapshot").isSameAs(before);
        write(file, topology(s));
        awaitMillis(() -> ids().size() == 4, CONVERGE, "a valid version after the bad one; events " + events);
    }

    // ------------------------------------------------------------------ cluster discovery

    @Test
    @DisplayName("config get cluster: the endpoint adds a node, then drops one, under 4 threads of get/set: converges within the bound, errors only on the removed server's keys; an older config version is ignored")
    void clusterConfigSourceAddsAndRemovesUnderLoad(MemcachedCluster cluster) throws Exception {
        List<MemcachedServer> s = cluster.servers();
        List<String> first = List.of(s.get(0).address(), s.get(1).address(), s.get(2).address());
        try (io.hashring.testkit.ClusterConfigEndpoint endpoint = io.hashring.testkit.ClusterConfigEndpoint.start(3, first)) {
            client = open(io.hashring.client.membership.ClusterConfigSource.builder(endpoint.host(), endpoint.port())
                    .interval(POLL).build(), listener);
            assertThat(ids()).containsExactlyElementsOf(first);
            try (Load load = new Load(client)) {
                load.runFor(300);
                endpoint.set(4, s.stream().map(MemcachedServer::address).toList());
                long added = awaitMillis(() -> ids().size() == 4, CONVERGE, "the added node; events " + events);
                load.runFor(300);
                assertThat(load.errors).as("errors while adding a server").isEmpty();
                // An older version naming fewer nodes (a stale endpoint replica): ignored.
                endpoint.set(2, first);
                load.runFor(300);
                assertThat(ids()).as("servers after an older config version").hasSize(4);
                Router<Server> before = client.topology().router();
                endpoint.set(5, List.of(s.get(0).address(), s.get(1).address(), s.get(3).address()));
                long removed = awaitMillis(() -> !ids().contains(s.get(2).address()), CONVERGE, "the removal; events " + events);
                load.runFor(300);
                load.stopAndJoin();
                assertThat(ids()).containsExactly(s.get(0).address(), s.get(1).address(), s.get(3).address());
                assertThat(beyondRemoved(load.errors, before, s.get(2).address())).as("errors beyond the removed server's keys").isEmpty();
                System.out.printf("membership cluster config: converged in %d ms (add) and %d ms (remove), %d ops, %d errors on the removed server's keys%n",
                        added, removed, load.ops.get(), load.errors.size());
            }
        }
    }

    // ------------------------------------------------------------------ DNS

    private static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static DnsSource.Resolver resolver(Map<String, List<InetAddress>> zone) {
        return host -> {
            List<InetAddress> a = zone.get(host);
            if (a == null) {
                throw new UnknownHostException(host);
            }
            return a;
        };
    }

    @Test
    @DisplayName("DNS name with several A records: an address added, then one removed, under 4 threads of get/set: converges, errors only on the removed server's keys")
    void dnsSourceAddsAndRemovesUnderLoad(MemcachedCluster cluster) throws Exception {
        cluster.assumeProcessControl("starts servers on 127.0.0.x");
        int port = TestkitSettings.basePort() + 50;
        cluster.addServerAt("127.0.0.2", port);
        cluster.addServerAt("127.0.0.3", port);
        cluster.addServerAt("127.0.0.4", port);
        Map<String, List<InetAddress>> zone = new ConcurrentHashMap<>();
        zone.put("pool.test", List.of(ip("127.0.0.3"), ip("127.0.0.2")));
        client = open(DnsSource.builder("pool=pool.test:" + port).allAddresses(true).interval(POLL)
                .resolver(resolver(zone)).build(), listener);
        assertThat(ids()).containsExactly("pool#127.0.0.2", "pool#127.0.0.3");
        try (Load load = new Load(client)) {
            load.runFor(300);
            zone.put("pool.test", List.of(ip("127.0.0.2"), ip("127.0.0.3"), ip("127.0.0.4")));
            long added = awaitMillis(() -> ids().size() == 3, CONVERGE, "the added address; events " + events);
            load.runFor(300);
            assertThat(load.errors).as("errors while adding a server").isEmpty();
            Router<Server> before = client.topology().router();
            zone.put("pool.test", List.of(ip("127.0.0.4"), ip("127.0.0.2")));
            long removed = awaitMillis(() -> ids().size() == 2, CONVERGE, "the removal; events " + events);
            load.runFor(300);
            load.stopAndJoin();
            assertThat(ids()).containsExactly("pool#127.0.0.2", "pool#127.0.0.4");
            assertThat(beyondRemoved(load.errors, before, "pool#127.0.0.3")).as("errors beyond the removed server's keys").isEmpty();
            System.out.printf("membership dns: converged in %d ms (add) and %d ms (remove), %d ops, %d errors on the removed server's keys%n",
                    added, removed, load.ops.get(), load.errors.size());
        }
    }

    @Test
    @DisplayName("DNS: a pure address change of a named server moves no key (owner id per key unchanged) and the client then talks to the new address, 0 errors")
    void dnsAddressChangeMovesNoKey(MemcachedCluster cluster) throws Exception {
        cluster.assumeProcessControl("starts servers on 127.0.0.x");
        int port = TestkitSettings.basePort() + 51;
        MemcachedServer oldA = cluster.addServerAt("127.0.0.2", port);
        MemcachedServer newA = cluster.addServerAt("127.0.0.5", port);
        MemcachedServer b = cluster.server(0);
        Map<String, List<InetAddress>> zone = new ConcurrentHashMap<>();
        zone.put("a.test", List.of(ip("127.0.0.2")));
        zone.put("b.test", List.of(ip("127.0.0.1")));
        client = open(DnsSource.builder("a=a.test:" + port + " b=b.test:" + b.port()).interval(POLL)
                .resolver(resolver(zone)).build(), listener);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            keys.add("address-change-" + i);
        }
        Router<Server> before = client.topology().router();
        List<String> ownersBefore = keys.stream().map(k -> before.route(k).id()).toList();
        long oldConnections = oldA.stat("curr_connections");
        assertThat(ownersBefore).contains("a", "b");
        try (Load load = new Load(client)) {
            load.runFor(300);
            zone.put("a.test", List.of(ip("127.0.0.5")));
            long moved = awaitMillis(() -> client.topology().servers().get(0).host().equals("127.0.0.5"), CONVERGE,
                    "the new address; events " + events);
            load.runFor(300);
            load.stopAndJoin();
            assertThat(load.errors).as("errors across a pure address change").isEmpty();
            System.out.printf("membership dns address change: applied in %d ms, %d ops, 0 errors%n", moved, load.ops.get());
        }
        Router<Server> after = client.topology().router();
        assertThat(keys.stream().map(k -> after.route(k).id()).toList()).as("owner id per key").isEqualTo(ownersBefore);
        assertThat(events).filteredOn(e -> e.startsWith("applied")).singleElement().asString()
                .contains("added 0 removed 0 readdressed 1 moved 0.0");
        List<String> onA = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (ownersBefore.get(i).equals("a")) {
                onA.add(keys.get(i));
            }
        }
        long slowest = 0;
        for (String k : onA) {
            long t0 = System.nanoTime();
            assertThat(set(client, k, "after-" + k)).isTrue();
            slowest = Math.max(slowest, System.nanoTime() - t0);
        }
        System.out.printf("membership dns address change: %d sets to a's new address, slowest %d ms%n",
                onA.size(), TimeUnit.NANOSECONDS.toMillis(slowest));
        assertThat(newA.keysHeld(onA)).as("a's keys written after the change are on a's new address").hasSameSizeAs(onA);
        assertThat(oldA.keysHeld(onA)).as("and not on its old address").isEmpty();
        awaitMillis(() -> oldA.stat("curr_connections") < oldConnections, CONVERGE,
                "the client's connection to a's old address closed (curr_connections was " + oldConnections + ")");
    }

    @Test
    @DisplayName("replace: an empty list, a duplicate id or address, an unresolvable host are rejected; nothing changes")
    void badReplacementsAreRejected(MemcachedCluster cluster, @TempDir Path dir) throws Exception {
        List<MemcachedServer> s = cluster.servers();
        Path file = dir.resolve("cluster.json");
        write(file, topology(s.subList(0, 2)));
        client = open(new TopologyFileSource(file, Duration.ofSeconds(60)), listener);
        Router<Server> before = client.topology().router();
        Server a = Server.parse(s.get(0).address());
        Server b = Server.parse(s.get(1).address());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.topology().replace(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.topology().replace(List.of(a, a)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.topology().replace(
                        List.of(a, new Server(a.host(), a.port(), 1, "alias"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share the address");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.topology().replace(
                        List.of(a, new Server("no-such-host.invalid", 11211, 1, null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot resolve host 'no-such-host.invalid'");
        assertThat(client.topology().router()).as("the same routing snapshot").isSameAs(before);
        TopologyChange c = client.topology().replace(List.of(b, new Server(a.host(), a.port(), 3, null)));
        assertThat(c.reweighted()).extracting(Server::id).containsExactly(a.id());
        assertThat(c.added()).isEmpty();
        assertThat(c.movedFraction()).isGreaterThan(0);
        assertThat(client.topology().servers()).extracting(Server::weight).containsExactly(1, 3);
    }
}
