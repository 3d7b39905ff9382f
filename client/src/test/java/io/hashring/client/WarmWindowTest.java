package io.hashring.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashring.hash.interop.Server;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The warm-up window without servers: composition of changes, ends, the routing override and the delete/copy guard. */
class WarmWindowTest {

    private final ServerHealth health = new ServerHealth(EjectionPolicy.never());
    private final AtomicReference<RoutingSnapshot<String>> current = new AtomicReference<>();

    private RoutingSnapshot<String> snapshot(String... specs) {
        List<Server> servers = new ArrayList<>();
        for (String s : specs) {
            servers.add(Server.parse(s));
        }
        return RoutingSnapshot.of(Placement.defaults(), servers, s -> "conn-" + s.id(), health);
    }

    private WarmWindow<String> window(WarmMigration config) {
        return new WarmWindow<>(config, current::get);
    }

    /** A key whose owner differs between the two snapshots. */
    private static String movedKey(RoutingSnapshot<String> a, RoutingSnapshot<String> b) {
        for (int i = 0; i < 100_000; i++) {
            String k = "k" + i;
            if (!a.server(a.indexOf(k)).id().equals(b.server(b.indexOf(k)).id())) {
                return k;
            }
        }
        throw new AssertionError("no key moved");
    }

    @Test
    @DisplayName("settings are validated with the bad value named; off never opens a window")
    void settings() {
        assertThatThrownBy(() -> WarmMigration.of(Duration.ZERO)).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> WarmMigration.defaults().withCopyTtl(Duration.ofMillis(10))).hasMessageContaining("PT0.01S");
        assertThatThrownBy(() -> WarmMigration.defaults().withMissStreak(0)).hasMessageContaining("was 0");
        assertThat(WarmMigration.defaults().window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(WarmMigration.defaults().copyExpiry()).isEqualTo(300);
        WarmWindow<String> off = window(WarmMigration.off());
        RoutingSnapshot<String> s = snapshot("a:1", "b:1");
        current.set(s.adding(Server.parse("c:1"), "conn-c:1"));
        off.changed(s);
        assertThat(off.isOpen()).isFalse();
        assertThat(off.stats().windowsOpened()).isZero();
    }

    @Test
    @DisplayName("chained changes compose: a key's old servers are its owners under every warming snapshot, newest first, without its current owner")
    void chainedChangesCompose() {
        WarmWindow<String> w = window(WarmMigration.defaults());
        RoutingSnapshot<String> s0 = snapshot("a:1", "b:1", "c:1");
        RoutingSnapshot<String> s1 = s0.adding(Server.parse("d:1"), "conn-d:1");
        RoutingSnapshot<String> s2 = s1.adding(Server.parse("e:1"), "conn-e:1");
        current.set(s1);
        w.changed(s0);
        current.set(s2);
        w.changed(s1);
        assertThat(w.warming()).containsExactly(s1, s0);
        int checked = 0;
        for (int i = 0; i < 5000; i++) {
            String k = "key" + i;
            List<String> expected = new ArrayList<>();
            String owner = s2.server(s2.indexOf(k)).id();
            for (RoutingSnapshot<String> s : List.of(s1, s0)) {
                String id = s.server(s.indexOf(k)).id();
                if (!id.equals(owner) && !expected.contains(id)) {
                    expected.add(id);
                }
            }
            List<String> got = w.oldOwners(s2, k, true).stream().map(o -> o.server().id()).toList();
            assertThat(got).as("old servers of %s", k).isEqualTo(expected);
            checked += expected.isEmpty() ? 0 : 1;
        }
        assertThat(checked).as("keys with an old server").isGreaterThan(500);
    }

    @Test
    @DisplayName("a window ends after its duration and releases only servers no snapshot has")
    void expiryReleasesRemovedServers() throws InterruptedException {
        WarmWindow<String> w = window(WarmMigration.of(Duration.ofMillis(150)));
        List<String> released = new ArrayList<>();
        CountDownLatch once = new CountDownLatch(1);
        w.onRelease((server, conn) -> {
            synchronized (released) {
                released.add(server.id() + "=" + conn);
            }
            once.countDown();
        });
        RoutingSnapshot<String> s0 = snapshot("a:1", "b:1", "c:1");
        current.set(s0.removing("b:1"));
        w.changed(s0);
        assertThat(w.isOpen()).isTrue();
        assertThat(w.references("b:1")).isTrue();
        assertThat(once.await(5, TimeUnit.SECONDS)).as("released within 5 s of a 150 ms window").isTrue();
        assertThat(released).containsExactly("b:1=conn-b:1");
        assertThat(w.isOpen()).isFalse();
        assertThat(w.stats().lastEndReason()).contains("passed");
    }

    @Test
    @DisplayName("endWarmup and a streak of warm misses end every snapshot at once")
    void endsEarly() {
        WarmWindow<String> w = window(WarmMigration.defaults().withMissStreak(3));
        RoutingSnapshot<String> s0 = snapshot("a:1", "b:1");
        current.set(s0.adding(Server.parse("c:1"), "conn-c:1"));
        w.changed(s0);
        w.recordWarmRead(false);
        w.recordWarmRead(false);
        w.recordWarmRead(true); // a hit resets the streak
        w.recordWarmRead(false);
        w.recordWarmRead(false);
        assertThat(w.isOpen()).isTrue();
        w.recordWarmRead(false);
        assertThat(w.isOpen()).as("closed after 3 misses in a row").isFalse();
        assertThat(w.stats().lastEndReason()).isEqualTo("3 consecutive warm misses");
        w.changed(s0);
        w.endWarmup();
        assertThat(w.isOpen()).isFalse();
        assertThat(w.stats().windowsEnded()).isEqualTo(2);
    }

    @Test
    @DisplayName("the routing override is per thread and nests")
    @SuppressWarnings("try") // scopes are thread-local markers: their bodies never name them
    void overrideIsPerThread() throws InterruptedException {
        WarmWindow<String> w = window(WarmMigration.defaults());
        RoutingSnapshot<String> s0 = snapshot("a:1", "b:1");
        assertThat(w.override()).isNull();
        try (WarmWindow<String>.Scope outer = w.routeTo(s0)) {
            assertThat(w.override()).isSameAs(s0);
            try (WarmWindow<String>.Scope inner = w.internal()) {
                assertThat(w.override()).isNull();
                assertThat(w.inScope()).isTrue();
            }
            assertThat(w.override()).isSameAs(s0);
            AtomicReference<Object> other = new AtomicReference<>("unset");
            Thread t = new Thread(() -> other.set(w.override()));
            t.start();
            t.join();
            assertThat(other.get()).as("another thread's override").isNull();
        }
        assertThat(w.override()).isNull();
        assertThat(w.inScope()).isFalse();
    }

    @Test
    @DisplayName("the guard: no old read while a delete is in flight, no copy after a delete began, a delete waits for admitted copies")
    void deleteCopyGuard() throws InterruptedException {
        WarmWindow<String> w = window(WarmMigration.defaults());
        String key = "user:1";
        long token = w.readToken(key);
        assertThat(token).isGreaterThanOrEqualTo(0);
        w.beginDelete(key, 1000);
        assertThat(w.readToken(key)).as("token while the delete is in flight").isEqualTo(-1);
        assertThat(w.beginCopy(key, token)).as("copy of a value read before the delete began").isFalse();
        w.endDelete(key);
        long after = w.readToken(key);
        assertThat(after).isGreaterThan(token);
        assertThat(w.beginCopy(key, after)).isTrue();
        AtomicLong deleteStarted = new AtomicLong();
        AtomicLong deleteProceeded = new AtomicLong();
        Thread deleter = new Thread(() -> {
            deleteStarted.set(System.nanoTime());
            w.beginDelete(key, 5000);
            deleteProceeded.set(System.nanoTime());
        });
        deleter.start();
        Thread.sleep(200);
        assertThat(deleteProceeded.get()).as("the delete proceeded while a copy was admitted").isZero();
        long copyEnded = System.nanoTime();
        w.endCopy(key);
        deleter.join(5000);
        assertThat(deleteProceeded.get()).as("the delete proceeds after the copy ended").isGreaterThanOrEqualTo(copyEnded);
        w.endDelete(key);
    }

    @Test
    @DisplayName("readThrough returns an old server's value, copies it, and counts a failed old read as a miss")
    void readThrough() {
        WarmWindow<String> w = window(WarmMigration.defaults());
        RoutingSnapshot<String> s0 = snapshot("a:1", "b:1", "c:1");
        RoutingSnapshot<String> s1 = s0.adding(Server.parse("d:1"), "conn-d:1");
        current.set(s1);
        w.changed(s0);
        String k = movedKey(s0, s1);
        List<String> copied = new ArrayList<>();
        String v = w.readThrough(s1, k, o -> true, (o, key) -> "value-from-" + o.server().id(), (Map<String, String> values, int exp) -> {
            copied.addAll(values.keySet());
            assertThat(exp).isEqualTo(300);
            return List.copyOf(values.keySet());
        });
        assertThat(v).isEqualTo("value-from-" + s0.server(s0.indexOf(k)).id());
        assertThat(copied).containsExactly(k);
        String failed = w.readThrough(s1, k, o -> true, (o, key) -> {
            throw new IllegalStateException("old server down");
        }, (Map<String, String> values, int exp) -> List.<String>of());
        assertThat(failed).isNull();
        WarmStats st = w.stats();
        assertThat(st.warmHits()).isEqualTo(1);
        assertThat(st.warmMisses()).isEqualTo(1);
        assertThat(st.warmErrors()).isEqualTo(1);
        assertThat(st.copies()).isEqualTo(1);
        Collection<String> none = w.readThroughAll(s1, List.of(k), o -> false, (s, keys) -> Map.of(k, "x"),
                (values, exp) -> List.copyOf(values.keySet())).keySet();
        assertThat(none).as("hits from old servers that are not usable").isEmpty();
    }
}
