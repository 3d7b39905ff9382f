package io.hashring.hash.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashring.core.Ring;
import io.hashring.hash.RandomKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Peers that cannot run here (libketama, Python hash_ring), checked against the upstream facts
 * {@code docs/interop.md#libketama} and {@code #hash_ring} cite.
 */
class UpstreamFactsTest {

    @Test
    @DisplayName("libketama: upstream test.sh digest 5672b131391f5aa2b280936aec1eea74 over keys 0..999999, 1264 points")
    void libketamaUpstreamDigest() throws Exception {
        List<Server> servers = List.of(Server.parse("10.0.1.1:11211:600"), Server.parse("10.0.1.2:11211:300"),
                Server.parse("10.0.1.3:11211:200"), Server.parse("10.0.1.4:11211:350"), Server.parse("10.0.1.5:11211:1000"),
                Server.parse("10.0.1.6:11211:800"), Server.parse("10.0.1.7:11211:950"), Server.parse("10.0.1.8:11211:100"));
        Ring<Server> ring = InteropModes.byName("libketama").peerRouter(servers, null).ring().orElseThrow();
        assertThat(ring.points()).isEqualTo(1264);
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update((byte) '\n');
        StringBuilder line = new StringBuilder();
        for (int k = 0; k < 1_000_000; k++) {
            String key = Integer.toString(k);
            int h = ring.hashFunction().hash(key);
            Ring.Point<Server> p = ring.pointAt(h);
            assertThat(ring.route(key)).isSameAs(p.owner().value());
            line.setLength(0);
            line.append(Integer.toUnsignedString(h)).append(' ').append(Integer.toUnsignedString(p.value()))
                    .append(' ').append(p.owner().value().address()).append('\n');
            md5.update(line.toString().getBytes(StandardCharsets.US_ASCII));
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : md5.digest()) {
            hex.append(String.format("%02x", b));
        }
        assertThat(hex.toString()).isEqualTo("5672b131391f5aa2b280936aec1eea74");
    }

    /**
     * Doist/hash_ring ring.py (v1.3.1) transcribed as a reference model with the JDK's MessageDigest:
     * factor = floor(40 * n * w / T); for j < factor, digest MD5("node-j"), words 0..2 little-endian
     * are points (dict: last node wins); key = word 0 of MD5(key); bisect_right, wrap to 0.
     */
    static String hashRingModel(List<String> nodes, Map<String, Integer> weights, String key) throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        long total = 0;
        for (String n : nodes) {
            total += weights.get(n);
        }
        Map<Long, String> ring = new HashMap<>();
        List<Long> sorted = new ArrayList<>();
        for (String n : nodes) {
            long factor = (long) Math.floor((40.0 * nodes.size() * weights.get(n)) / total);
            for (int j = 0; j < factor; j++) {
                byte[] d = md5.digest((n + "-" + j).getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < 3; i++) {
                    long v = (d[i * 4 + 3] & 0xffL) << 24 | (d[i * 4 + 2] & 0xffL) << 16 | (d[i * 4 + 1] & 0xffL) << 8 | (d[i * 4] & 0xffL);
                    ring.put(v, n);
                    sorted.add(v);
                }
            }
        }
        Collections.sort(sorted);
        byte[] d = md5.digest(key.getBytes(StandardCharsets.UTF_8));
        long h = (d[3] & 0xffL) << 24 | (d[2] & 0xffL) << 16 | (d[1] & 0xffL) << 8 | (d[0] & 0xffL);
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) { // bisect_right
            int mid = (lo + hi) >>> 1;
            if (h < sorted.get(mid)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return ring.get(sorted.get(lo == sorted.size() ? 0 : lo));
    }

    @Test
    @DisplayName("hash_ring: 120 points per equal node (3 of 4 MD5 words), strict > search, matches a transcription of ring.py")
    void hashRing() throws Exception {
        List<Server> servers = List.of(Server.parse("192.168.0.246:11212"), Server.parse("192.168.0.247:11212:2"),
                Server.parse("192.168.0.249:11212:3"));
        PeerRouter r = InteropModes.byName("hash_ring").peerRouter(servers, null);
        List<String> names = List.of("192.168.0.246:11212", "192.168.0.247:11212", "192.168.0.249:11212");
        Map<String, Integer> w = Map.of(names.get(0), 1, names.get(1), 2, names.get(2), 3);
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 3000; i++) {
            String k = RandomKeys.key(rnd, 40);
            assertThat(r.route(k).address()).as("key %s", k).isEqualTo(hashRingModel(names, w, k));
        }
        PeerRouter equal = InteropModes.byName("hash_ring").peerRouter(List.of(Server.parse("a:1"), Server.parse("b:1")), null);
        Ring<Server> ring = equal.ring().orElseThrow();
        assertThat(ring.pointCount("a:1")).as("hash_ring gives an equal-weight node 40 digests x 3 words").isEqualTo(120);
    }
}
