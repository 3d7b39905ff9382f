package io.hashring.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashring.core.HashFunction;
import io.hashring.core.Ring;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The String path of the MD5 key hash (chars read straight into the message words, ASCII fast
 * path) equals the byte[] path over the key's UTF-8 bytes ({@link String#getBytes}: an unpaired
 * surrogate is {@code '?'}), for ASCII keys of every length around the block boundaries and for
 * keys with non-ASCII chars, surrogate pairs and unpaired surrogates anywhere.
 */
class Md5StringPropertyTest {

    private static final Ring<String> RING = Ring.ketama("10.0.0.1:11211", "10.0.0.2:11211", "10.0.0.3:11211",
            "10.0.0.4:11211", "10.0.0.5:11211");

    /** Mostly ASCII, then any char (0x80..0xffff, surrogates included) at a random place. */
    @Provide
    Arbitrary<String> keys() {
        Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMinLength(0).ofMaxLength(200);
        Arbitrary<String> any = Arbitraries.strings().all().ofMinLength(0).ofMaxLength(200);
        Arbitrary<Character> nonAscii = Arbitraries.oneOf(
                Arbitraries.chars().range('\u0080', '\u07ff'),
                Arbitraries.chars().range('\u0800', '\ud7ff'),
                Arbitraries.chars().range('\ud800', '\udfff'),   // lone surrogates
                Arbitraries.chars().range('\ue000', '\uffff'));
        Arbitrary<String> oneNonAscii = Combinators.combine(ascii, nonAscii, Arbitraries.integers().between(0, 200))
                .as((s, ch, at) -> {
                    int i = Math.min(at, s.length());
                    return s.substring(0, i) + ch + s.substring(i);
                });
        Arbitrary<String> pairs = Combinators.combine(ascii, Arbitraries.integers().between(0x10000, 0x10ffff))
                .as((s, cp) -> s + new String(Character.toChars(cp)) + s);
        return Arbitraries.oneOf(ascii, any, oneNonAscii, pairs);
    }

    @Property(tries = 3000)
    void stringHashEqualsTheHashOfItsUtf8Bytes(@ForAll("keys") String key) {
        byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
        assertThat(HashFunction.md5().hash(key))
                .as("md5 of \"%s\" (%d chars, %d UTF-8 bytes)", escape(key), key.length(), utf8.length)
                .isEqualTo(Md5.firstWord(utf8, 0, utf8.length));
    }

    @Property(tries = 1000)
    void stringRouteEqualsTheRouteOfItsUtf8Bytes(@ForAll("keys") String key) {
        byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
        assertThat(RING.indexOf(key)).as("route of \"%s\"", escape(key)).isEqualTo(RING.indexOf(utf8, 0, utf8.length));
        assertThat(RING.indexOf(new StringBuilder(key))).as("route of a StringBuilder \"%s\"", escape(key))
                .isEqualTo(RING.indexOf(utf8, 0, utf8.length));
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().forEach(c -> out.append(c < 0x20 || c >= 0x7f ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.toString();
    }
}
