package io.hashring.hash.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashring.core.HashFunction;
import io.hashring.core.ModuloRouter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The option plumbing every mode shares: defaults, overrides, unknown names and bad values. */
class ModeOptionsTest {

    private static final List<Server> TWO = List.of(Server.parse("127.0.0.1:11211"), Server.parse("127.0.0.1:11212"));

    /** A mode with two options that records what it was built with. */
    private static final class Recording extends BaseMode {
        final AtomicReference<Map<String, String>> seen = new AtomicReference<>();

        Recording() {
            super("recording", "test mode", Map.of(), defaults());
        }

        private static Map<String, String> defaults() {
            Map<String, String> o = new LinkedHashMap<>();
            o.put("replicas", "4");
            o.put("tag", "");
            return o;
        }

        @Override
        PeerRouter build(List<Server> servers, HashFunction hash, Map<String, String> options) {
            seen.set(options);
            intOption(options, "replicas", 1, 100);
            return new DelegatingPeerRouter(name(), ModuloRouter.of(io.hashring.hash.Hashes.crc32(),
                    nodes(servers, Server::address, false)));
        }
    }

    private static final class Plain extends BaseMode {
        Plain() {
            super("plain", "test mode", Map.of());
        }

        @Override
        PeerRouter build(List<Server> servers, HashFunction hash) {
            return new DelegatingPeerRouter(name(), ModuloRouter.of(io.hashring.hash.Hashes.crc32(),
                    nodes(servers, Server::address, false)));
        }
    }

    @Test
    void defaultsAreListedInOrderAndUsedWhenNothingIsGiven() {
        Recording mode = new Recording();
        assertThat(mode.options()).containsExactly(Map.entry("replicas", "4"), Map.entry("tag", ""));
        mode.router(TWO, null);
        assertThat(mode.seen.get()).containsExactly(Map.entry("replicas", "4"), Map.entry("tag", ""));
    }

    @Test
    void aGivenOptionOverridesItsDefaultOnly() {
        Recording mode = new Recording();
        mode.router(TWO, null, Map.of("replicas", "7"));
        assertThat(mode.seen.get()).containsExactly(Map.entry("replicas", "7"), Map.entry("tag", ""));
    }

    @Test
    void anUnknownOptionIsRefusedWithTheValidOnes() {
        assertThatThrownBy(() -> new Recording().router(TWO, null, Map.of("vnodes", "3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mode recording has no option 'vnodes'; valid options: replicas, tag");
        assertThatThrownBy(() -> new Plain().router(TWO, null, Map.of("seed", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mode plain has no options; got 'seed'");
    }

    @Test
    void aBadIntegerNamesTheOptionAndItsRange() {
        assertThatThrownBy(() -> new Recording().router(TWO, null, Map.of("replicas", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option 'replicas' of mode recording must be an integer in [1, 100]; got '0'");
        assertThatThrownBy(() -> new Recording().router(TWO, null, Map.of("replicas", "four")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 'four'");
    }

    @Test
    void everyBuiltInModeAcceptsNoOptionsAsItsDefaults() {
        for (InteropMode mode : InteropModes.all()) {
            Map<String, String> defaults = mode.options();
            PeerRouter a = mode.peerRouter(TWO, null);
            PeerRouter b = mode.peerRouter(TWO, null, defaults);
            for (int i = 0; i < 200; i++) {
                String key = "k" + i;
                assertThat(b.route(key)).as("%s with its defaults given, key %s", mode.name(), key).isEqualTo(a.route(key));
            }
        }
    }
}
