/*
 * SpymemcachedWithHashring: spymemcached's own client, with hashring choosing the server of each key.
 *
 * HashringSpymemcached.builder() returns a net.spy.memcached.MemcachedClient (subclass): your code
 * keeps calling set/get/getBulk as before. hashring replaces only the NodeLocator: the default
 * placement (ketama, MD5, 160 points per unit of weight, node ids "host:port" exactly as written),
 * one ejection policy shared with the xmemcached adapter, and servers added or removed at runtime.
 *
 * Run (against running memcached servers on loopback):
 *   java -cp <examples classpath> io.hashring.examples.SpymemcachedWithHashring 127.0.0.1:11211,127.0.0.1:11212
 */
package io.hashring.examples;

import io.hashring.spymemcached.HashringMemcachedClient;
import io.hashring.spymemcached.HashringSpymemcached;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.ConnectionFactoryBuilder;

public final class SpymemcachedWithHashring {

    private SpymemcachedWithHashring() {
    }

    public static void main(String[] args) throws Exception {
        String servers = args.length > 0 ? args[0] : "127.0.0.1:11211";
        HashringMemcachedClient client = HashringSpymemcached.builder()
                .servers(servers)                                        // HOST:PORT[:WEIGHT], comma-separated
                .connectionFactory(new ConnectionFactoryBuilder()       // every spymemcached setting is kept
                        .setOpTimeout(2500).setDaemon(true))
                .build();
        try {
            // spymemcached connects in the background, and until every server is up it sends a key whose server is
            // not connected yet to another one: wait (at most 10 s) before the first write.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (client.getAvailableServers().size() < client.servers().size() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            // An ordinary spymemcached call; the future completes once the server has stored the value.
            client.set("user:42", 3600, "Ada Lovelace").get(5, TimeUnit.SECONDS);
            System.out.println("user:42 = " + client.get("user:42") + " (on " + client.router().route("user:42").address() + ")");

            // 100 keys, one bulk read: getBulk asks each server once for the keys the ring gives it.
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                keys.add("item:" + i);
                client.set("item:" + i, 3600, "value " + i).get(5, TimeUnit.SECONDS);
            }
            Map<String, Object> got = client.getBulk(keys);
            System.out.println("getBulk: " + got.size() + " of " + keys.size() + " keys");

            Map<String, Integer> perServer = new TreeMap<>();
            keys.forEach(k -> perServer.merge(client.router().route(k).address(), 1, Integer::sum));
            System.out.println("keys per server: " + perServer);
        } finally {
            client.shutdown(2, TimeUnit.SECONDS);
        }
    }
}
