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
    @DisplayName("fbi/test/hash_test.cpp kGoldenValues: every (key, m) -> furc_hash of the table (264 entries, m up to 2^32 - 1)")
    void furcGoldenValues() throws Exception {
        int checked = 0;
        try (var in = McrouterUpstreamFactsTest.class.getResourceAsStream("/upstream/mcrouter-furc-golden.tsv")) {
            assertThat(in).as("resource upstream/mcrouter-furc-golden.tsv").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                byte[] key = f[0].getBytes(StandardCharsets.UTF_8);
                assertThat(key.length).as("len column of %s", line).isEqualTo(Integer.parseInt(f[1]));
                int m = Integer.parseUnsignedInt(f[2]);
                assertThat(Integer.toUnsignedLong(McrouterHashes.furcHash(key, 0, key.length, m)))
                        .as("furc_hash(\"%s\", %s)", f[0], f[2]).isEqualTo(Long.parseLong(f[3]));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(264);
    }

    @Test
    @DisplayName("fbi/test/hash_test.cpp power_of_two_boundaries and bulk_checksum (100,000 keys, 19 pool sizes up to 2^32 - 1)")
    void furcPowerOfTwoAndBulk() {
        int[][] po2 = {{4, 0}, {8, 7}, {32, 22}, {64, 22}, {128, 115}, {256, 115}, {512, 413}, {1024, 950}, {2048, 1735},
                {4096, 3375}, {8192, 3375}};
        for (int[] e : po2) {
            assertThat(furc("key0", e[0])).as("furc_hash(\"key0\", %d)", e[0]).isEqualTo(e[1]);
        }
        long[] sizes = {2, 3, 5, 7, 10, 16, 50, 100, 500, 1000, 5000, 10000, 100000, 1000000, 8388608, 16777216, 100000000,
                1073741824, 4294967295L};
        long[] expected = {1346413954L, 914505363L, 1517365794L, 4252552508L, 2894016351L, 2995729350L, 1717182892L,
                2289223413L, 2400597860L, 2251851331L, 2711796627L, 1328492545L, 1053928120L, 209068971L, 2328588562L,
                1406750828L, 55292389L, 1798155495L, 504907336L};
        for (int p = 0; p < sizes.length; p++) {
            int acc = 0;
            for (int i = 0; i < 100_000; i++) {
                acc = acc * 31 + furc("k" + i, (int) sizes[p]);
            }
            assertThat(Integer.toUnsignedLong(acc)).as("bulk checksum for m=%d", sizes[p]).isEqualTo(expected[p]);
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
