package io.hashring.xmemcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashring.client.Placement;
import io.hashring.hash.interop.Server;
import io.hashring.testkit.MemcachedCluster;
import io.hashring.testkit.MemcachedNodes;
import io.hashring.testkit.MemcachedServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.Queue;
import java.net.InetSocketAddress;
import net.rubyeye.xmemcached.impl.MemcachedConnector;
import net.rubyeye.xmemcached.impl.ReconnectRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The xmemcached adapter against real memcached processes. */
@MemcachedNodes(count = 3)
class HashringXmemcachedLiveTest {

    private MemcachedCluster cluster;
    private HashringXMemcachedClient client;

    @AfterEach
    void cleanUp() throws Exception {
        if (client != null) {
            client.shutdown();
        }
    }

    private static List<String> keys(int n, String prefix) {
        List<String> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add(prefix + i);
        }
        return keys;
    }

    private void assertEveryKeyOnItsRouterServer(List<String> keys) {
        Map<String, List<MemcachedServer>> holders = cluster.holders(keys);
        for (String k : keys) {
            assertThat(holders.get(k)).as("holders of %s", k).extracting(MemcachedServer::address)
                    .containsExactly(client.router().route(k).address());
        }
    }

    @Test
    @DisplayName("a multi-get with one forbidden key (tab, 0x7f, a custom key provider's output) throws and sends nothing")
    void forbiddenKeysInMultiGetAreNeverSent() throws Exception {
        client = HashringXmemcached.builder().servers(String.join(",", cluster.addresses())).build();
        assertThat(client.set("ok", 0, "v")).isTrue();
        long before = commands();
        assertThatThrownBy(() -> client.get(List.of("ok", "tab\tkey"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x09");
        assertThatThrownBy(() -> client.get("del\u007fkey")).hasMessageContaining("0x7f");
        client.setKeyProvider(key -> key + " suffix");
        assertThatThrownBy(() -> client.get("fine")).hasMessageContaining("0x20");
        assertThat(client.getKeyProvider().process("a")).isEqualTo("a suffix");
        assertThat(commands()).as("cmd_get + cmd_set on the servers").isEqualTo(before);
    }

    private long commands() {
        return cluster.servers().stream().mapToLong(s -> s.stat("cmd_get") + s.stat("cmd_set")).sum();
    }

    @Test
    @DisplayName("with 3 pooled connections per server, keys land exactly where a pool-size-1 ring puts them")
    void pooledConnectionsDoNotChangePlacement() throws Exception {
        client = HashringXmemcached.builder().servers(String.join(",", cluster.addresses())).weights(1, 2, 1)
                .configure(b -> b.setConnectionPoolSize(3)).build();
        List<String> keys = keys(2000, "pool-");
        for (String k : keys) {
            assertThat(client.set(k, 0, "v-" + k)).isTrue();
        }
        assertEveryKeyOnItsRouterServer(keys);
        for (String k : keys) {
            assertThat((String) client.get(k)).isEqualTo("v-" + k);
        }
        // The router only knows servers and weights: the same ring as a fresh one without pooling.
        HashringSessionLocator fresh = new HashringSessionLocator(client.servers(), Placement.defaults(),
                io.hashring.client.EjectionPolicy.never());
        for (String k : keys) {
            assertThat(fresh.router().route(k)).isEqualTo(client.router().route(k));
        }
        assertThat(client.servers()).extracting(Server::weight).containsExactly(1, 2, 1);
    }

    @Test
    @DisplayName("a server down at build() keeps its ring place: its keys fail over, then return when it comes up")
    void serverDownAtBuild() throws Exception {
        MemcachedServer down = cluster.server(1);
        down.stop();
        client = HashringXmemcached.builder().servers(String.join(",", cluster.addresses()))
                .configure(b -> {
                    b.setConnectTimeout(500);
                    b.setHealSessionInterval(200);
                }).build();
        assertThat(client.servers()).extracting(Server::address).containsExactlyElementsOf(cluster.addresses());
        List<String> keys = keys(600, "down-");
        for (String k : keys) {
            assertThat(client.set(k, 0, "a")).as("set %s while a server is down", k).isTrue();
        }
        Map<String, List<MemcachedServer>> holders = cluster.holders(keys);
        for (String k : keys) {
            List<Server> cands = client.router().candidates(k);
            String expected = cands.get(0).address().equals(down.address()) ? cands.get(1).address() : cands.get(0).address();
            assertThat(holders.get(k)).extracting(MemcachedServer::address).containsExactly(expected);
        }
        down.restart();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        String probe = keys.stream().filter(k -> client.router().route(k).address().equals(down.address())).findFirst().orElseThrow();
        for (int i = 0; i < 1500 && System.nanoTime() < deadline; i++) {
            client.set(probe, 0, "back");
            if (down.get(probe) != null) {
                break;
            }
            Thread.sleep(10);
        }
        assertThat(down.get(probe)).as("key %s is back on its own server after it came up", probe).isEqualTo("back");
    }

    @Test
    @DisplayName("a server readmitted while the heal thread holds its reconnect request is still reconnected at once, not after that request's long delay")
    void readmissionWhileHealThreadHoldsTheRequest() throws Exception {
        MemcachedServer victim = cluster.server(1);
        CountDownLatch ejected = new CountDownLatch(1);
        CountDownLatch readmitted = new CountDownLatch(1);
        client = HashringXmemcached.builder().servers(String.join(",", cluster.addresses()))
                .healthListener(new io.hashring.client.HealthListener() {
                    @Override
                    public void ejected(String serverId, io.hashring.client.FailureKind cause, java.time.Duration length) {
                        ejected.countDown();
                    }

                    @Override
                    public void readmitted(String serverId, java.time.Duration ejectedFor) {
                        readmitted.countDown();
                    }
                }).build();
        InetSocketAddress address = new InetSocketAddress(victim.host(), victim.port());
        victim.kill();
        assertThat(ejected.await(15, TimeUnit.SECONDS)).as("the killed server is ejected").isTrue();
        // Play the heal thread: take the victim's reconnect request out of the queue, as it does
        // while it tries to connect.
        Queue<ReconnectRequest> queue = ((MemcachedConnector) client.getConnector()).getReconnectRequestQueue();
        ReconnectRequest held = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (held == null && System.nanoTime() < deadline) {
            for (ReconnectRequest r : List.copyOf(queue)) {
                if (address.equals(r.getInetSocketAddressWrapper().getResolvedSocketAddress()) && queue.remove(r)) {
                    held = r;
                }
            }
            Thread.sleep(5);
        }
        assertThat(held).as("the killed server's reconnect request in xmemcached's queue").isNotNull();
        victim.restart();
        assertThat(readmitted.await(15, TimeUnit.SECONDS)).as("the restarted server is readmitted").isTrue();
        // ... and put it back after a failed try, with the delay of a request that failed many times.
        held.updateNextReconnectTimeStamp(TimeUnit.SECONDS.toMillis(60));
        queue.offer(held);
        long reconnectBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!client.getAvailableServers().contains(address) && System.nanoTime() < reconnectBy) {
            Thread.sleep(20);
        }
        assertThat(client.getAvailableServers()).as("connected servers 20 s after the readmission (the request's own delay is 60 s)")
                .contains(address);
    }

    @Test
    @DisplayName("addServer, setServerWeight and removeServer keep the ring in step")
    void runtimeTopology() throws Exception {
        List<String> addrs = cluster.addresses();
        client = HashringXmemcached.builder().servers(addrs.get(0) + "," + addrs.get(1)).build();
        MemcachedServer third = cluster.server(2);
        client.addServer(third.host(), third.port(), 2);
        assertThat(client.servers()).extracting(Server::address).containsExactly(addrs.get(0), addrs.get(1), addrs.get(2));
        assertThat(client.servers().get(2).weight()).isEqualTo(2);
        List<String> keys = keys(1500, "topo-");
        for (String k : keys) {
            assertThat(client.set(k, 0, "1")).isTrue();
        }
        assertEveryKeyOnItsRouterServer(keys);

        cluster.reset();
        client.setServerWeight(addrs.get(0), 3);
        assertThat(client.servers().get(0).weight()).isEqualTo(3);
        for (String k : keys) {
            assertThat(client.set(k, 0, "2")).isTrue();
        }
        assertEveryKeyOnItsRouterServer(keys);

        cluster.reset();
        client.removeServer(addrs.get(1));
        assertThat(client.servers()).extracting(Server::address).containsExactly(addrs.get(0), addrs.get(2));
        for (String k : keys) {
            assertThat(client.set(k, 0, "3")).isTrue();
        }
        assertThat(cluster.server(1).keysHeld(keys)).as("keys on the removed server").isEmpty();
        assertEveryKeyOnItsRouterServer(keys);
    }

    @Test
    @DisplayName("failureMode: keys never move; a down server's standby serves them")
    void failureModeUsesStandby() throws Exception {
        List<String> addrs = cluster.addresses();
        client = HashringXmemcached.builder().servers(addrs.get(0) + "," + addrs.get(1))
                .standby(addrs.get(0), addrs.get(2)).failureMode(true)
                .configure(b -> b.setHealSessionInterval(60_000)).build();
        MemcachedServer main = cluster.server(0);
        List<String> mainKeys = keys(400, "fm-").stream().filter(k -> client.router().route(k).address().equals(main.address())).toList();
        assertThat(mainKeys).isNotEmpty();
        main.kill();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean standbyServes = false;
        Exception last = null;
        for (int i = 0; i < 1000 && System.nanoTime() < deadline && !standbyServes; i++) {
            try {
                standbyServes = client.set(mainKeys.get(0), 0, "s");
            } catch (Exception e) {
                last = e;
                Thread.sleep(10); // the session close has not been noticed yet
            }
        }
        assertThat(standbyServes).as("standby accepted a write for the down main server; last error %s", String.valueOf(last)).isTrue();
        for (String k : mainKeys) {
            assertThat(client.set(k, 0, "s")).isTrue();
        }
        assertThat(cluster.server(2).keysHeld(mainKeys)).as("the standby holds the main server's keys").hasSameSizeAs(mainKeys);
        assertThat(cluster.server(1).keysHeld(mainKeys)).as("no key moved to the other main server").isEmpty();
    }
}
