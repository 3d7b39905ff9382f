/*
 * AddRemoveServers: grow and shrink a live cluster without restarting the application.
 *
 * spymemcached alone cannot change its server list at runtime; the hashring adapter can
 * (addServer / removeServer; setServerWeight too). Because the ring is consistent, adding a
 * server moves only the keys that now belong to it, and removing one loses only its own keys:
 * everything else stays readable. The ring says beforehand exactly how much moves (Ring.diff).
 *
 * Run (with at least 3 memcached servers on loopback; the last one is added, the first removed):
 *   java -cp <examples classpath> io.hashring.examples.AddRemoveServers 127.0.0.1:11211,127.0.0.1:11212,127.0.0.1:11213
 */
package io.hashring.examples;

import io.hashring.spymemcached.HashringMemcachedClient;
import io.hashring.spymemcached.HashringSpymemcached;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.ConnectionFactoryBuilder;

public final class AddRemoveServers {

    private AddRemoveServers() {
    }

    public static void main(String[] args) throws Exception {
        List<String> all = List.of((args.length > 0 ? args[0] : "127.0.0.1:11211,127.0.0.1:11212,127.0.0.1:11213").split(","));
        String added = all.get(all.size() - 1);
        String removed = all.get(0);
        HashringMemcachedClient client = HashringSpymemcached.builder()
                .servers(String.join(",", all.subList(0, all.size() - 1)))
                .connectionFactory(new ConnectionFactoryBuilder().setOpTimeout(2500).setDaemon(true))
                .build();
        try {
            awaitConnected(client, all.size() - 1); // else spymemcached sends early writes to whichever server is up
            for (int i = 0; i < 300; i++) {
                client.set("k" + i, 0, "v" + i).get(5, TimeUnit.SECONDS);
            }
            client.addServer(added); // the new server gets its share of the keys; nothing else moves
            awaitConnected(client, all.size());
            System.out.println("after adding " + added + ": " + readable(client) + " of 300 keys readable");

            client.removeServer(removed); // only the removed server's keys are lost
            System.out.println("after removing " + removed + ": " + readable(client) + " of 300 keys readable");
            System.out.println("servers now: " + client.servers());
        } finally {
            client.shutdown(2, TimeUnit.SECONDS);
        }
    }

    private static int readable(HashringMemcachedClient client) {
        int n = 0;
        for (int i = 0; i < 300; i++) {
            n += ("v" + i).equals(client.get("k" + i)) ? 1 : 0;
        }
        return n;
    }

    /** spymemcached connects in the background: wait (at most 10 s) until it talks to every server. */
    private static void awaitConnected(HashringMemcachedClient client, int servers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.getAvailableServers().size() < servers && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
