package io.hashring.hash.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashring.core.NodeCursor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The issue-15 peer options of the built-in modes: twemproxy's {@code hash_tag}, pymemcache's
 * {@code seed}, uhashring's {@code replicas} and {@code vnodes}. Agreement with the peers is
 * GoldenReplayTest's (the golden files record the options); this pins down the defaults, the
 * errors for values the peer would not take, and that every lookup of a hash_tag router sees the
 * narrowed key.
 */
class PeerOptionsTest {

    private static final List<Server> FIVE = List.of(Server.parse("127.0.0.1:31101:1"), Server.parse("localhost:31102:3"),
            Server.parse("127.0.0.2:11211:2"), Server.parse("127.0.0.3:31104:5"), Server.parse("127.0.0.4:31105:4"));
    private static final List<String> TWEMPROXY = List.of("twemproxy-ketama", "twemproxy-ketama-auto-eject",
            "twemproxy-modula", "twemproxy-modula-auto-eject");

    @Nested
    @DisplayName("each option is listed with the peer's default")
    class Defaults {
        @Test
        void twemproxyModesHaveHashTagOffByDefault() {
            for (String mode : TWEMPROXY) {
                assertThat(InteropModes.byName(mode).options()).as(mode).containsExactly(Map.entry("hash_tag", ""));
            }
        }

        @Test
        void pymemcacheHasSeedZero() {
            assertThat(InteropModes.byName("pymemcache").options()).containsExactly(Map.entry("seed", "0"));
        }

        @Test
        void uhashringHasReplicas4AndVnodes40InKetamaMode() {
            assertThat(InteropModes.byName("uhashring-ketama").options())
                    .containsExactly(Map.entry("replicas", "4"), Map.entry("vnodes", "40"));
        }
    }

    @Nested
    @DisplayName("a value the peer would not take is refused with a message naming it")
    class BadValues {
        @Test
        void hashTagMustBeEmptyOrTwoAsciiCharacters() {
            for (String bad : List.of("{", "{}}", "日本")) {
                assertThatThrownBy(() -> InteropModes.byName("twemproxy-ketama").router(FIVE, null, Map.of("hash_tag", bad)))
                        .as("hash_tag '%s'", bad).isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("option 'hash_tag' of mode twemproxy-ketama must be empty (off) or two ASCII characters, "
                                + "for example {}; got '" + bad + "'");
            }
            assertThatThrownBy(() -> InteropModes.byName("twemproxy-modula").router(FIVE, null, Map.of("hash_tag", "é")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("got 'é' (nutcracker takes one two-byte UTF-8 character as two tag bytes; "
                            + "hashring does not model that)");
        }

        @Test
        void seedMustBeADecimalInteger() {
            for (String bad : List.of("", "1.5", "0x10", "seven")) {
                assertThatThrownBy(() -> InteropModes.byName("pymemcache").router(FIVE, null, Map.of("seed", bad)))
                        .as("seed '%s'", bad).isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("option 'seed' of mode pymemcache must be a decimal integer (Python int, used mod 2^32); "
                                + "got '" + bad + "'");
            }
        }

        @Test
        void replicasAre1To4AndVnodesPositive() {
            InteropMode u = InteropModes.byName("uhashring-ketama");
            assertThatThrownBy(() -> u.router(FIVE, null, Map.of("replicas", "5"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("option 'replicas' of mode uhashring-ketama must be an integer in [1, 4]; got '5'");
            assertThatThrownBy(() -> u.router(FIVE, null, Map.of("replicas", "0"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("got '0'");
            assertThatThrownBy(() -> u.router(FIVE, null, Map.of("vnodes", "0"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("option 'vnodes' of mode uhashring-ketama must be an integer in [1, 10000]; got '0'");
        }
    }

    @Nested
    @DisplayName("pymemcache's seed counts mod 2^32, as Python's masked murmur3_32 does")
    class Seed {
        @Test
        void seedsThatAgreeMod2To32PlaceAlike() {
            InteropMode p = InteropModes.byName("pymemcache");
            PeerRouter s42 = p.peerRouter(FIVE, null, Map.of("seed", "42"));
            PeerRouter big = p.peerRouter(FIVE, null, Map.of("seed", "4294967338"));
            PeerRouter minus1 = p.peerRouter(FIVE, null, Map.of("seed", "-1"));
            PeerRouter max = p.peerRouter(FIVE, null, Map.of("seed", "4294967295"));
            PeerRouter s0 = p.peerRouter(FIVE, null);
            int differ = 0;
            for (int i = 0; i < 2000; i++) {
                String k = "key" + i;
                assertThat(big.route(k)).as("seed 2^32+42 vs 42, key %s", k).isEqualTo(s42.route(k));
                assertThat(minus1.route(k)).as("seed -1 vs 2^32-1, key %s", k).isEqualTo(max.route(k));
                differ += s42.route(k).equals(s0.route(k)) ? 0 : 1;
            }
            assertThat(differ).as("keys seed 42 places differently from seed 0").isGreaterThan(1000);
        }
    }

    @Nested
    @DisplayName("with hash_tag set every lookup sees the tag, and ring() stays truthful")
    class HashTag {
        private final List<String> keys = keys();

        private List<String> keys() {
            List<String> out = new ArrayList<>(List.of("user1000", "{user1000}", "a{user1000}b", "{}user1000", "{user1000",
                    "}x{", "{a}{b}", "{{a}}", "{", "}", "{}", "é{ü}é", "{日本語}x", "{🎉}"));
            for (int i = 0; i < 300; i++) {
                out.add("p" + i + ":{u" + (i % 13) + "}:" + i);
                out.add("k" + i);
            }
            return out;
        }

        /** What nc_server.c server_pool_idx hashes, written independently of HashTagRouter. */
        private String expectedTag(String key) {
            int l = key.indexOf('{');
            if (l < 0) {
                return key;
            }
            int r = key.indexOf('}', l + 1);
            return r > l + 1 ? key.substring(l + 1, r) : key;
        }

        @Test
        void routeCandidatesFailoverAndCursorSeeTheNarrowedKeyInEveryTwemproxyMode() {
            Set<String> dead = Set.of("localhost:31102", "127.0.0.3:31104");
            for (String mode : TWEMPROXY) {
                InteropMode m = InteropModes.byName(mode);
                PeerRouter tagged = m.peerRouter(FIVE, null, Map.of("hash_tag", "{}"));
                PeerRouter plain = m.peerRouter(FIVE, null);
                NodeCursor cursor = tagged.cursor();
                NodeCursor plainCursor = plain.cursor();
                for (String key : keys) {
                    String inner = expectedTag(key);
                    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
                    String what = mode + ", key " + key;
                    assertThat(tagged.route(key)).as(what).isEqualTo(plain.route(inner));
                    assertThat(tagged.route(bytes)).as("byte key: " + what).isEqualTo(plain.route(inner));
                    assertThat(tagged.indexOf(bytes, 0, bytes.length)).as(what).isEqualTo(plain.indexOf(inner));
                    assertThat(tagged.candidates(key)).as(what).isEqualTo(plain.candidates(inner));
                    assertThat(tagged.candidates(bytes)).as(what).isEqualTo(plain.candidates(inner));
                    assertThat(tagged.failoverSequence(key)).as(what).isEqualTo(plain.failoverSequence(inner));
                    assertThat(tagged.route(key, s -> !dead.contains(s.address())))
                            .as("with 2 dead: " + what).isEqualTo(plain.route(inner, s -> !dead.contains(s.address())));
                    assertThat(walk(cursor.reset(bytes, 0, bytes.length))).as(what).isEqualTo(walk(plainCursor.reset(inner)));
                    assertThat(tagged.hashFunction().hash(key)).as(what).isEqualTo(plain.hashFunction().hash(inner));
                    assertThat(tagged.hashFunction().hash(bytes, 0, bytes.length)).as(what)
                            .isEqualTo(plain.hashFunction().hash(inner));
                }
            }
        }

        @Test
        void aByteKeyInsideALargerArrayIsNarrowedWithinItsSlice() {
            PeerRouter tagged = InteropModes.byName("twemproxy-ketama").peerRouter(FIVE, null, Map.of("hash_tag", "{}"));
            PeerRouter plain = InteropModes.byName("twemproxy-ketama").peerRouter(FIVE, null);
            byte[] framed = "{zz}get a{user7}b {yy}".getBytes(StandardCharsets.UTF_8);
            int offset = 8;
            int length = "a{user7}b".length();
            assertThat(tagged.route(framed, offset, length)).isEqualTo(plain.route("user7"));
            byte[] noTag = "{zz}get plain {yy}".getBytes(StandardCharsets.UTF_8);
            assertThat(tagged.route(noTag, 8, 5)).isEqualTo(plain.route("plain"));
        }

        @Test
        void ringIsEmptyWithATagAndKeptWithout() {
            InteropMode m = InteropModes.byName("twemproxy-ketama");
            assertThat(m.peerRouter(FIVE, null).ring()).isPresent();
            assertThat(m.peerRouter(FIVE, null, Map.of("hash_tag", "")).ring()).isPresent();
            assertThat(m.peerRouter(FIVE, null, Map.of("hash_tag", "{}")).ring()).isEmpty();
        }

        @Test
        void theSameCharacterOnBothSidesTakesTheNextOneAsTheEnd() {
            PeerRouter tagged = InteropModes.byName("twemproxy-modula").peerRouter(FIVE, null, Map.of("hash_tag", "$$"));
            PeerRouter plain = InteropModes.byName("twemproxy-modula").peerRouter(FIVE, null);
            assertThat(tagged.route("x$ab$cd$")).isEqualTo(plain.route("ab"));
            assertThat(tagged.route("$$ab$")).isEqualTo(plain.route("$$ab$"));
        }

        private List<Integer> walk(NodeCursor c) {
            List<Integer> out = new ArrayList<>();
            for (int i = c.next(), n = 0; i >= 0 && n < 100; i = c.next(), n++) {
                out.add(i);
            }
            return out;
        }
    }
}
