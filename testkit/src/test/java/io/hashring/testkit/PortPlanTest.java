package io.hashring.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("started servers get deterministic ports, and a busy port falls back visibly")
class PortPlanTest {

    @AfterEach
    void clear() {
        System.clearProperty("hashring.testkit.basePort");
    }

    @Test
    @DisplayName("server i listens on basePort + i; a second cluster on the same ports falls back and says so")
    void deterministicThenFallback() {
        System.setProperty("hashring.testkit.basePort", "23900");
        try (MemcachedCluster first = MemcachedCluster.start(2)) {
            assertThat(first.addresses()).containsExactly("127.0.0.1:23900", "127.0.0.1:23901");
            assertThat(first.portsDeterministic()).isTrue();
            assertThat(first.portPlan()).isEqualTo("deterministic: ports 23900-23901 (hashring.testkit.basePort=23900)");
            try (MemcachedCluster second = MemcachedCluster.start(2)) {
                List<Integer> ports = second.servers().stream().map(MemcachedServer::port).toList();
                assertThat(ports).doesNotContain(23900, 23901).doesNotHaveDuplicates();
                assertThat(second.portsDeterministic()).isFalse();
                assertThat(second.portPlan()).startsWith("NOT deterministic")
                        .contains("server 0 on random port " + ports.get(0) + " (23900 was busy)")
                        .contains("server 1 on random port " + ports.get(1) + " (23901 was busy)");
                second.server(0).set("k", "v");
                assertThat(second.server(0).get("k")).isEqualTo("v");
            }
            MemcachedServer added = first.addServer();
            assertThat(added.port()).isEqualTo(23902);
            first.reset();
            assertThat(first.portsDeterministic()).isTrue();
        }
    }

    @Test
    @DisplayName("a base port outside 1024..65000 is refused by name")
    void badBasePort() {
        System.setProperty("hashring.testkit.basePort", "80");
        assertThatThrownBy(TestkitSettings::basePort).hasMessageContaining("hashring.testkit.basePort must be 1024..65000, was 80");
    }
}
