package io.hashring.spymemcached;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashring.client.EjectionState;
import io.hashring.client.FailoverPolicy;
import io.hashring.testkit.MemcachedCluster;
import io.hashring.testkit.MemcachedNodes;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Writes that fail over carry the failover policy's TTL cap on the server that took them, and eject their owner. */
@MemcachedNodes(count = 2)
class FailoverTtlCapTest {

    private MemcachedCluster cluster;
    private HashringMemcachedClient client;

    @AfterEach
    void close() throws Exception {
        if (client != null) {
            client.shutdown(2, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("a failed-over write without expiry gets the 5 s cap; a shorter expiry is kept; the owner stays ejected")
    void failedOverWritesAreCapped() throws Exception {
        client = HashringSpymemcached.builder().servers(String.join(",", cluster.addresses()))
                .failover(FailoverPolicy.of(Duration.ofSeconds(5), FailoverPolicy.OnReturn.INVALIDATE, 1000))
                .connectionFactory(new net.spy.memcached.ConnectionFactoryBuilder().setOpTimeout(1000))
                .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(client.getAvailableServers().size() == 2) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        String owner = cluster.addresses().get(0);
        List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < 20 && i < 10_000; i++) {
            if (client.router().route("cap-" + i).id().equals(owner)) {
                keys.add("cap-" + i);
            }
        }
        cluster.server(0).kill();
        Map<String, Integer> expiries = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            expiries.put(keys.get(i), i % 2 == 0 ? 0 : 3);
        }
        for (Map.Entry<String, Integer> e : expiries.entrySet()) {
            String k = e.getKey();
            int exp = e.getValue();
            boolean stored = false;
            for (int attempt = 0; !stored && attempt < 50; attempt++) {
                try {
                    stored = Boolean.TRUE.equals(client.set(k, exp, "v-" + k).get(2, TimeUnit.SECONDS));
                } catch (Exception notYet) {
                    Thread.sleep(100); // the client is still noticing the kill
                }
            }
            assertThat(stored).as("set %s after the kill", k).isTrue();
        }
        Thread.sleep(200); // the capping touch follows each write on the same connection
        Map<String, Integer> ttl = ttls(cluster.addresses().get(1), keys);
        for (Map.Entry<String, Integer> e : expiries.entrySet()) {
            int t = ttl.get(e.getKey());
            int limit = e.getValue() == 0 ? 5 : 3;
            assertThat(t).as("TTL of %s (written with exp %d) on the failover server", e.getKey(), e.getValue())
                    .isBetween(1, limit);
        }
        assertThat(client.health(owner).status()).isEqualTo(EjectionState.Status.EJECTED);
    }

    /** Each key's remaining TTL on a server (memcached 1.6 meta get, flag t: -1 means none), or -2 if absent. */
    private static Map<String, Integer> ttls(String address, List<String> keys) throws Exception {
        String[] hp = address.split(":");
        Map<String, Integer> out = new LinkedHashMap<>();
        try (Socket s = new Socket(hp[0], Integer.parseInt(hp[1]))) {
            s.setSoTimeout(2000);
            OutputStream o = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            for (String k : keys) {
                o.write(("mg " + k + " t\r\n").getBytes(StandardCharsets.US_ASCII));
                o.flush();
                String line = in.readLine();
                out.put(k, line.startsWith("HD t") ? Integer.parseInt(line.substring(4).trim()) : -2);
            }
        }
        return out;
    }
}
