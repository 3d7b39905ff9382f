package io.hashring.client.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashring.client.EjectionPolicy;
import io.hashring.core.Router;
import io.hashring.hash.interop.InteropModes;
import io.hashring.hash.interop.Server;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A topology carries an interop mode's options to its placement, router and server changes. */
class TopologyOptionsTest {

    private static final List<Server> THREE = List.of(Server.parse("10.0.0.1:11211"), Server.parse("10.0.0.2:11211:2"),
            Server.parse("10.0.0.3:11212"));

    @Test
    void optionsReachTheRouterAndSurviveAServerChange() {
        Topology t = Topology.of(THREE, "twemproxy-ketama", null, Map.of("hash_tag", "{}"), EjectionPolicy.defaults());
        assertThat(t.options()).containsExactly(Map.entry("hash_tag", "{}"));
        List<Server> four = new java.util.ArrayList<>(THREE);
        four.add(Server.parse("10.0.0.4:11211"));
        for (Topology topology : List.of(t, t.withServers(four))) {
            Router<Server> expected = InteropModes.byName("twemproxy-ketama").router(topology.servers(), null, Map.of("hash_tag", "{}"));
            Router<Server> router = topology.router();
            int tagged = 0;
            for (int i = 0; i < 500; i++) {
                String key = "p" + i + ":{user" + (i % 9) + "}";
                assertThat(router.route(key)).as("%s key %s", topology, key).isEqualTo(expected.route(key));
                tagged += router.route(key).equals(router.route("user" + (i % 9))) ? 1 : 0;
            }
            assertThat(tagged).as("keys placed by their tag").isEqualTo(500);
        }
        assertThat(t).isNotEqualTo(Topology.of(THREE, "twemproxy-ketama", null, EjectionPolicy.defaults()));
        assertThat(t.toString()).contains("{hash_tag={}}");
    }

    @Test
    void badOptionsFailWhenTheTopologyIsMade() {
        assertThatThrownBy(() -> Topology.of(THREE, "pymemcache", null, Map.of("seed", "x"), EjectionPolicy.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("option 'seed' of mode pymemcache");
        assertThatThrownBy(() -> Topology.of(THREE, Topology.DEFAULT_MODE, null, Map.of("seed", "1"), EjectionPolicy.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mode 'ketama-fixed-points' has no options; got seed");
        assertThatThrownBy(() -> Topology.of(THREE, "dalli", null, Map.of("hash_tag", "{}"), EjectionPolicy.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("mode dalli has no options; got 'hash_tag'");
    }
}
