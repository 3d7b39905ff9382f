/*
 * XmemcachedWithHashring: xmemcached's own client, with hashring choosing the server of each key.
 *
 * HashringXmemcached.builder() returns a net.rubyeye.xmemcached.XMemcachedClient (subclass). It
 * groups the pooled connections per server, so a server gets its points once however many
 * connections xmemcached opens, and places keys exactly like the spymemcached adapter given the
 * same servers: both clients can share one cluster.
 *
 * Run (against running memcached servers on loopback):
 *   java -cp <examples classpath> io.hashring.examples.XmemcachedWithHashring 127.0.0.1:11211,127.0.0.1:11212
 */
package io.hashring.examples;

import io.hashring.xmemcached.HashringXMemcachedClient;
import io.hashring.xmemcached.HashringXmemcached;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public final class XmemcachedWithHashring {

    private XmemcachedWithHashring() {
    }

    public static void main(String[] args) throws Exception {
        String servers = args.length > 0 ? args[0] : "127.0.0.1:11211";
        HashringXMemcachedClient client = HashringXmemcached.builder()
                .servers(servers)
                .configure(b -> {                    // any XMemcachedClientBuilder setting
                    b.setConnectionPoolSize(2);      // two connections per server, still one set of points
                    b.setOpTimeout(2500);
                })
                .build();
        try {
            client.set("user:42", 3600, "Ada Lovelace");
            System.out.println("user:42 = " + client.get("user:42") + " (on " + client.router().route("user:42").address() + ")");

            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                keys.add("item:" + i);
                client.set("item:" + i, 3600, "value " + i);
            }
            Map<String, String> got = client.get(keys); // one multi-get per server
            System.out.println("multi-get: " + got.size() + " of " + keys.size() + " keys");

            Map<String, Integer> perServer = new TreeMap<>();
            keys.forEach(k -> perServer.merge(client.router().route(k).address(), 1, Integer::sum));
            System.out.println("keys per server: " + perServer);
        } finally {
            client.shutdown();
        }
    }
}
