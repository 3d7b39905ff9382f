package io.hashring.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link MemcachedKeys}: a text key is accepted exactly when its UTF-8 bytes ({@link
 * String#getBytes}, an unpaired surrogate as {@code '?'}) are 1 to 250 bytes with no byte
 * {@code <= 0x20} or {@code 0x7f}, the reference below; the check reads the chars without
 * encoding them, so this holds it to the bytes.
 */
class MemcachedKeysTest {

    private static boolean reference(String key) {
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        if (b.length == 0 || b.length > MemcachedKeys.MAX_LENGTH) {
            return false;
        }
        for (byte x : b) {
            int u = x & 0xff;
            if (u <= 0x20 || u == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /**
     * Keys from 0 to 260 chars over ASCII (with spaces and control chars), 2- and 3-byte chars,
     * surrogate pairs and lone surrogates, so lengths fall on both sides of 250 bytes.
     */
    @Provide
    Arbitrary<String> keys() {
        Arbitrary<Character> chars = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(60, Arbitraries.chars().range('!', '~')),
                net.jqwik.api.Tuple.of(3, Arbitraries.chars().range((char) 0, ' ')),
                net.jqwik.api.Tuple.of(1, Arbitraries.of((char) 0x7f)),
                net.jqwik.api.Tuple.of(8, Arbitraries.chars().range((char) 0x80, (char) 0x7ff)),
                net.jqwik.api.Tuple.of(8, Arbitraries.chars().range((char) 0x800, (char) 0xd7ff)),
                net.jqwik.api.Tuple.of(6, Arbitraries.chars().range((char) 0xd800, (char) 0xdfff)),
                net.jqwik.api.Tuple.of(4, Arbitraries.chars().range((char) 0xe000, (char) 0xffff)));
        return chars.list().ofMinSize(0).ofMaxSize(260).map(list -> {
            StringBuilder sb = new StringBuilder(list.size());
            list.forEach(sb::append);
            return sb.toString();
        });
    }

    @Property(tries = 3000)
    void acceptsExactlyTheKeysWhoseUtf8BytesFollowTheRules(@ForAll("keys") String key) {
        boolean valid = reference(key);
        assertThat(MemcachedKeys.isValid(key)).as("isValid(%s)", key).isEqualTo(valid);
        if (valid) {
            assertThat(MemcachedKeys.check(key)).isSameAs(key);
        } else {
            assertThatThrownBy(() -> MemcachedKeys.check(key)).isInstanceOf(MemcachedKeys.InvalidKeyException.class);
        }
    }

    /** The edges the generator may miss: exactly 250 and 251 bytes in 1-, 2-, 3- and 4-byte chars. */
    @Test
    void theLengthLimitIsInUtf8Bytes() {
        assertThat(MemcachedKeys.isValid("a".repeat(250))).isTrue();
        assertThat(MemcachedKeys.isValid("a".repeat(251))).isFalse();
        assertThat(MemcachedKeys.isValid("\u00e9".repeat(125))).isTrue();        // 250 bytes
        assertThat(MemcachedKeys.isValid("\u00e9".repeat(125) + "a")).isFalse(); // 251
        assertThat(MemcachedKeys.isValid("\u20ac".repeat(83) + "a")).isTrue();   // 250
        assertThat(MemcachedKeys.isValid("\u20ac".repeat(84))).isFalse();        // 252
        assertThat(MemcachedKeys.isValid("\ud83d\ude00".repeat(62) + "ab")).isTrue();  // 250
        assertThat(MemcachedKeys.isValid("\ud83d\ude00".repeat(62) + "abc")).isFalse(); // 251
        assertThat(MemcachedKeys.isValid("\ud83d".repeat(250))).isTrue();        // 250 x '?'
        assertThat(MemcachedKeys.isValid("\ud83d".repeat(251))).isFalse();
        assertThat(MemcachedKeys.isValid("")).isFalse();
    }

    @Test
    void errorsSayWhatIsWrong() {
        assertThatThrownBy(() -> MemcachedKeys.check("user 1")).hasMessageContaining("'user 1'")
                .hasMessageContaining("byte 0x20 at position 4");
        assertThatThrownBy(() -> MemcachedKeys.check("\u00e9".repeat(126))).hasMessageContaining("is 252 bytes");
        assertThatThrownBy(() -> MemcachedKeys.check("")).hasMessageContaining("key is empty");
        assertThatThrownBy(() -> MemcachedKeys.check((String) null)).isInstanceOf(NullPointerException.class);
    }
}
