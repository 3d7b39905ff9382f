package io.hashring.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * XXH3 64-bit against xxHash's own self-test vectors (upstream facts). Source: Cyan4973/xxHash
 * {@code cli/xsum_sanity_check.c} at commit b2e9dbb05fb7f45ad662e67969e92c48b9b32247: the buffer of
 * {@code XSUM_fillTestBuffer} and the table {@code XSUM_XXH3_testdata} (XXH3_64bits_withSeed, seeds 0
 * and PRIME64), which covers every length class of the function. memcached vendors xxHash 0.8.0
 * ({@code xxhash.h}, {@code XXH_VERSION_*}); XXH3's output has been frozen since 0.8.0.
 */
class Xxh3VectorsTest {

    private static final long PRIME32 = 2654435761L;
    /** xsum_sanity_check.c {@code PRIME64 11400714785074694797ULL} (0x9E3779B185EBCA8D, not XXH_PRIME64_1). */
    private static final long PRIME64 = Long.parseUnsignedLong("11400714785074694797");

    /** {@code XSUM_fillTestBuffer}: byte i = top byte of PRIME32 * PRIME64^i. */
    static byte[] sanityBuffer(int len) {
        byte[] b = new byte[len];
        long gen = PRIME32;
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (gen >>> 56);
            gen *= PRIME64;
        }
        return b;
    }

    /** {length, seed, expected} rows of {@code XSUM_XXH3_testdata}, in the file's order. */
    private static final long[][] XXH3_TESTDATA = {
            {0, 0, 0x2D06800538D394C2L}, {0, PRIME64, 0xA8A6B918B2F0364AL}, // empty string
            {1, 0, 0xC44BDFF4074EECDBL}, {1, PRIME64, 0x032BE332DD766EF8L}, // 1 - 3
            {6, 0, 0x27B56A84CD2D7325L}, {6, PRIME64, 0x84589C116AB59AB9L}, // 4 - 8
            {12, 0, 0xA713DAF0DFBB77E7L}, {12, PRIME64, 0xE7303E1B2336DE0EL}, // 9 - 16
            {24, 0, 0xA3FE70BF9D3510EBL}, {24, PRIME64, 0x850E80FC35BDD690L}, // 17 - 32
            {48, 0, 0x397DA259ECBA1F11L}, {48, PRIME64, 0xADC2CBAA44ACC616L}, // 33 - 64
            {80, 0, 0xBCDEFBBB2C47C90AL}, {80, PRIME64, 0xC6DD0CB699532E73L}, // 65 - 96
            {195, 0, 0xCD94217EE362EC3AL}, {195, PRIME64, 0xBA68003D370CB3D9L}, // 129 - 240
            {403, 0, 0xCDEB804D65C6DEA4L}, {403, PRIME64, 0x6259F6ECFD6443FDL}, // one block, last stripe overlapping
            {512, 0, 0x617E49599013CB6BL}, {512, PRIME64, 0x3CE457DE14C27708L}, // one block, at a stripe boundary
            {2048, 0, 0xDD59E2C3A5F038E0L}, {2048, PRIME64, 0x66F81670669ABABCL}, // 2 blocks, at a block boundary
            {2099, 0, 0xC6B9D9B3FC9AC765L}, {2099, PRIME64, 0x184F316843663974L}, // 2 blocks + a partial one
            {2240, 0, 0x6E73A90539CF2948L}, {2240, PRIME64, 0x757BA8487D1B5247L}, // 3 blocks, at a stripe boundary
            {2367, 0, 0xCB37AEB9E5D361EDL}, {2367, PRIME64, 0xD2DB3415B942B42AL}, // 3 blocks, last stripe overlapping
    };

    @Test
    @DisplayName("XSUM_XXH3_testdata: 28 (length, seed) rows over the sanity buffer, lengths 0 to 2367, seeds 0 and PRIME64")
    void sanityVectors() {
        byte[] buf = sanityBuffer(2367);
        for (long[] row : XXH3_TESTDATA) {
            int len = (int) row[0];
            assertThat(Long.toHexString(Hashes.xxh3(row[1]).hash64(buf, 0, len)))
                    .as("XXH3_64bits_withSeed(sanity buffer, %d, seed %s)", len, Long.toUnsignedString(row[1]))
                    .isEqualTo(Long.toHexString(row[2]));
        }
    }

    @Test
    @DisplayName("python-xxhash test_xxh3_64: \"a\" with seeds 0, 1 and 2^64 - 1 (a non-zero byte in the 1-3 class)")
    void oneByteKey() {
        // ifduyue/python-xxhash tests/test_xxh3_64.py, the version on xxHash >= 0.8.0 (Python 3 ints); its older
        // version @0d51bde42a518db30db478b631768c8c246a7906 (12358768475338411679L) predates XXH3's 0.8.0 freeze.
        // The sanity buffer's first byte is 0 (PRIME32 >> 56), so its 1-byte row cannot see where the byte goes.
        byte[] a = {'a'};
        assertThat(Long.toUnsignedString(Hashes.xxh3().hash64(a))).isEqualTo("16629034431890738719");
        assertThat(Long.toUnsignedString(Hashes.xxh3(1).hash64(a))).isEqualTo("15201566949650179872");
        assertThat(Long.toUnsignedString(Hashes.xxh3(-1L).hash64(a))).isEqualTo("4875116479388997462");
    }

    @Test
    @DisplayName("every length class is covered: 0, 1-3, 4-8, 9-16, 17-128, 129-240 and > 240 bytes, with and without seed")
    void lengthClassesCovered() {
        int[][] classes = {{0, 0}, {1, 3}, {4, 8}, {9, 16}, {17, 128}, {129, 240}, {241, Integer.MAX_VALUE}};
        for (int[] c : classes) {
            for (long seed : new long[] {0, PRIME64}) {
                boolean found = false;
                for (long[] row : XXH3_TESTDATA) {
                    found |= row[0] >= c[0] && row[0] <= c[1] && row[1] == seed;
                }
                assertThat(found).as("a vector of length %d..%d with seed %s", c[0], c[1], Long.toUnsignedString(seed)).isTrue();
            }
        }
    }

    @Test
    @DisplayName("a slice hashes like a copy of it, hash is the low 32 bits, seed 0 is XXH3_64bits")
    void sliceAndLow32() {
        byte[] buf = sanityBuffer(300);
        for (int len : new int[] {0, 3, 7, 15, 100, 200, 250}) {
            byte[] copy = java.util.Arrays.copyOfRange(buf, 17, 17 + len);
            assertThat(Hashes.xxh3().hash64(buf, 17, len)).as("slice of %d at 17", len).isEqualTo(Hashes.xxh3().hash64(copy));
            assertThat(Hashes.xxh3(PRIME64).hash(buf, 17, len)).isEqualTo((int) Hashes.xxh3(PRIME64).hash64(copy));
        }
        assertThat(Hashes.xxh3(0)).isSameAs(Hashes.xxh3());
        assertThat(Hashes.xxh3().name()).isEqualTo("xxh3");
        assertThat(Hashes.xxh3().hash64("abc".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Hashes.xxh3().hash64(new byte[] {'x', 'a', 'b', 'c'}, 1, 3));
    }
}
