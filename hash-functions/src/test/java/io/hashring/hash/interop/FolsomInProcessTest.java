package io.hashring.hash.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.spotify.folsom.RawMemcacheClient;
import com.spotify.folsom.guava.HostAndPort;
import com.spotify.folsom.ketama.AddressAndClient;
import com.spotify.folsom.ketama.Continuum;
import io.hashring.hash.RandomKeys;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * folsom-ketama against folsom 1.21.0's own {@code ketama.Continuum} (what {@code KetamaMemcacheClient}
 * routes with), driven in-process with {@code RawMemcacheClient} proxies whose {@code isConnected()}
 * we control: 100,000 random keys per topology (UTF-8 bytes, as folsom sends String keys), with every
 * server connected, with two disconnected (folsom walks to the next connected server), and with none.
 */
class FolsomInProcessTest {

    static final int KEYS = 100_000;

    static final List<Server> FIVE = List.of(Server.parse("10.0.1.1:11211"), Server.parse("10.0.1.2:11212"),
            Server.parse("localhost:11213"), Server.parse("[::1]:11214"), Server.parse("192.168.7.5:22122"));

    static List<Server> twentyFive() {
        List<Server> s = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            s.add(Server.of("10.0.2." + i, 11211 + (i % 3)));
        }
        return s;
    }

    /** A folsom client stand-in: only isConnected() is asked by the continuum. */
    static RawMemcacheClient client(Server s, Set<Server> disconnected) {
        return (RawMemcacheClient) Proxy.newProxyInstance(RawMemcacheClient.class.getClassLoader(),
                new Class<?>[] {RawMemcacheClient.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "isConnected" -> !disconnected.contains(s);
                    case "toString" -> "client " + s;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    void compare(List<Server> servers, Set<Server> disconnected, long seed) {
        List<AddressAndClient> clients = new ArrayList<>();
        Map<RawMemcacheClient, Server> serverOf = new IdentityHashMap<>();
        for (Server s : servers) {
            RawMemcacheClient c = client(s, disconnected);
            clients.add(new AddressAndClient(HostAndPort.fromParts(s.host(), s.port()), c));
            serverOf.put(c, s);
        }
        Continuum folsom = new Continuum(clients);
        PeerRouter ours = InteropModes.byName("folsom-ketama").peerRouter(servers, null);
        SplittableRandom r = new SplittableRandom(seed);
        List<String> mismatches = new ArrayList<>();
        int moved = 0;
        for (int i = 0; i < KEYS && mismatches.size() < 5; i++) {
            String key = RandomKeys.key(r, 60);
            Server expected = serverOf.get(folsom.findClient(key.getBytes(StandardCharsets.UTF_8)));
            Server actual = disconnected.isEmpty() ? ours.route(key) : ours.route(key, s -> !disconnected.contains(s));
            if (!expected.equals(actual)) {
                mismatches.add("key '" + key + "': folsom " + expected + ", ours " + actual);
            }
            if (!expected.equals(ours.route(key))) {
                moved++;
            }
        }
        assertThat(mismatches).as("%d servers, disconnected %s", servers.size(), disconnected).isEmpty();
        if (!disconnected.isEmpty() && disconnected.size() < servers.size()) {
            assertThat(moved).as("keys whose server was disconnected").isPositive();
        }
    }

    @Test
    @DisplayName("folsom-ketama = folsom's Continuum.findClient, every server connected")
    void allConnected() {
        compare(FIVE, Set.of(), 1);
        compare(twentyFive(), Set.of(), 2);
    }

    @Test
    @DisplayName("folsom-ketama route(key, alive) = Continuum.findClient with disconnected servers, and with none connected")
    void disconnectedServers() {
        compare(FIVE, Set.of(FIVE.get(1), FIVE.get(3)), 3);
        List<Server> tf = twentyFive();
        compare(tf, Set.of(tf.get(0), tf.get(7), tf.get(8), tf.get(20)), 4);
        compare(FIVE, Set.copyOf(FIVE), 5);
    }
}
