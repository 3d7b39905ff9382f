package io.hashring.client;

import io.hashring.hash.interop.Server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerListTest {

    @Test
    void parsesSpecsAndAppliesWeightsByPositionThenById() {
        List<Server> servers = new ServerList().add("a:1, b:2:5\n[::1]:3:1:named").weights(2, 3, 4).weights(Map.of("named", 7)).resolve();
        assertThat(servers).extracting(Server::address).containsExactly("a:1", "b:2", "[::1]:3");
        assertThat(servers).extracting(Server::weight).containsExactly(2, 3, 7);
        assertThat(servers.get(2).name()).isEqualTo("named");
    }

    @Test
    void rejectsWhatCannotBeAServerList() {
        assertThatThrownBy(() -> new ServerList().resolve()).isInstanceOf(IllegalStateException.class).hasMessageContaining("no servers");
        assertThatThrownBy(() -> new ServerList().add("a:1,b:2").weights(1).resolve())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("1 weights for 2 servers");
        assertThatThrownBy(() -> new ServerList().add("a:1,a:1").resolve())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'a:1' is configured twice");
        assertThatThrownBy(() -> new ServerList().add("a:1").weights(Map.of("zz:9", 2)).resolve())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("unknown server 'zz:9'");
        assertThatThrownBy(() -> new ServerList().weights(1, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
        assertThatThrownBy(() -> new ServerList().add("a:notaport")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port 'notaport'");
    }
}
