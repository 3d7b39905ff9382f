package io.hashring.client.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashring.client.ClientTopology;
import io.hashring.client.EjectionState;
import io.hashring.client.TopologyChange;
import io.hashring.core.Router;
import io.hashring.hash.interop.Server;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MembershipTest {

    /** A source the test publishes through by hand. */
    static final class HandSource implements MembershipSource {
        volatile MembershipSink sink;
        volatile boolean closed;
        final MembershipVersion first;

        HandSource(MembershipVersion first) {
            this.first = first;
        }

        @Override
        public String describe() {
            return "hand";
        }

        @Override
        public void start(MembershipSink sink) {
            this.sink = sink;
            if (first != null) {
                sink.publish(first);
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A topology that records each replace; fails when told to. */
    static final class FakeTopology implements ClientTopology {
        final List<List<Server>> replaced = new CopyOnWriteArrayList<>();
        volatile List<Server> servers;
        volatile RuntimeException failWith;
        volatile CountDownLatch gate;

        FakeTopology(List<Server> servers) {
            this.servers = servers;
        }

        @Override
        public List<Server> servers() {
            return servers;
        }

        @Override
        public Router<Server> router() {
            throw new UnsupportedOperationException();
        }

        @Override
        public EjectionState health(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void add(Server server) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void remove(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void reweight(String id, int weight) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TopologyChange replace(List<Server> next) {
            CountDownLatch g = gate;
            if (g != null) {
                try {
                    g.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failWith != null) {
                throw failWith;
            }
            TopologyChange c = TopologyChange.between(servers, next);
            servers = next;
            replaced.add(next);
            return c;
        }
    }

    static final class Recorder implements MembershipListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void applied(MembershipVersion version, TopologyChange change) {
            events.add("applied " + version.version() + " +" + change.added().size() + " -" + change.removed().size());
        }

        @Override
        public void ignored(MembershipVersion version, long running) {
            events.add("ignored " + version.version() + " running " + running);
        }

        @Override
        public void rejected(String source, String reason) {
            events.add("rejected " + source + ": " + reason);
        }

        @Override
        public void failed(MembershipVersion version, Exception error) {
            events.add("failed " + version.version() + ": " + error.getMessage());
        }
    }

    static List<Server> servers(int... ports) {
        return java.util.Arrays.stream(ports).mapToObj(p -> Server.of("127.0.0.1", p)).toList();
    }

    static MembershipVersion v(long version, int... ports) {
        return new MembershipVersion(version, servers(ports), "hand");
    }

    @Test
    void appliesNewerVersionsAndIgnoresOlderOrEqualOnes() throws Exception {
        HandSource src = new HandSource(v(5, 1, 2));
        Recorder r = new Recorder();
        try (Membership m = Membership.start(src, r)) {
            assertThat(m.first(Duration.ofSeconds(1)).version()).isEqualTo(5);
            FakeTopology t = new FakeTopology(servers(1, 2));
            m.bind(t, 5);
            src.sink.publish(v(5, 1, 2, 3));
            src.sink.publish(v(4, 1));
            src.sink.publish(v(6, 1, 2, 3));
            assertThat(m.awaitIdle(Duration.ofSeconds(10))).isTrue();
            src.sink.publish(v(6, 9));
            src.sink.publish(v(7, 2, 3));
            assertThat(m.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(t.replaced).containsExactly(servers(1, 2, 3), servers(2, 3));
            assertThat(m.runningVersion()).isEqualTo(7);
            assertThat(r.events).containsExactly("ignored 5 running 5", "ignored 4 running 5", "applied 6 +1 -0",
                    "ignored 6 running 6", "applied 7 +0 -1");
        }
    }

    @Test
    void versionsArrivingWhileOneIsAppliedAreCoalescedToTheNewest() throws Exception {
        HandSource src = new HandSource(v(1, 1));
        Recorder r = new Recorder();
        try (Membership m = Membership.start(src, r)) {
            m.first(Duration.ofSeconds(1));
            FakeTopology t = new FakeTopology(servers(1));
            t.gate = new CountDownLatch(1);
            m.bind(t, 1);
            src.sink.publish(v(2, 1, 2));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (m.isIdle() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(50); // the applier is now inside replace(v2), held at the gate
            src.sink.publish(v(3, 1, 2, 3));
            src.sink.publish(v(4, 1, 2, 3, 4));
            t.gate.countDown();
            assertThat(m.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(t.replaced).containsExactly(servers(1, 2), servers(1, 2, 3, 4));
            assertThat(r.events).contains("ignored 3 running 1").last().isEqualTo("applied 4 +2 -0");
        }
    }

    @Test
    void aFailedReplaceKeepsTheRunningVersionAndTheNextNewerOneIsTried() throws Exception {
        HandSource src = new HandSource(v(1, 1));
        Recorder r = new Recorder();
        try (Membership m = Membership.start(src, r)) {
            m.first(Duration.ofSeconds(1));
            FakeTopology t = new FakeTopology(servers(1));
            m.bind(t, 1);
            t.failWith = new IllegalArgumentException("placement says no");
            src.sink.publish(v(2, 1, 2));
            assertThat(m.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(m.runningVersion()).isEqualTo(1);
            assertThat(t.servers).isEqualTo(servers(1));
            t.failWith = null;
            src.sink.publish(v(3, 1, 3));
            assertThat(m.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(m.runningVersion()).isEqualTo(3);
            assertThat(r.events).containsExactly("failed 2: placement says no", "applied 3 +1 -0");
        }
    }

    @Test
    void rejectionsAreReportedAndChangeNothing() throws Exception {
        HandSource src = new HandSource(v(1, 1));
        Recorder r = new Recorder();
        try (Membership m = Membership.start(src, r)) {
            m.first(Duration.ofSeconds(1));
            FakeTopology t = new FakeTopology(servers(1));
            m.bind(t, 1);
            src.sink.rejected("hand", "t.json:3:5: servers[0].port: must be 1..65535");
            assertThat(m.awaitIdle(Duration.ofSeconds(1))).isTrue();
            assertThat(t.replaced).isEmpty();
            assertThat(r.events).containsExactly("rejected hand: t.json:3:5: servers[0].port: must be 1..65535");
        }
    }

    @Test
    void closeClosesTheSourceStopsTheApplierAndIgnoresLaterVersions() throws Exception {
        HandSource src = new HandSource(v(1, 1));
        Recorder r = new Recorder();
        Membership m = Membership.start(src, r);
        m.first(Duration.ofSeconds(1));
        FakeTopology t = new FakeTopology(servers(1));
        m.bind(t, 1);
        m.close();
        m.close(); // idempotent
        assertThat(src.closed).isTrue();
        src.sink.publish(v(2, 1, 2));
        Thread.sleep(50);
        assertThat(t.replaced).isEmpty();
        assertThat(r.events).isEmpty();
        assertThat(m.isIdle()).as("a version published after close is dropped, not kept pending").isTrue();
        boolean alive = Thread.getAllStackTraces().keySet().stream()
                .anyMatch(th -> th.getName().equals("hashring-membership") && th.isAlive());
        assertThat(alive).as("applier thread still running").isFalse();
        assertThatThrownBy(() -> m.bind(t, 1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void noFirstVersionInTimeNamesTheSource() {
        HandSource src = new HandSource(null);
        try (Membership m = Membership.start(src, new MembershipListener() { })) {
            assertThatThrownBy(() -> m.first(Duration.ofMillis(50))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("hand").hasMessageContaining("no server list");
        }
    }

    @Test
    void versionsNeedServersAndUniqueIds() {
        assertThatThrownBy(() -> new MembershipVersion(1, List.of(), "s")).hasMessageContaining("no servers");
        assertThatThrownBy(() -> new MembershipVersion(1, servers(1, 1), "s")).hasMessageContaining("twice");
    }
}
