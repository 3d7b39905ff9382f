package io.hashring.hash.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * mcrouter-ch3 and mcrouter-crc32 against mcrouter's own test vectors (upstream facts: mcrouter is not
 * packaged here). Sources: facebook/mcrouter {@code mcrouter/lib/test/Ch3HashTest.cpp},
 * {@code mcrouter/lib/test/Crc32HashTest.cpp}, {@code mcrouter/lib/test/WeightedCh3HashFuncTest.cpp}
 * (its unit-weight checksums equal furc_hash's, which that file asserts key by key).
 */
class McrouterUpstreamFactsTest {

    static List<Server> pool(int n) {
        List<Server> s = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            s.add(Server.of("10.1." + (i >> 8) + "." + (i & 0xff), 11211));
        }
        return s;
    }

    static int index(PeerRouter r, byte[] key) {
        return r.nodes().indexOf(r.nodes().stream().filter(n -> n.value().equals(r.route(key))).findFirst().orElseThrow());
    }

    static int index(PeerRouter r, String key) {
        return index(r, key.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] allBytes(boolean reversed) {
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[reversed ? 255 - i : i] = (byte) (i - 128);
        }
        return b;
    }

    static int furc(String key, int n) {
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        return McrouterHashes.furcHash(b, 0, b.length, n);
    }

    @Test
    @DisplayName("Ch3HashTest basic: furc_hash vectors for pools of 1, 100, 99999 and 2^23")
    void ch3Basic() {
        PeerRouter p100 = InteropModes.byName("mcrouter-ch3").peerRouter(pool(100), null);
        assertThat(index(p100, "sample")).isEqualTo(97);
        assertThat(index(p100, "")).isEqualTo(72);
        PeerRouter p1 = InteropModes.byName("mcrouter-ch3").peerRouter(pool(1), null);
        assertThat(index(p1, "sample")).isZero();
        assertThat(furc("", McrouterHashes.maximumPoolSize())).isEqualTo(6173600);
        assertThat(furc("sample", McrouterHashes.maximumPoolSize())).isEqualTo(5167780);
        assertThat(McrouterHashes.furcHash(allBytes(false), 0, 256, 99999)).isEqualTo(31015);
        assertThat(McrouterHashes.furcHash(allBytes(true), 0, 256, 99999)).isEqualTo(67101);
    }

    @Test
    @DisplayName("Ch3HashTest ch3_3 and ch3_10: per-server counts of keys \"0\"..\"999\" and \"0\"..\"9999\"")
    void ch3Counts() {
        assertThat(counts(InteropModes.byName("mcrouter-ch3").peerRouter(pool(3), null), 1000)).containsExactly(307, 342, 351);
        assertThat(counts(InteropModes.byName("mcrouter-ch3").peerRouter(pool(10), null), 10000))
                .containsExactly(995, 955, 1046, 968, 1032, 972, 1016, 1038, 1010, 968);
    }

    static int[] counts(PeerRouter r, int keys) {
        int[] c = new int[r.size()];
        for (int i = 0; i < keys; i++) {
            c[index(r, Integer.toString(i))]++;
        }
        return c;
    }

    @Test
    @DisplayName("WeightedCh3HashFuncTest bulkChecksumUnitWeights: acc = 31 acc + furc_hash(\"k<i>\", n), 100,000 keys, 9 pool sizes")
    void ch3BulkChecksums() {
        int[] sizes = {2, 3, 7, 10, 16, 100, 1000, 10000, 100000};
        long[] expected = {1346413954L, 914505363L, 4252552508L, 2894016351L, 2995729350L, 2289223413L, 2251851331L,
                1328492545L, 1053928120L};
        for (int p = 0; p < sizes.length; p++) {
            int acc = 0;
            for (int i = 0; i < 100_000; i++) {
                acc = acc * 31 + furc("k" + i, sizes[p]);
            }
            assertThat(Integer.toUnsignedLong(acc)).as("checksum for n=%d", sizes[p]).isEqualTo(expected[p]);
        }
    }

    @Test
    @DisplayName("Crc32HashTest basic: (crc32 & 0x7fffffff) mod n vectors")
    void crc32Basic() {
        PeerRouter p100 = InteropModes.byName("mcrouter-crc32").peerRouter(pool(100), null);
        assertThat(index(p100, "sample")).isEqualTo(7);
        assertThat(index(p100, "")).isZero();
        PeerRouter p99999 = InteropModes.byName("mcrouter-crc32").peerRouter(pool(99999), null);
        assertThat(index(p99999, allBytes(false))).isEqualTo(11697);
        assertThat(index(p99999, allBytes(true))).isEqualTo(97630);
        int max = (1 << 30) - 1;
        byte[] sample = "sample".getBytes(StandardCharsets.UTF_8);
        assertThat(Integer.remainderUnsigned(McrouterHashes.crc32().hash(sample, 0, sample.length), max)).isEqualTo(822834884);
        assertThat(Integer.remainderUnsigned(McrouterHashes.crc32().hash(new byte[0], 0, 0), max)).isZero();
    }

    @Test
    @DisplayName("routing key: a /region/cluster/ prefix and everything from the first |#| do not count")
    void routingKey() {
        PeerRouter r = InteropModes.byName("mcrouter-ch3").peerRouter(pool(100), null);
        assertThat(index(r, "/ash/c1/sample")).isEqualTo(97);
        assertThat(index(r, "sample|#|anything")).isEqualTo(97);
        assertThat(index(r, "/ash/c1/sample|#|x|#|y")).isEqualTo(97);
        assertThat(index(r, "/not-a-prefix-sample")).as("one slash is not a routing prefix")
                .isEqualTo(furc("/not-a-prefix-sample", 100));
    }
}
