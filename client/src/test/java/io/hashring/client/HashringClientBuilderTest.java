package io.hashring.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashring.client.topology.Topology;
import io.hashring.hash.interop.Server;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The adapters' shared builder base: servers, weights, placement, ejection, topology files. */
class HashringClientBuilderTest {

    /** The smallest adapter builder: the base alone. */
    static final class Plain extends HashringClientBuilder<Plain> {
    }

    @Test
    void a_topology_sets_servers_placement_and_ejection() {
        EjectionPolicy never = EjectionPolicy.never();
        Topology t = Topology.of(List.of(Server.parse("10.0.0.1:11211:2"), Server.parse("10.0.0.2:11211:1:b")),
                "libmemcached-ketama-weighted", null, never);
        Plain b = new Plain().topology(t);
        assertThat(b.resolvedServers()).containsExactlyElementsOf(t.servers());
        assertThat(b.placement().name()).isEqualTo("libmemcached-ketama-weighted");
        assertThat(b.ejection()).isSameAs(never);
        List<Server> servers = b.resolvedServers();
        String key = "user:42";
        assertThat(b.placement().router(servers).route(key)).isEqualTo(t.router().route(key));
    }

    @Test
    void defaults_are_the_shared_placement_and_ejection() {
        Plain b = new Plain().servers("a:1,b:1");
        assertThat(b.placement().name()).isEqualTo(Placement.defaults().name());
        assertThat(b.ejection().toString()).isEqualTo(EjectionPolicy.defaults().toString());
    }

    @Test
    void bad_values_are_refused_as_they_are_set() {
        assertThatThrownBy(() -> new Plain().mode("no-such-mode")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-mode");
        assertThatThrownBy(() -> new Plain().servers("a:0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port");
        assertThatThrownBy(() -> new Plain().servers("a:1,b:1").weights(1).resolvedServers())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Plain().topology(null)).isInstanceOf(NullPointerException.class);
    }
}
