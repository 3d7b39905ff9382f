package io.hashring.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashring.hash.interop.Server;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The health thread's probe, cleanup and readmission against small in-process servers that speak
 * the three text commands it sends (version, delete, flush_all) and record what they got.
 */
class HealthMonitorTest {

    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong clock = new AtomicLong(SECOND);
    private final List<FakeServer> servers = new CopyOnWriteArrayList<>();

    /** Answers version, delete and flush_all on loopback; records every command line. */
    private static final class FakeServer implements AutoCloseable {
        final ServerSocket socket;
        final List<String> commands = new CopyOnWriteArrayList<>();
        volatile boolean answerVersion = true;
        final Thread thread;

        FakeServer() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(this::serve, "fake-memcached");
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    s.setSoTimeout(2000);
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                    OutputStream out = s.getOutputStream();
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        commands.add(line);
                        String answer = line.equals("version") ? (answerVersion ? "VERSION 1.6.18" : "ERROR")
                                : line.startsWith("delete ") ? "DELETED" : line.equals("flush_all") ? "OK" : "ERROR";
                        out.write((answer + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                } catch (IOException e) {
                    // the probe closed its connection, or the server is closing
                }
            }
        }

        Server server() {
            return new Server("127.0.0.1", socket.getLocalPort(), 1, null);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @AfterEach
    void close() throws IOException {
        for (FakeServer s : servers) {
            s.close();
        }
    }

    private FakeServer fake() throws IOException {
        FakeServer f = new FakeServer();
        servers.add(f);
        return f;
    }

    private RoutingSnapshot<String> snapshot(ServerHealth health, List<Server> list) {
        return RoutingSnapshot.of(Placement.defaults(), list, s -> "conn-" + s.id(), health);
    }

    private ServerHealth health() {
        return new ServerHealth(EjectionPolicy.builder().failureThreshold(1).ejectFor(Duration.ofSeconds(1))
                .clock(clock::get).build());
    }

    @Test
    void a_due_probe_that_succeeds_cleans_up_then_readmits() throws IOException {
        FakeServer owner = fake();
        FakeServer other = fake();
        ServerHealth health = health();
        RoutingSnapshot<String> s = snapshot(health, List.of(owner.server(), other.server()));
        FailoverLedger ledger = new FailoverLedger(FailoverPolicy.defaults());
        ledger.record(owner.server().id(), "k1", other.server().id());
        ledger.record(owner.server().id(), "k2", other.server().id());
        EjectionState st = health.stateOf(owner.server().id());
        st.recordFailure(FailureKind.CONNECTION_LOST);
        HealthMonitor m = HealthMonitor.unstarted(() -> s, ledger, Duration.ofSeconds(2));

        m.tick();
        assertThat(owner.commands).as("not due before T").isEmpty();
        clock.addAndGet(SECOND);
        m.tick();
        assertThat(st.isEjected()).isFalse();
        assertThat(owner.commands).as("deleted twice, 100 ms apart").containsExactly("version", "delete k1", "delete k2", "delete k1", "delete k2");
        assertThat(other.commands).as("copies on the server that took the writes").containsExactly("delete k1", "delete k2");
        assertThat(ledger.hasEntries(owner.server().id())).isFalse();
    }

    @Test
    void a_probe_without_a_valid_answer_keeps_the_server_out_and_keeps_its_cleanup() throws IOException {
        FakeServer owner = fake();
        owner.answerVersion = false;
        ServerHealth health = health();
        RoutingSnapshot<String> s = snapshot(health, List.of(owner.server()));
        FailoverLedger ledger = new FailoverLedger(FailoverPolicy.defaults());
        ledger.record(owner.server().id(), "k1", null);
        EjectionState st = health.stateOf(owner.server().id());
        st.recordFailure(FailureKind.CONNECTION_LOST);
        clock.addAndGet(SECOND);
        HealthMonitor.unstarted(() -> s, ledger, Duration.ofSeconds(2)).tick();
        assertThat(st.isEjected()).isTrue();
        assertThat(st.failures(FailureKind.PROBE_FAILED)).isEqualTo(1);
        assertThat(ledger.take(owner.server().id()).keys()).containsExactly("k1");
    }

    @Test
    void a_server_nobody_listens_on_fails_its_probe() throws IOException {
        // A port bound by a socket that does not listen: connecting is refused, and no other
        // process can take the port meanwhile (a closed listener's port could be reused at once).
        try (Socket holder = new Socket()) {
            holder.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            probeFailsFor(new Server("127.0.0.1", holder.getLocalPort(), 1, null));
        }
    }

    private void probeFailsFor(Server server) {
        ServerHealth health = health();
        RoutingSnapshot<String> s = snapshot(health, List.of(server));
        EjectionState st = health.stateOf(server.id());
        st.recordFailure(FailureKind.CONNECT_FAILED);
        clock.addAndGet(SECOND);
        HealthMonitor.unstarted(() -> s, new FailoverLedger(FailoverPolicy.defaults()), Duration.ofSeconds(2)).tick();
        assertThat(st.isEjected()).isTrue();
    }

    @Test
    void flush_on_return_flushes_instead_of_deleting() throws IOException {
        FakeServer owner = fake();
        ServerHealth health = health();
        RoutingSnapshot<String> s = snapshot(health, List.of(owner.server()));
        FailoverLedger ledger = new FailoverLedger(FailoverPolicy.of(Duration.ofSeconds(5), FailoverPolicy.OnReturn.FLUSH, 10));
        ledger.record(owner.server().id(), "k1", null);
        EjectionState st = health.stateOf(owner.server().id());
        st.recordFailure(FailureKind.CONNECTION_LOST);
        clock.addAndGet(SECOND);
        HealthMonitor.unstarted(() -> s, ledger, Duration.ofSeconds(2)).tick();
        assertThat(st.isEjected()).isFalse();
        assertThat(owner.commands).containsExactly("version", "flush_all");
    }

    @Test
    void the_started_thread_ends_on_close() {
        ServerHealth health = health();
        HealthMonitor m = HealthMonitor.start(() -> snapshot(health, List.of(Server.parse("127.0.0.1:1"))),
                new FailoverLedger(FailoverPolicy.defaults()), Duration.ofMillis(200));
        String name = m.threadName();
        assertThat(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name))).isTrue();
        m.close();
        assertThat(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive())).isFalse();
    }
}
