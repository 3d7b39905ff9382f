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
    @DisplayName("folly SpookyHashV2Test TestResults: Hash32(buf[j] = j + 128, length 0..511, seed 0), short and long paths")
    void spookyReferenceTable() throws Exception {
        byte[] buf = new byte[512];
        for (int j = 0; j < 512; j++) {
            buf[j] = (byte) (j + 128);
        }
        int length = 0;
        try (var in = McrouterUpstreamFactsTest.class.getResourceAsStream("/upstream/spookyv2-hash32.txt")) {
            assertThat(in).as("resource upstream/spookyv2-hash32.txt").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                long expected = Long.parseLong(line.substring(2), 16);
                assertThat(Integer.toUnsignedLong(SpookyV2.hash32(buf, 0, length, 0))).as("Hash32 of length %d", length)
                        .isEqualTo(expected);
                length++;
            }
        }
        assertThat(length).isEqualTo(512);
    }

    static int wch3(String key, double... weights) {
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        return McrouterHashes.weightedCh3(b, 0, b.length, weights);
    }

    static double[] fill(int n, double w) {
        double[] d = new double[n];
        java.util.Arrays.fill(d, w);
        return d;
    }

    static long checksum(String prefix, int keys, double[] weights) {
        int acc = 0;
        for (int i = 0; i < keys; i++) {
            acc = acc * 31 + wch3(prefix + i, weights);
        }
        return Integer.toUnsignedLong(acc);
    }

    static int wch4(String key, double... weights) {
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        return McrouterHashes.weightedFurcHash(b, 0, b.length, weights);
    }

    /** facebook/mcrouter mcrouter/lib/test/WeightedCh4HashFuncTest.cpp (commit 20ca8de0), every expectation. */
    @Test
    @DisplayName("WeightedCh4HashFuncTest: basic, zeroWeight, reducedWeight and randomWeights tables")
    void weightedCh4Tables() {
        // basic: all weights 1.0 is Ch3
        assertThat(wch4("sample", fill(100, 1.0))).isEqualTo(97);
        assertThat(wch4("sample", fill(1, 1.0))).isZero();
        assertThat(wch4("", fill(100, 1.0))).isEqualTo(72);
        assertThat(wch4("", fill(1, 1.0))).isZero();
        double[] max = fill(McrouterHashes.maximumPoolSize(), 1.0);
        assertThat(wch4("", max)).isEqualTo(6173600);
        assertThat(wch4("sample", max)).isEqualTo(5167780);
        assertThat(McrouterHashes.weightedFurcHash(allBytes(false), 0, 256, fill(99999, 1.0))).isEqualTo(31015);
        assertThat(McrouterHashes.weightedFurcHash(allBytes(true), 0, 256, fill(99999, 1.0))).isEqualTo(67101);
        // zeroWeight: gives up and returns the last 32 bits mod n
        assertThat(wch4("sample", fill(1, 0.0))).isZero();
        assertThat(wch4("", fill(1, 0.0))).isZero();
        assertThat(wch4("sample", fill(100, 0.0))).isEqualTo(12);
        assertThat(wch4("", fill(100, 0.0))).isEqualTo(69);
        // reducedWeight, through the mode: integer weights 10, 10, 7 are mcrouter's 1.0, 1.0, 0.7;
        // a key Ch3 sends to a full-weight server stays there
        PeerRouter reduced = InteropModes.byName("mcrouter-weighted-ch4")
                .peerRouter(List.of(Server.parse("a:1:10"), Server.parse("b:1:10"), Server.parse("c:1:7")), null);
        assertThat(counts(reduced, 1000)).containsExactly(352, 378, 270);
        for (int i = 0; i < 1000; i++) {
            byte[] k = Integer.toString(i).getBytes(StandardCharsets.UTF_8);
            int ch3 = McrouterHashes.furcHash(k, 0, k.length, 3);
            if (ch3 != 2) {
                assertThat(wch4(Integer.toString(i), 1.0, 1.0, 0.7)).as("key %d", i).isEqualTo(ch3);
            }
        }
        double[] random = {0.429, 0.541, 0.117, 0.998, 0.283, 0.065, 0.109, 0.042, 0.676, 0.943};
        int[] c = new int[10];
        for (int i = 0; i < 10000; i++) {
            c[wch4(Integer.toString(i), random)]++;
        }
        assertThat(c).containsExactly(963, 1226, 305, 2371, 700, 162, 250, 105, 1615, 2303);
    }

    @Test
    @DisplayName("WeightedCh3HashFuncTest: basic, zeroWeight, reducedWeight and randomWeights tables")
    void weightedCh3Tables() {
        assertThat(wch3("sample", fill(100, 1.0))).isEqualTo(97);
        assertThat(wch3("", fill(100, 1.0))).isEqualTo(72);
        assertThat(wch3("sample", fill(1, 1.0))).isZero();
        assertThat(wch3("sample", fill(100, 0.0))).isEqualTo(59);
        assertThat(wch3("", fill(100, 0.0))).isEqualTo(45);
        assertThat(McrouterHashes.weightedCh3(allBytes(false), 0, 256, fill(99999, 1.0))).isEqualTo(31015);
        // reducedWeight through the mode: integer weights 10, 10, 7 are mcrouter's 1.0, 1.0, 0.7
        PeerRouter reduced = InteropModes.byName("mcrouter-weighted-ch3")
                .peerRouter(List.of(Server.parse("a:1:10"), Server.parse("b:1:10"), Server.parse("c:1:7")), null);
        assertThat(counts(reduced, 1000)).containsExactly(341, 371, 288);
        double[] random = {0.429, 0.541, 0.117, 0.998, 0.283, 0.065, 0.109, 0.042, 0.676, 0.943};
        int[] c = new int[10];
        for (int i = 0; i < 10000; i++) {
            c[wch3(Integer.toString(i), random)]++;
        }
        assertThat(c).containsExactly(1016, 1252, 288, 2354, 661, 195, 247, 122, 1668, 2197);
    }

    @Test
    @DisplayName("WeightedCh3HashFuncTest checksums: unit, half and zero weights, mixed weights, 128-byte keys")
    void weightedCh3Checksums() {
        int[] unitSizes = {2, 3, 7, 10, 16, 100, 1000, 10000, 100000};
        long[] unit = {1346413954L, 914505363L, 4252552508L, 2894016351L, 2995729350L, 2289223413L, 2251851331L,
                1328492545L, 1053928120L};
        for (int p = 0; p < unitSizes.length; p++) {
            assertThat(checksum("k", 100_000, fill(unitSizes[p], 1.0))).as("unit n=%d", unitSizes[p]).isEqualTo(unit[p]);
        }
        int[] halfSizes = {2, 10, 100, 1000, 10000};
        long[] half = {2395690262L, 547444706L, 2951198297L, 1336857622L, 3378951161L};
        for (int p = 0; p < halfSizes.length; p++) {
            assertThat(checksum("k", 10_000, fill(halfSizes[p], 0.5))).as("half n=%d", halfSizes[p]).isEqualTo(half[p]);
        }
        int[] zeroSizes = {2, 10, 100, 1000};
        long[] zero = {3431444300L, 1290067504L, 2604325093L, 337394182L};
        for (int p = 0; p < zeroSizes.length; p++) {
            assertThat(checksum("k", 10_000, fill(zeroSizes[p], 0.0))).as("zero n=%d", zeroSizes[p]).isEqualTo(zero[p]);
        }
        assertThat(checksum("d", 10_000, new double[] {1.0, 0.5, 0.0, 0.75, 1.0})).as("mixed").isEqualTo(2309057571L);
        StringBuilder base = new StringBuilder();
        for (int i = 0; i < 128; i++) {
            base.append((char) ('A' + i % 26));
        }
        int[] longSizes = {2, 10, 100, 1000};
        long[] longHalf = {3784301429L, 707485837L, 4273108085L, 954106693L};
        for (int p = 0; p < longSizes.length; p++) {
            assertThat(checksum(base.toString(), 10_000, fill(longSizes[p], 0.5))).as("128-byte keys, half n=%d", longSizes[p])
                    .isEqualTo(longHalf[p]);
        }
        int[] longZeroSizes = {2, 10, 100};
        long[] longZero = {2171781178L, 2937312667L, 532711027L};
        for (int p = 0; p < longZeroSizes.length; p++) {
            assertThat(checksum(base.toString(), 10_000, fill(longZeroSizes[p], 0.0))).as("128-byte keys, zero n=%d",
                    longZeroSizes[p]).isEqualTo(longZero[p]);
        }
    }

    /** RendezvousHashTest's genEndpoints: tags "xxx.<i>.yy" (here as server names). */
    static List<Server> tagged(int n) {
        List<Server> s = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            s.add(Server.parse("10.2." + (i >> 8) + "." + (i & 0xff) + ":11211:1:xxx." + i + ".yy"));
        }
        return s;
    }

    @Test
    @DisplayName("RendezvousHashTest: basic vectors (3 and 343 tags), counts for 3 and 10, keys moved when one of 499 is removed")
    void rendezvous() {
        PeerRouter r3 = InteropModes.byName("mcrouter-rendezvous").peerRouter(tagged(3), null);
        assertThat(index(r3, "sample")).isEqualTo(1);
        assertThat(index(r3, "")).isEqualTo(1);
        assertThat(index(r3, "mykey")).isEqualTo(1);
        assertThat(index(r3, allBytes(false))).isEqualTo(1);
        PeerRouter r343 = InteropModes.byName("mcrouter-rendezvous").peerRouter(tagged(343), null);
        assertThat(index(r343, allBytes(false))).isEqualTo(183);
        assertThat(index(r343, "sample")).isEqualTo(45);
        assertThat(index(r343, "")).isEqualTo(291);
        assertThat(index(r343, "mykey")).isEqualTo(132);
        assertThat(countsWithPrefix(r3, "mykey:", 1000)).containsExactly(337, 353, 310);
        PeerRouter r10 = InteropModes.byName("mcrouter-rendezvous").peerRouter(tagged(10), null);
        assertThat(countsWithPrefix(r10, "mykey:", 10000)).containsExactly(947, 1026, 1028, 981, 1016, 970, 1013, 939, 1023, 1057);
        List<Server> all = tagged(499);
        PeerRouter full = InteropModes.byName("mcrouter-rendezvous").peerRouter(all, null);
        int[][] removals = {{0, 14}, {498, 24}, {249, 15}};
        for (int[] rm : removals) {
            List<Server> less = new ArrayList<>(all);
            less.remove(rm[0]);
            PeerRouter r = InteropModes.byName("mcrouter-rendezvous").peerRouter(less, null);
            int moved = 0;
            for (int i = 0; i < 10000; i++) {
                String key = "mykey:" + i;
                if (!full.route(key).equals(r.route(key))) {
                    moved++;
                }
            }
            assertThat(moved).as("keys moved when server %d of 499 is removed", rm[0]).isEqualTo(rm[1]);
        }
    }

    static int[] countsWithPrefix(PeerRouter r, String prefix, int keys) {
        int[] c = new int[r.size()];
        for (int i = 0; i < keys; i++) {
            c[index(r, prefix + i)]++;
        }
        return c;
    }

    @Test
    @DisplayName("ConstShardHashFuncTest: shard keys pick their server, other keys fall back to Ch3")
    void constShard() {
        PeerRouter r = InteropModes.byName("mcrouter-const-shard").peerRouter(pool(4), null);
        assertThat(index(r, "b:3:meh")).isEqualTo(3);
        assertThat(index(r, "bl:2:meh")).isEqualTo(2);
        assertThat(index(r, "bla:1:meh")).isEqualTo(1);
        assertThat(index(r, "blah:0:meh")).isEqualTo(0);
        assertThat(index(r, "blahmeh")).isEqualTo(2);
        assertThat(index(r, "blah:meh")).isEqualTo(0);
        assertThat(index(r, "blah::meh")).isEqualTo(1);
        assertThat(index(r, "blah:12c34:meh")).isEqualTo(0);
        assertThat(index(r, "blah:4:meh")).isEqualTo(3);
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
