package io.hashring.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashring.core.Node;
import io.hashring.core.ForwardingRouter;
import io.hashring.core.Ring;
import io.hashring.core.RingConfig;
import io.hashring.core.Router;
import io.hashring.hash.interop.Server;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The streaming core of {@code route}, over a ring-core ring directly (no interop mode needed):
 * format, order, exact addresses, UTF-8 handling and errors that name the line.
 */
class RouteEngineTest {

    private static final List<Server> SERVERS = List.of(
            Server.parse("10.0.0.1:11211"), Server.parse("[2001:db8::7]:11212:3"), Server.parse("cache.example:11213:2:c"));

    private static Ring<Server> ring() {
        List<Node<Server>> nodes = new ArrayList<>();
        for (Server s : SERVERS) {
            nodes.add(Node.of(s.address(), s.weight(), s));
        }
        return Ring.of(RingConfig.libmemcachedKetama(), nodes);
    }

    private static String route(String input, Router<Server> router) throws IOException {
        StringWriter out = new StringWriter();
        RouteCommand.route(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, router, SERVERS, "stdin");
        return out.toString();
    }

    @Test
    void printsKeyTabAddressPerKeyInInputOrder() throws IOException {
        Ring<Server> ring = ring();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            keys.add("key-" + i);
        }
        String output = route(String.join("\n", keys) + "\n", ring);

        List<String> lines = output.lines().toList();
        assertThat(lines).hasSize(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            assertThat(lines.get(i)).as("line %d", i + 1).isEqualTo(keys.get(i) + "\t" + ring.route(keys.get(i)).address());
        }
        assertThat(output).endsWith("\n");
    }

    @Test
    void printsEveryServerExactlyAsConfiguredIncludingBracketedIpv6() throws IOException {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            in.append("k").append(i).append('\n');
        }
        List<String> addresses = route(in.toString(), ring()).lines().map(l -> l.substring(l.indexOf('\t') + 1)).distinct().toList();
        assertThat(addresses).containsExactlyInAnyOrder("10.0.0.1:11211", "[2001:db8::7]:11212", "cache.example:11213");
    }

    @Test
    void routesTheUtf8KeyAndDropsTheCarriageReturnOfCrlfInput() throws IOException {
        Ring<Server> ring = ring();
        String output = route("caf\u00e9\r\n\u65e5\u672c\u8a9e\r\nplain", ring);
        assertThat(output).isEqualTo("caf\u00e9\t" + ring.route("caf\u00e9").address() + "\n"
                + "\u65e5\u672c\u8a9e\t" + ring.route("\u65e5\u672c\u8a9e").address() + "\n"
                + "plain\t" + ring.route("plain").address() + "\n");
    }

    @Test
    void rejectsInputThatIsNotUtf8NamingTheLine() {
        byte[] bytes = {'o', 'k', '\n', 'b', 'a', (byte) 0xC3, 'd', '\n'};
        StringWriter out = new StringWriter();
        assertThatThrownBy(() -> RouteCommand.route(new ByteArrayInputStream(bytes), out, ring(), SERVERS, "stdin"))
                .isInstanceOf(UsageError.class)
                .hasMessageContaining("not valid UTF-8")
                .hasMessageContaining("line 2");
    }

    @Test
    void aKeyTheRouterRejectsIsAUsageErrorNamingKeyAndLine() {
        Router<Server> picky = new RejectingRouter(ring(), "bad key");
        assertThatThrownBy(() -> route("fine\nbad key\n", picky))
                .isInstanceOf(UsageError.class)
                .hasMessageContaining("'bad key'")
                .hasMessageContaining("line 2")
                .hasMessageContaining("keys may not contain spaces");
    }

    /** Delegates to a ring but refuses one key, like a mode that validates memcached keys. */
    private static final class RejectingRouter extends ForwardingRouter<Server> {
        private final Ring<Server> ring;
        private final String refused;

        RejectingRouter(Ring<Server> ring, String refused) {
            this.ring = ring;
            this.refused = refused;
        }

        @Override
        protected Router<Server> delegate() {
            return ring;
        }

        @Override
        public int indexOf(CharSequence key) {
            if (refused.contentEquals(key)) {
                throw new IllegalArgumentException("keys may not contain spaces");
            }
            return ring.indexOf(key);
        }

        @Override
        public Server route(CharSequence key) {
            return value(indexOf(key));
        }
    }
}
