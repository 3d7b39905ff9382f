package io.hashring.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

@DisplayName("memcached processes are always cleaned up")
class CleanupTest {

    static final List<Long> PIDS = new ArrayList<>();

    @Test
    @DisplayName("after a class whose tests fail, with a paused and a killed server, no process is left")
    void failingClassLeavesNoProcess() {
        PIDS.clear();
        System.setProperty("hashring.testkit.fixture", "true");
        Events tests;
        try {
            tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FailingFixture.class)).execute().testEvents();
        } finally {
            System.clearProperty("hashring.testkit.fixture");
        }
        tests.assertStatistics(s -> s.started(2).failed(2));
        assertThat(PIDS).hasSize(2);
        for (long pid : PIDS) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("memcached pid %d is still alive after its class failed", pid).isFalse();
        }
    }

    @Test
    @DisplayName("a missing binary fails with the install command; a bad MEMCACHED_BIN is named")
    void missingBinary() throws Exception {
        Path empty = Files.createTempDirectory("no-memcached");
        assertThatThrownBy(() -> MemcachedBinary.locate(null, empty.toString()))
                .hasMessageContaining("apt-get install -y memcached")
                .hasMessageContaining("MEMCACHED_BIN");
        assertThatThrownBy(() -> MemcachedBinary.locate("/nonexistent/memcached", null))
                .hasMessageContaining("'/nonexistent/memcached'")
                .hasMessageContaining("apt-get install -y memcached");
    }

    @Test
    @DisplayName("existing servers: only loopback addresses, and no process control")
    void externalServers() {
        assertThatThrownBy(() -> MemcachedCluster.external(List.of("10.1.2.3:11211")))
                .hasMessageContaining("10.1.2.3:11211 is not a loopback address");
        assertThatThrownBy(() -> MemcachedCluster.external(List.of("127.0.0.1")))
                .hasMessageContaining("'127.0.0.1' is not host:port");
        try (MemcachedCluster real = MemcachedCluster.start(1)) {
            System.setProperty("hashring.testkit.servers", real.addresses().get(0));
            try (MemcachedCluster external = MemcachedCluster.start(5)) {
                assertThat(external.size()).isEqualTo(1);
                assertThat(external.controlsProcesses()).isFalse();
                assertThat(external.addresses()).isEqualTo(real.addresses());
                assertThatThrownBy(() -> external.server(0).kill())
                        .isInstanceOf(UnsupportedOperationException.class)
                        .hasMessageContaining("external server");
                external.server(0).set("k", "v");
                assertThat(real.server(0).get("k")).isEqualTo("v");
            } finally {
                System.clearProperty("hashring.testkit.servers");
            }
        }
    }

    @MemcachedNodes(count = 2)
    @EnabledIfSystemProperty(named = "hashring.testkit.fixture", matches = "true")
    static class FailingFixture {
        @Test
        void failsWithAPausedServer(MemcachedCluster cluster) {
            cluster.servers().forEach(s -> PIDS.add(s.pid().orElseThrow()));
            cluster.server(0).pause();
            throw new AssertionError("deliberate failure with a paused server");
        }

        @Test
        void failsWithAKilledServer(MemcachedCluster cluster) {
            cluster.server(1).kill();
            throw new AssertionError("deliberate failure with a killed server");
        }
    }
}
