package io.hashring.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@MemcachedNodes(count = 3)
@DisplayName("@MemcachedNodes")
class MemcachedNodesExtensionTest {

    MemcachedCluster injected;

    @Test
    @DisplayName("starts the requested number of real memcached processes on distinct loopback ports")
    void startsRealProcesses(MemcachedCluster cluster) {
        assertThat(cluster).isSameAs(injected);
        assertThat(cluster.size()).isEqualTo(3);
        assertThat(cluster.controlsProcesses()).isTrue();
        assertThat(cluster.addresses()).doesNotHaveDuplicates().allSatisfy(a -> assertThat(a).startsWith("127.0.0.1:"));
        for (MemcachedServer s : cluster.servers()) {
            assertThat(s.version()).matches("\\d+\\.\\d+.*");
            long pid = s.pid().orElseThrow();
            assertThat(ProcessHandle.of(pid).flatMap(h -> h.info().command()).orElse("")).endsWith("memcached");
        }
    }

    @Test
    @DisplayName("the probes see exactly what one server holds")
    void probesSeeOneServer(MemcachedCluster cluster) {
        MemcachedServer a = cluster.server(0);
        MemcachedServer b = cluster.server(1);
        a.set("k1", "v1");
        a.set("k2", "v2 with spaces");
        assertThat(a.get("k2")).isEqualTo("v2 with spaces");
        assertThat(b.get("k1")).isNull();
        assertThat(a.keysHeld(List.of("k0", "k1", "k2", "k3"))).containsExactly("k1", "k2");
        assertThat(cluster.holders(List.of("k1", "zz")).get("k1")).containsExactly(a);
        assertThat(cluster.holders(List.of("k1", "zz")).get("zz")).isEmpty();
        long sets = a.stat("cmd_set");
        a.set("k3", "v3");
        assertThat(a.stat("cmd_set")).isEqualTo(sets + 1);
        assertThat(a.delete("k3")).isTrue();
        a.flushAll();
        assertThat(a.get("k1")).isNull();
    }

    @Test
    @DisplayName("kill ends the process; restart brings it back on the same port with an empty cache")
    void killAndRestart(MemcachedCluster cluster) {
        MemcachedServer s = cluster.server(1);
        s.set("before", "x");
        long pid = s.pid().orElseThrow();
        s.inject(Fault.kill());
        assertThat(s.state()).isEqualTo(MemcachedServer.State.KILLED);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThatThrownBy(s::version).hasMessageContaining(s.address());
        int port = s.port();
        s.inject(Fault.restart());
        assertThat(s.port()).isEqualTo(port);
        assertThat(s.pid().orElseThrow()).isNotEqualTo(pid);
        assertThat(s.state()).isEqualTo(MemcachedServer.State.RUNNING);
        assertThat(s.get("before")).isNull();
    }

    @Test
    @DisplayName("pause freezes the process (connections open, no answer); resume answers what was queued")
    void pauseAndResume(MemcachedCluster cluster) throws IOException {
        MemcachedServer s = cluster.server(2);
        s.set("k", "v");
        s.inject(Fault.pause());
        assertThat(s.state()).isEqualTo(MemcachedServer.State.PAUSED);
        try (Socket socket = new Socket()) {
            // the kernel still accepts the connection (backlog), but a stopped process never answers
            socket.connect(new InetSocketAddress(s.host(), s.port()), 1000);
            socket.setSoTimeout(300);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("get k\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
            s.inject(Fault.resume());
            socket.setSoTimeout(5000);
            byte[] reply = new byte[64];
            int n = in.read(reply);
            assertThat(new String(reply, 0, n, StandardCharsets.US_ASCII)).startsWith("VALUE k 0 1\r\nv\r\nEND");
        }
        assertThat(s.state()).isEqualTo(MemcachedServer.State.RUNNING);
    }

    @Test
    @DisplayName("stop ends the process with SIGTERM; reset brings every server back and drops added ones")
    void stopAndReset(MemcachedCluster cluster) {
        cluster.server(0).stop();
        cluster.server(1).pause();
        MemcachedServer extra = cluster.addServer();
        long extraPid = extra.pid().orElseThrow();
        assertThat(cluster.size()).isEqualTo(4);
        cluster.server(2).set("k", "v");
        cluster.reset();
        assertThat(cluster.size()).isEqualTo(3);
        assertThat(ProcessHandle.of(extraPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(cluster.servers()).allSatisfy(s -> {
            assertThat(s.state()).isEqualTo(MemcachedServer.State.RUNNING);
            assertThat(s.version()).isNotBlank();
        });
        assertThat(cluster.server(2).get("k")).isNull();
    }

    @Nested
    @DisplayName("in a @Nested class")
    class Inner {
        @Test
        @DisplayName("shares the enclosing class's cluster")
        void sharesCluster(MemcachedCluster cluster) {
            assertThat(cluster).isSameAs(injected);
        }
    }
}
