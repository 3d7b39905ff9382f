package io.hashring.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Xxh64Test {

    private static long of(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Xxh64.hash64(b, 0, b.length);
    }

    @Test
    void matchesTheReferenceVectors() {
        // xxhash.h's XXH64 with seed 0: the empty input and "abc" (its sanity values), and the
        // 39-byte example of the python-xxhash README, which takes the 32-byte stripe path.
        assertThat(of("")).isEqualTo(0xEF46DB3751D8E999L);
        assertThat(of("a")).isEqualTo(0xD24EC4F1A98C6E5BL);
        assertThat(of("abc")).isEqualTo(0x44BC2CF5AD770999L);
        assertThat(of("Nobody inspects the spammish repetition")).isEqualTo(0xFBCEA83C8A378BF1L);
    }

    @Test
    void agreesWithHashringHashOnLongerAndNonAsciiKeys() {
        // Values printed by hashring-hash's Hashes.xxh64() (tested there against its own vectors).
        assertThat(of("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef!")).isEqualTo(0x2020B26DBC09CEE8L);
        assertThat(of("héllo wörld €")).isEqualTo(0x196B12C530801127L);
    }

    @Test
    void textKeysHashTheirUtf8Bytes() {
        assertThat(Xxh64.hash64("héllo wörld €")).isEqualTo(of("héllo wörld €"));
        assertThat(Xxh64.INSTANCE.hash("abc")).isEqualTo((int) 0x44BC2CF5AD770999L);
    }

    @Test
    void rangesAreChecked() {
        assertThatThrownBy(() -> Xxh64.hash64(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("[2, 2 + 3)");
        assertThatThrownBy(() -> Xxh64.hash64(null, 0, 0)).isInstanceOf(NullPointerException.class).hasMessage("key is null");
    }

    @Test
    void reduceIsAnUnsignedMultiplyHigh() {
        assertThat(Xxh64.reduce(0, 10)).isZero();
        assertThat(Xxh64.reduce(-1L, 10)).isEqualTo(9);
        assertThat(Xxh64.reduce(Long.MIN_VALUE, 10)).isEqualTo(5);
        assertThat(Xxh64.reduce(0x7FFFFFFFFFFFFFFFL, 10)).isEqualTo(4);
    }
}
