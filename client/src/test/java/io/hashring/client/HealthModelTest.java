package io.hashring.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Timeouts as failure signals, readmission by probe, health events, and the failover ledger, on a fake clock. */
class HealthModelTest {

    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong clock = new AtomicLong(7 * SECOND);
    private final List<String> events = new ArrayList<>();
    private final HealthListener recorder = new HealthListener() {
        @Override
        public void failure(String serverId, FailureKind kind, EjectionState state) {
            events.add("failure " + serverId + " " + kind);
        }

        @Override
        public void ejected(String serverId, FailureKind cause, Duration length) {
            events.add("ejected " + serverId + " " + cause + " " + length.toMillis() + "ms");
        }

        @Override
        public void readmitted(String serverId, Duration ejectedFor) {
            events.add("readmitted " + serverId + " after " + ejectedFor.toMillis() + "ms");
        }
    };

    private EjectionState state(boolean probe) {
        EjectionPolicy p = EjectionPolicy.builder().failureThreshold(3).ejectFor(Duration.ofSeconds(1))
                .timeoutWindow(Duration.ofSeconds(10)).readmitByProbe(probe).clock(clock::get).build();
        return new ServerHealth(p, List.of(recorder)).stateOf("a:1");
    }

    @Nested
    @DisplayName("operation timeouts")
    class Timeouts {
        @Test
        void k_timeouts_within_the_window_eject() {
            EjectionState s = state(true);
            s.recordFailure(FailureKind.TIMEOUT);
            clock.addAndGet(SECOND);
            s.recordFailure(FailureKind.TIMEOUT);
            assertThat(s.isEjected()).as("2 timeouts with K=3").isFalse();
            clock.addAndGet(SECOND);
            s.recordFailure(FailureKind.TIMEOUT);
            assertThat(s.isEjected()).as("3 timeouts within 10 s").isTrue();
            assertThat(s.failures(FailureKind.TIMEOUT)).isEqualTo(3);
            assertThat(events).containsExactly("failure a:1 TIMEOUT", "failure a:1 TIMEOUT", "failure a:1 TIMEOUT",
                    "ejected a:1 TIMEOUT 1000ms");
        }

        @Test
        void k_timeouts_spread_wider_than_the_window_do_not_eject() {
            EjectionState s = state(true);
            for (int i = 0; i < 10; i++) {
                s.recordFailure(FailureKind.TIMEOUT);
                clock.addAndGet(6 * SECOND); // 3 timeouts span 12 s > 10 s
            }
            assertThat(s.isEjected()).isFalse();
            assertThat(s.ejections()).isZero();
        }

        @Test
        void a_connection_established_does_not_forgive_timeouts() {
            EjectionState s = state(true);
            s.recordFailure(FailureKind.TIMEOUT);
            s.recordFailure(FailureKind.TIMEOUT);
            s.recordSuccess(); // a hung server keeps its connections: connecting proves nothing
            s.recordFailure(FailureKind.TIMEOUT);
            assertThat(s.isEjected()).isTrue();
        }

        @Test
        void timeouts_and_connection_failures_are_counted_apart() {
            EjectionState s = state(true);
            s.recordFailure(FailureKind.TIMEOUT);
            s.recordFailure(FailureKind.CONNECTION_LOST);
            s.recordFailure(FailureKind.TIMEOUT);
            s.recordFailure(FailureKind.CONNECT_FAILED);
            assertThat(s.isEjected()).as("2 timeouts and 2 connection failures: neither rule reached K=3").isFalse();
            s.recordFailure(FailureKind.CONNECT_FAILED);
            assertThat(s.isEjected()).isTrue();
        }
    }

    @Nested
    @DisplayName("readmission by probe")
    class Probing {
        @Test
        void an_ejected_server_stays_out_until_a_probe_succeeds() {
            EjectionState s = state(true);
            eject(s);
            assertThat(s.probeDue()).as("before T").isFalse();
            clock.addAndGet(SECOND);
            assertThat(s.isEjected()).as("T passed, no probe yet").isTrue();
            assertThat(s.probeDue()).isTrue();
            s.probeFailed();
            assertThat(s.isEjected()).isTrue();
            assertThat(s.probeDue()).as("next probe after another T").isFalse();
            clock.addAndGet(SECOND);
            assertThat(s.probeDue()).isTrue();
            s.readmit();
            assertThat(s.isEjected()).isFalse();
            assertThat(s.status()).isEqualTo(EjectionState.Status.PROBATION);
            assertThat(s.readmissions()).isEqualTo(1);
            assertThat(s.failures(FailureKind.PROBE_FAILED)).isEqualTo(1);
            assertThat(events).contains("readmitted a:1 after 2000ms");
        }

        @Test
        void one_failure_in_probation_ejects_again_for_longer() {
            EjectionState s = state(true);
            eject(s);
            clock.addAndGet(SECOND);
            s.readmit();
            s.recordFailure(FailureKind.TIMEOUT);
            assertThat(s.isEjected()).isTrue();
            assertThat(events.get(events.size() - 1)).isEqualTo("ejected a:1 TIMEOUT 2000ms");
        }

        @Test
        void the_timer_variant_readmits_without_a_probe() {
            EjectionState s = state(false);
            eject(s);
            assertThat(s.probeDue()).isFalse();
            clock.addAndGet(SECOND);
            assertThat(s.isEjected()).isFalse();
            assertThat(s.readmissions()).isEqualTo(1);
        }

        @Test
        void a_server_counts_as_connected_once_a_connection_was_established() {
            EjectionState s = state(true);
            assertThat(s.hasConnected()).isFalse();
            s.recordSuccess();
            assertThat(s.hasConnected()).isTrue();
        }

        @Test
        void eject_now_takes_a_server_out_until_its_probe() {
            EjectionState s = state(true);
            s.ejectNow(FailureKind.CONNECTION_LOST);
            assertThat(s.isEjected()).isTrue();
            s.ejectNow(FailureKind.CONNECTION_LOST);
            assertThat(s.ejections()).as("already ejected: no second ejection").isEqualTo(1);
            assertThat(state(false).isEjected()).isFalse();
            clock.addAndGet(SECOND);
            assertThat(s.probeDue()).as("probed after T").isTrue();
            s.readmit();
            s.ejectNow(FailureKind.CONNECTION_LOST);
            clock.addAndGet(SECOND);
            assertThat(s.probeDue()).as("again after T, not 2T: holding old values is no failure").isTrue();
        }

        private void eject(EjectionState s) {
            for (int i = 0; i < 3; i++) {
                s.recordFailure(FailureKind.CONNECT_FAILED);
            }
            assertThat(s.isEjected()).isTrue();
        }
    }

    @Nested
    @DisplayName("listeners")
    class Listeners {
        @Test
        void a_throwing_listener_never_fails_bookkeeping() {
            EjectionPolicy p = EjectionPolicy.builder().failureThreshold(1).clock(clock::get).build();
            EjectionState s = new ServerHealth(p, List.of(new HealthListener() {
                @Override
                public void failure(String serverId, FailureKind kind, EjectionState state) {
                    throw new IllegalStateException("listener bug");
                }
            }, recorder)).stateOf("b:2");
            s.recordFailure(FailureKind.CONNECTION_LOST);
            assertThat(s.isEjected()).isTrue();
            assertThat(events).contains("ejected b:2 CONNECTION_LOST 1000ms");
        }
    }

    @Nested
    @DisplayName("failover ledger and policy")
    class Ledger {
        @Test
        void keys_are_remembered_per_owner_with_where_they_landed() {
            FailoverLedger l = new FailoverLedger(FailoverPolicy.defaults());
            l.record("a", "k1", "b");
            l.record("a", "k2", "c");
            l.record("a", "k1", "b");
            FailoverLedger.Cleanup c = l.take("a");
            assertThat(c.flushOwner()).isFalse();
            assertThat(c.keys()).containsExactly("k1", "k2");
            assertThat(c.landedOn()).containsEntry("b", List.of("k1")).containsEntry("c", List.of("k2"));
            assertThat(l.hasEntries("a")).isFalse();
        }

        @Test
        void more_keys_than_remembered_flush_the_owner() {
            FailoverLedger l = new FailoverLedger(FailoverPolicy.of(Duration.ofSeconds(60), FailoverPolicy.OnReturn.INVALIDATE, 2));
            l.record("a", "k1", "b");
            l.record("a", "k2", "b");
            l.record("a", "k3", "b");
            FailoverLedger.Cleanup c = l.take("a");
            assertThat(c.flushOwner()).isTrue();
            assertThat(c.keys()).hasSize(2);
        }

        @Test
        void flush_on_return_remembers_no_keys() {
            FailoverLedger l = new FailoverLedger(FailoverPolicy.of(Duration.ofSeconds(60), FailoverPolicy.OnReturn.FLUSH, 100));
            l.record("a", "k1", "b");
            FailoverLedger.Cleanup c = l.take("a");
            assertThat(c.flushOwner()).isTrue();
            assertThat(c.keys()).isEmpty();
        }

        @Test
        void a_failed_cleanup_is_put_back() {
            FailoverLedger l = new FailoverLedger(FailoverPolicy.defaults());
            l.record("a", "k1", "b");
            l.restore("a", l.take("a"));
            assertThat(l.take("a").keys()).containsExactly("k1");
        }

        @Test
        void the_ttl_cap_applies_to_longer_and_unlimited_expirations_only() {
            FailoverPolicy p = FailoverPolicy.defaults();
            long now = 1_800_000_000L;
            assertThat(p.cappedExpiration(0, now)).as("never expires").isEqualTo(60);
            assertThat(p.cappedExpiration(3600, now)).isEqualTo(60);
            assertThat(p.cappedExpiration(30, now)).as("already shorter").isEqualTo(-1);
            assertThat(p.cappedExpiration(now + 10, now)).as("absolute, 10 s away").isEqualTo(-1);
            assertThat(p.cappedExpiration(now + 7200, now)).as("absolute, 2 h away").isEqualTo(60);
        }

        @Test
        void bad_policies_name_the_bad_value() {
            assertThatThrownBy(() -> FailoverPolicy.of(Duration.ZERO, FailoverPolicy.OnReturn.FLUSH, 1))
                    .hasMessageContaining("PT0S");
            assertThatThrownBy(() -> FailoverPolicy.of(Duration.ofDays(31), FailoverPolicy.OnReturn.FLUSH, 1))
                    .hasMessageContaining("PT744H");
            assertThatThrownBy(() -> FailoverPolicy.of(Duration.ofSeconds(1), FailoverPolicy.OnReturn.FLUSH, -1))
                    .hasMessageContaining("-1");
            assertThatThrownBy(() -> EjectionPolicy.builder().timeoutWindow(Duration.ZERO)).hasMessageContaining("PT0S");
        }

        @Test
        void dropped_writes_are_cleaned_on_the_owner_only() {
            FailoverLedger l = new FailoverLedger(FailoverPolicy.missWhileEjected());
            l.recordDropped("a", "k1");
            l.recordDropped("a", "k2");
            l.recordDropped("a", "k1");
            FailoverLedger.Cleanup c = l.take("a");
            assertThat(c.flushOwner()).isFalse();
            assertThat(c.keys()).containsExactly("k1", "k2");
            assertThat(c.landedOn()).as("nothing was written elsewhere").isEmpty();
            l.recordDropped("a", "k3");
            l.restore("a", l.take("a"));
            assertThat(l.take("a").keys()).as("a failed cleanup is put back").containsExactly("k3");
        }

        @Test
        void miss_policies_keep_flush_or_invalidate_on_return() {
            FailoverLedger keep = new FailoverLedger(FailoverPolicy.missWhileEjected(FailoverPolicy.OnReturn.KEEP, 10));
            keep.recordDropped("a", "k1");
            assertThat(keep.hasEntries("a")).as("KEEP remembers nothing").isFalse();
            FailoverLedger flush = new FailoverLedger(FailoverPolicy.missWhileEjected(FailoverPolicy.OnReturn.FLUSH, 10));
            flush.recordDropped("a", "k1");
            assertThat(flush.take("a").flushOwner()).isTrue();
            FailoverLedger small = new FailoverLedger(FailoverPolicy.missWhileEjected(FailoverPolicy.OnReturn.INVALIDATE, 1));
            small.recordDropped("a", "k1");
            small.recordDropped("a", "k2");
            assertThat(small.take("a").flushOwner()).as("more dropped keys than remembered").isTrue();
            assertThat(FailoverPolicy.missWhileEjected().missesWhileEjected()).isTrue();
            assertThat(FailoverPolicy.defaults().missesWhileEjected()).isFalse();
            assertThatThrownBy(() -> FailoverPolicy.of(Duration.ofSeconds(60), FailoverPolicy.OnReturn.KEEP, 10))
                    .hasMessageContaining("KEEP is only for missWhileEjected");
        }

        @Test
        void only_an_ejected_owner_under_the_miss_policy_drops() {
            List<io.hashring.hash.interop.Server> servers = List.of(io.hashring.hash.interop.Server.parse("10.0.0.1:11211"),
                    io.hashring.hash.interop.Server.parse("10.0.0.2:11211"));
            RoutingSnapshot<String> s = RoutingSnapshot.of(Placement.defaults(), servers, srv -> srv.id(),
                    new ServerHealth(EjectionPolicy.defaults()));
            FailoverLedger miss = new FailoverLedger(FailoverPolicy.missWhileEjected());
            FailoverLedger failover = new FailoverLedger(FailoverPolicy.defaults());
            String key = "some-key";
            int owner = s.indexOf(key);
            assertThat(MissWhileEjected.droppedOwner(s, miss, key, i -> true)).as("owner healthy").isEqualTo(-1);
            assertThat(MissWhileEjected.droppedOwner(s, miss, key, i -> i != owner)).as("owner not connected").isEqualTo(owner);
            s.health(owner).ejectNow(FailureKind.CONNECTION_LOST);
            assertThat(MissWhileEjected.droppedOwner(s, miss, key, i -> true)).as("owner ejected").isEqualTo(owner);
            assertThat(MissWhileEjected.droppedOwner(s, failover, key, i -> true)).as("failover policy").isEqualTo(-1);
            MissWhileEjected.dropped(s, miss, owner, key, false);
            assertThat(miss.hasEntries(servers.get(owner).id())).as("a dropped read is not remembered").isFalse();
            MissWhileEjected.dropped(s, miss, owner, key, true);
            assertThat(miss.take(servers.get(owner).id()).keys()).containsExactly(key);
        }
    }
}
