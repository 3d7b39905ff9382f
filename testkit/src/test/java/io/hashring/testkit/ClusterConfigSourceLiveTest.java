package io.hashring.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashring.client.membership.ClusterConfigSource;
import io.hashring.client.membership.MembershipSink;
import io.hashring.client.membership.MembershipVersion;
import io.hashring.hash.interop.Server;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ClusterConfigSource} against the testkit's configuration endpoint stand-in, whose node
 * list names real memcached servers. Until the client's applier exists, a recording sink checks
 * what the source publishes and rejects.
 */
@DisplayName("ClusterConfigSource polls a configuration endpoint naming real memcached servers")
@MemcachedNodes(count = 3)
@Timeout(120)
class ClusterConfigSourceLiveTest {

    static final Duration BOUND = Duration.ofSeconds(10);

    /** What a sink saw, in order: a version, or "rejected: reason". */
    static final class Recording implements MembershipSink {
        final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();

        @Override
        public void publish(MembershipVersion version) {
            events.add(version);
        }

        @Override
        public void rejected(String source, String reason) {
            events.add("rejected by " + source + ": " + reason);
        }

        Object next() throws InterruptedException {
            Object e = events.poll(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(e).as("an event within %s", BOUND).isNotNull();
            return e;
        }

        MembershipVersion nextVersion() throws InterruptedException {
            Object e = next();
            assertThat(e).as("the next event").isInstanceOf(MembershipVersion.class);
            return (MembershipVersion) e;
        }

        String nextRejection() throws InterruptedException {
            Object e = next();
            assertThat(e).as("the next event").isInstanceOf(String.class);
            return (String) e;
        }
    }

    static ClusterConfigSource source(ClusterConfigEndpoint e) {
        return ClusterConfigSource.builder(e.host(), e.port()).interval(Duration.ofMillis(20)).timeout(Duration.ofSeconds(2)).build();
    }

    /** Waits (bounded) until the endpoint has answered {@code n} more polls, so a version that is not published had its chance. */
    static void polls(ClusterConfigEndpoint e, int n) throws InterruptedException {
        long until = e.configRequests() + n;
        await(() -> e.configRequests() >= until, "the endpoint answered " + n + " more polls");
    }

    static void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("within %s: %s", BOUND, what).isNegative();
            Thread.sleep(5);
        }
    }

    static List<String> addresses(MembershipVersion v) {
        List<String> out = new ArrayList<>();
        for (Server s : v.servers()) {
            out.add(s.address());
        }
        return out;
    }

    @Test
    @DisplayName("the first version is published before start() returns, and its servers are the live memcached named")
    void firstVersionAtStart(MemcachedCluster cluster) throws Exception {
        try (ClusterConfigEndpoint e = ClusterConfigEndpoint.start(5, cluster.addresses().subList(0, 2));
                ClusterConfigSource source = source(e)) {
            Recording sink = new Recording();
            source.start(sink);
            assertThat(sink.events).as("events when start() returned").hasSize(1);
            MembershipVersion v = sink.nextVersion();
            assertThat(v.version()).isEqualTo(5);
            assertThat(v.source()).isEqualTo("cluster-config " + e.address()).isEqualTo(source.describe());
            assertThat(addresses(v)).containsExactlyElementsOf(cluster.addresses().subList(0, 2));
            for (Server s : v.servers()) {
                MemcachedServer live = cluster.server(s.address());
                live.set("probe", s.id());
                assertThat(live.get("probe")).as("a published server is a live memcached").isEqualTo(s.id());
            }
        }
    }

    @Test
    @DisplayName("each newer version is published once, in order; an older or equal one is ignored")
    void versionsInOrderOlderIgnored(MemcachedCluster cluster) throws Exception {
        List<String> all = cluster.addresses();
        try (ClusterConfigEndpoint e = ClusterConfigEndpoint.start(1, all.subList(0, 1)); ClusterConfigSource source = source(e)) {
            Recording sink = new Recording();
            source.start(sink);
            assertThat(sink.nextVersion().version()).isEqualTo(1);

            e.set(2, all);
            MembershipVersion two = sink.nextVersion();
            assertThat(two.version()).isEqualTo(2);
            assertThat(addresses(two)).containsExactlyElementsOf(all);

            e.set(1, all.subList(1, 3)); // a lagging endpoint: older, ignored
            polls(e, 5);
            e.set(2, all.subList(1, 3)); // same version again: ignored
            polls(e, 5);
            assertThat(sink.events).as("events after an older and an equal version").isEmpty();

            e.set(9, all.subList(1, 3));
            MembershipVersion nine = sink.nextVersion();
            assertThat(nine.version()).isEqualTo(9);
            assertThat(addresses(nine)).containsExactlyElementsOf(all.subList(1, 3));
        }
    }

    @Test
    @DisplayName("a malformed reply is rejected once with its reason, polling goes on, and the next good version is published")
    void malformedRejectedOnceThenRecovers(MemcachedCluster cluster) throws Exception {
        List<String> all = cluster.addresses();
        try (ClusterConfigEndpoint e = ClusterConfigEndpoint.start(1, all.subList(0, 1)); ClusterConfigSource source = source(e)) {
            Recording sink = new Recording();
            source.start(sink);
            sink.nextVersion();
            String who = "rejected by " + source.describe() + ": ";

            e.setData("2\n" + all.get(1).replace(':', '|') + "\n"); // host|port: no ip field
            assertThat(sink.nextRejection()).isEqualTo(who + "config version 2: node '" + all.get(1).replace(':', '|')
                    + "' is not host|ip|port");
            polls(e, 5);
            assertThat(sink.events).as("the same malformed reply, polled again").isEmpty();

            e.setRawReply("ERROR\r\n");
            assertThat(sink.nextRejection()).isEqualTo(who + "the endpoint answered 'ERROR' to 'config get cluster' "
                    + "(not a cluster configuration endpoint?)");

            e.set(3, List.of(all.get(0), all.get(0)));
            assertThat(sink.nextRejection()).isEqualTo(who + "version 3 lists server " + all.get(0) + " twice");

            e.set(4, all.subList(1, 3));
            MembershipVersion four = sink.nextVersion();
            assertThat(four.version()).isEqualTo(4);
            assertThat(addresses(four)).containsExactlyElementsOf(all.subList(1, 3));
        }
    }

    @Test
    @DisplayName("every poll closes its connection: none stays open on the endpoint between polls")
    void noConnectionLeft(MemcachedCluster cluster) throws Exception {
        try (ClusterConfigEndpoint e = ClusterConfigEndpoint.start(1, cluster.addresses())) {
            ClusterConfigSource source = source(e);
            try {
                source.start(new Recording());
                polls(e, 20);
            } finally {
                source.close();
            }
            await(() -> e.openConnections() == 0, "no connection open on the endpoint after 20 polls and close()");
            long after = e.configRequests();
            Thread.sleep(100);
            assertThat(e.configRequests()).as("polls after close()").isEqualTo(after);
        }
    }

    @Test
    @DisplayName("connectByIp: servers connect to the ip, the identity stays name:port, so an ip change keeps every id")
    void identityIsTheName(MemcachedCluster cluster) throws Exception {
        MemcachedServer a = cluster.server(0);
        MemcachedServer b = cluster.server(1);
        List<String> v1 = List.of("node-a.cache.test|" + a.host() + "|" + a.port(), "node-b.cache.test||" + b.port());
        try (ClusterConfigEndpoint e = ClusterConfigEndpoint.start(1, v1);
                ClusterConfigSource source = ClusterConfigSource.builder(e.host(), e.port()).interval(Duration.ofMillis(20))
                        .connectByIp(true).build()) {
            Recording sink = new Recording();
            source.start(sink);
            MembershipVersion one = sink.nextVersion();
            assertThat(one.servers()).extracting(Server::id).containsExactly("node-a.cache.test:" + a.port(), "node-b.cache.test:" + b.port());
            assertThat(one.servers()).extracting(Server::host).containsExactly(a.host(), "node-b.cache.test");

            e.set(2, List.of("node-a.cache.test|127.0.0.2|" + a.port(), "node-b.cache.test|" + b.host() + "|" + b.port()));
            MembershipVersion two = sink.nextVersion();
            assertThat(two.servers()).extracting(Server::id).containsExactlyElementsOf(one.servers().stream().map(Server::id).toList());
            assertThat(two.servers()).extracting(Server::host).containsExactly("127.0.0.2", b.host());
        }
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a poll without its read timeout would wait for ever
    @DisplayName("an endpoint that accepts but never answers is rejected as silent within the timeout; one that is gone, as unreachable")
    void silentAndGoneEndpoints() throws Exception {
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 5);
            Recording sink = new Recording();
            try (ClusterConfigSource source = ClusterConfigSource.builder(silent.getInetAddress().getHostAddress(), silent.getLocalPort())
                    .interval(Duration.ofMillis(20)).timeout(Duration.ofMillis(200)).build()) {
                source.start(sink);
                assertThat(sink.nextRejection()).contains(": no reply within 200 ms");
            }
        }
        int gone;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            gone = s.getLocalPort();
        }
        Recording sink = new Recording();
        try (ClusterConfigSource source = ClusterConfigSource.builder("127.0.0.1", gone).interval(Duration.ofMillis(20)).build()) {
            source.start(sink);
            assertThat(sink.nextRejection()).startsWith("rejected by cluster-config 127.0.0.1:" + gone + ": cannot read the endpoint: "
                    + "ConnectException");
        }
    }

    @Test
    @DisplayName("start twice or after close is refused; close is idempotent and ends the polling thread")
    void lifecycle(MemcachedCluster cluster) throws Exception {
        try (ClusterConfigEndpoint e = ClusterConfigEndpoint.start(1, cluster.addresses())) {
            ClusterConfigSource source = source(e);
            source.start(new Recording());
            assertThatThrownBy(() -> source.start(new Recording())).isInstanceOf(IllegalStateException.class)
                    .hasMessage(source.describe() + " was already started");
            source.close();
            source.close();
            String thread = "hashring-" + source.describe().replace(' ', '-');
            await(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals(thread) && t.isAlive()),
                    "the polling thread ended");
            assertThatThrownBy(() -> source.start(new Recording())).isInstanceOf(IllegalStateException.class)
                    .hasMessage(source.describe() + " is closed");
        }
        assertThatThrownBy(() -> ClusterConfigSource.builder("h", 1).interval(Duration.ZERO))
                .hasMessage("interval must be at least 1 ms, was PT0S");
        assertThatThrownBy(() -> ClusterConfigSource.builder(" ", 1)).hasMessage("configuration endpoint host is blank");
    }
}
