package io.hashring.client.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashring.hash.interop.Server;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcesTest {

    static final class Sink implements MembershipSink {
        final List<MembershipVersion> published = new CopyOnWriteArrayList<>();
        final List<String> rejected = new CopyOnWriteArrayList<>();

        @Override
        public void publish(MembershipVersion version) {
            published.add(version);
        }

        @Override
        public void rejected(String source, String reason) {
            rejected.add(source + " | " + reason);
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    /** Writes by rename, as config tools do: a poll never reads half a file (a half file would be rejected, then read whole). */
    static void write(Path file, String text) throws java.io.IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static String topology(int... ports) {
        StringBuilder b = new StringBuilder("{\n  \"servers\": [\n");
        for (int i = 0; i < ports.length; i++) {
            b.append("    {\"host\": \"127.0.0.1\", \"port\": ").append(ports[i]).append("}").append(i + 1 < ports.length ? ",\n" : "\n");
        }
        return b.append("  ]\n}\n").toString();
    }

    @Test
    void fileSourcePublishesEachNewContentAndRejectsABadOneWithLineAndField(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("cluster.json");
        write(f, topology(11211, 11212));
        Sink sink = new Sink();
        try (TopologyFileSource src = new TopologyFileSource(f, Duration.ofMillis(20))) {
            src.start(sink);
            assertThat(sink.published).as("first version before start returns").hasSize(1);
            assertThat(sink.published.get(0).version()).isEqualTo(1);
            assertThat(sink.published.get(0).servers()).extracting(Server::port).containsExactly(11211, 11212);

            write(f, "{\n  \"servers\": [\n    {\"host\": \"127.0.0.1\", \"port\": 0}\n  ]\n}\n");
            await(() -> !sink.rejected.isEmpty(), "rejection");
            assertThat(sink.rejected.get(0)).contains("file " + f, f + ":3:", "servers[0].port");

            write(f, topology(11211, 11212, 11213));
            await(() -> sink.published.size() == 2, "second version");
            assertThat(sink.published.get(1).version()).isEqualTo(2);
            assertThat(sink.published.get(1).servers()).hasSize(3);
            Thread.sleep(100);
            assertThat(sink.published).as("an unchanged file publishes nothing").hasSize(2);
            assertThat(sink.rejected).as("a bad content is reported once").hasSize(1);

            write(f, "{\"mode\": \"twemproxy-ketama\", \"servers\": [{\"host\": \"127.0.0.1\", \"port\": 1}]}");
            await(() -> sink.rejected.size() == 2, "mode change rejected");
            assertThat(sink.rejected.get(1)).contains("mode/hash", "restart");
        }
    }

    @Test
    void fileSourceCloseStopsPollingAndStartTwiceIsRefused(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.json");
        write(f, topology(1));
        Sink sink = new Sink();
        TopologyFileSource src = new TopologyFileSource(f, Duration.ofMillis(10));
        src.start(sink);
        assertThatThrownBy(() -> src.start(sink)).isInstanceOf(IllegalStateException.class).hasMessageContaining("already started");
        src.close();
        src.close();
        write(f, topology(1, 2));
        Thread.sleep(100);
        assertThat(sink.published).hasSize(1);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("hashring-membership-Topology") && t.isAlive());
        assertThatThrownBy(() -> new TopologyFileSource(f, Duration.ofMillis(1))).hasMessageContaining("at least");
    }

    @Test
    void dnsIdentityIsTheConfiguredNameSoAnAddressChangeKeepsTheId() throws Exception {
        Map<String, List<InetAddress>> zone = new ConcurrentHashMap<>();
        zone.put("cache-a.test", List.of(InetAddress.getByName("127.0.0.2")));
        zone.put("cache-b.test", List.of(InetAddress.getByName("127.0.0.3")));
        Sink sink = new Sink();
        try (DnsSource src = DnsSource.builder("a=cache-a.test:11211, cache-b.test:11212:3").interval(Duration.ofMillis(20))
                .resolver(h -> {
                    List<InetAddress> a = zone.get(h);
                    if (a == null) {
                        throw new UnknownHostException(h);
                    }
                    return a;
                }).build()) {
            src.start(sink);
            assertThat(sink.published).hasSize(1);
            assertThat(sink.published.get(0).servers()).containsExactly(new Server("127.0.0.2", 11211, 1, "a"),
                    new Server("127.0.0.3", 11212, 3, "cache-b.test:11212"));
            zone.put("cache-a.test", List.of(InetAddress.getByName("127.0.0.4")));
            await(() -> sink.published.size() == 2, "address change");
            MembershipVersion v2 = sink.published.get(1);
            assertThat(v2.version()).isEqualTo(2);
            assertThat(v2.servers()).extracting(Server::id).containsExactly("a", "cache-b.test:11212");
            assertThat(v2.servers().get(0).host()).isEqualTo("127.0.0.4");

            zone.remove("cache-b.test");
            await(() -> !sink.rejected.isEmpty(), "lookup failure reported");
            assertThat(sink.rejected.get(0)).contains("cache-b.test", "keeping their last addresses");
            Thread.sleep(100);
            assertThat(sink.published).as("a failed lookup keeps the last addresses").hasSize(2);
            assertThat(sink.rejected).as("reported once").hasSize(1);
        }
    }

    @Test
    void dnsMultiAddressNamesGiveOneServerPerAddressSortedAndStable() throws Exception {
        Map<String, List<InetAddress>> zone = new ConcurrentHashMap<>();
        zone.put("pool.test", List.of(InetAddress.getByName("127.0.0.9"), InetAddress.getByName("127.0.0.5")));
        Sink sink = new Sink();
        try (DnsSource src = DnsSource.builder("pool=pool.test:11211").allAddresses(true).interval(Duration.ofMillis(20))
                .resolver(zone::get).build()) {
            src.start(sink);
            assertThat(sink.published.get(0).servers()).extracting(Server::id).containsExactly("pool#127.0.0.5", "pool#127.0.0.9");
            zone.put("pool.test", List.of(InetAddress.getByName("127.0.0.5"), InetAddress.getByName("127.0.0.9")));
            Thread.sleep(100);
            assertThat(sink.published).as("a reordered answer is the same list").hasSize(1);
            zone.put("pool.test", List.of(InetAddress.getByName("127.0.0.9"), InetAddress.getByName("127.0.0.7"),
                    InetAddress.getByName("127.0.0.5")));
            await(() -> sink.published.size() == 2, "added address");
            assertThat(sink.published.get(1).servers()).extracting(Server::id)
                    .containsExactly("pool#127.0.0.5", "pool#127.0.0.7", "pool#127.0.0.9");
        }
    }

    @Test
    void dnsLookupsAreBoundedInTime() throws Exception {
        Sink sink = new Sink();
        try (DnsSource src = DnsSource.builder("slow.test:11211").lookupTimeout(Duration.ofMillis(50))
                .resolver(h -> {
                    try {
                        Thread.sleep(5_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return List.of(InetAddress.getByName("127.0.0.1"));
                }).build()) {
            long t0 = System.nanoTime();
            src.start(sink);
            assertThat(System.nanoTime() - t0).as("start returned before the slow lookup ended")
                    .isLessThan(TimeUnit.SECONDS.toNanos(4));
            assertThat(sink.published).isEmpty();
            assertThat(sink.rejected).singleElement().asString().contains("slow.test", "longer than", "nothing published yet");
        }
    }

    @Test
    void dnsDefaultResolverOnLocalhost() throws Exception {
        Sink sink = new Sink();
        try (DnsSource src = DnsSource.builder("local=localhost:11211").build()) {
            src.start(sink);
            assertThat(sink.published).hasSize(1);
            Server s = sink.published.get(0).servers().get(0);
            assertThat(s.id()).isEqualTo("local");
            assertThat(InetAddress.getByName(s.host().replace("[", "").replace("]", "")).isLoopbackAddress()).isTrue();
        }
    }

    @Test
    void dnsEntriesAreCheckedWithOneLineErrors() {
        assertThatThrownBy(() -> DnsSource.builder("a=x:1, a=y:2")).hasMessageContaining("'a' is configured twice");
        assertThatThrownBy(() -> DnsSource.builder("=x:1")).hasMessageContaining("empty id");
        assertThatThrownBy(() -> DnsSource.builder("x")).hasMessageContaining("malformed server spec 'x'");
        assertThatThrownBy(() -> DnsSource.builder(" ").build()).hasMessageContaining("at least one");
    }
}
